// LogHistogram and HistogramData: bucket bounds, merging, quantiles and summaries.
#include "histogram.h"

#include <algorithm>
#include <bit>

namespace poolscope {

std::uint64_t HistogramData::bucket_low(int b) {
  if (b < sub_count) return static_cast<std::uint64_t>(b);
  const int shift = b / sub_count - 1;
  const std::uint64_t sub = static_cast<std::uint64_t>(b % sub_count);
  return (std::uint64_t{sub_count} + sub) << shift;
}

std::uint64_t HistogramData::bucket_mid(int b) {
  if (b < sub_count) return static_cast<std::uint64_t>(b);
  const int shift = b / sub_count - 1;
  return bucket_low(b) + ((std::uint64_t{1} << shift) >> 1);
}

void HistogramData::add(std::uint64_t v, std::uint64_t n) {
  buckets[static_cast<std::size_t>(bucket_of(v))] += n;
  count_ += n;
  sum_ += v * n;
  max_ = std::max(max_, v);
  min_ = std::min(min_, v);
}

void HistogramData::merge(const HistogramData& other) {
  for (std::size_t i = 0; i < buckets.size(); ++i) buckets[i] += other.buckets[i];
  count_ += other.count_;
  sum_ += other.sum_;
  max_ = std::max(max_, other.max_);
  min_ = std::min(min_, other.min_);
}

double HistogramData::quantile(double q) const {
  if (count_ == 0) return 0.0;
  const auto rank = static_cast<std::uint64_t>(std::max(1.0, q * static_cast<double>(count_)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    seen += buckets[i];
    if (seen >= rank) {
      // Interpolate within the bucket, and never report beyond the observed min and max.
      const auto b = static_cast<int>(i);
      const double lo = double(bucket_low(b));
      const double width =
          double(bucket_of(UINT64_MAX) == b ? 0 : bucket_low(b + 1) - bucket_low(b));
      const double before = double(seen - buckets[i]);
      const double frac = (double(rank) - before) / double(buckets[i]);
      const double v = lo + width * std::clamp(frac, 0.0, 1.0);
      return std::clamp(v, double(min()), double(max_));
    }
  }
  return static_cast<double>(max_);
}

Summary HistogramData::summary(double scale) const {
  Summary s;
  s.count = count_;
  if (count_ == 0) return s;
  s.mean = mean() / scale;
  s.p50 = quantile(0.50) / scale;
  s.p95 = quantile(0.95) / scale;
  s.p99 = quantile(0.99) / scale;
  s.max = static_cast<double>(max_) / scale;
  return s;
}

void LogHistogram::merge_into(HistogramData& out) const {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    const std::uint64_t c = buckets_[i].load(std::memory_order_relaxed);
    out.buckets[i] += c;
    n += c;
  }
  // Buckets are read after a concurrent record() may have bumped only some fields; the bucket
  // total is the consistent count.
  out.count_ += n;
  out.sum_ += sum_.load(std::memory_order_relaxed);
  out.max_ = std::max(out.max_, max_.load(std::memory_order_relaxed));
  out.min_ = std::min(out.min_, min_.load(std::memory_order_relaxed));
}

HistogramData HistogramData::without(const HistogramData& part) const {
  auto minus = [](std::uint64_t a, std::uint64_t b) { return a >= b ? a - b : 0; };
  HistogramData d;
  for (std::size_t i = 0; i < d.buckets.size(); ++i)
    d.buckets[i] = minus(buckets[i], part.buckets[i]);
  d.count_ = minus(count_, part.count_);
  d.sum_ = minus(sum_, part.sum_);
  d.max_ = max_;
  d.min_ = min_;
  return d;
}

}  // namespace poolscope
