// LogHistogram: a log-bucketed histogram of non-negative nanosecond values (about 3% relative
// precision), so percentiles of millions of samples need no sorting and no growing memory.
//
// One writer, any number of readers: record() is lock-free and allocation-free (relaxed stores,
// no read-modify-write on the hot path); merge_into() may run concurrently from another thread.
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstdint>

#include "poolscope/summary.h"

namespace poolscope {

// A plain (non-atomic) histogram for merging and querying.
class HistogramData {
 public:
  static constexpr int sub_bits = 5;  // 32 sub-buckets per power of two: <= 1.6% error
  static constexpr int sub_count = 1 << sub_bits;
  static constexpr int bucket_count = (64 - sub_bits + 1) * sub_count;

  // Values below sub_count map to themselves; above, each power of two is split into sub_count
  // equal buckets (HDR-histogram style), so the relative bucket width is at most 1/sub_count.
  // Inline: it runs several times per job on the hot path.
  static int bucket_of(std::uint64_t v) {
    if (v < sub_count) return static_cast<int>(v);
    const int msb = 63 - std::countl_zero(v);
    const int shift = msb - sub_bits;
    const int sub = static_cast<int>((v >> shift) & (sub_count - 1));
    return (shift + 1) * sub_count + sub;
  }
  static std::uint64_t bucket_low(int b);
  static std::uint64_t bucket_mid(int b);

  void add(std::uint64_t v, std::uint64_t n = 1);
  void merge(const HistogramData& other);
  std::uint64_t count() const { return count_; }
  double mean() const { return count_ ? double(sum_) / double(count_) : 0.0; }
  std::uint64_t max() const { return max_; }
  std::uint64_t min() const { return count_ ? min_ : 0; }
  double quantile(double q) const;      // 0 <= q <= 1
  Summary summary(double scale) const;  // values divided by scale (1e6: ns -> ms)
  void clear() { *this = HistogramData{}; }
  // The samples in this histogram and not in `part`, bucket-wise: the samples recorded since an
  // earlier copy, or all jobs minus a class of them. Max and min stay this histogram's.
  HistogramData without(const HistogramData& part) const;

  std::array<std::uint64_t, bucket_count> buckets{};
  std::uint64_t count_ = 0;
  std::uint64_t sum_ = 0;
  std::uint64_t max_ = 0;
  std::uint64_t min_ = UINT64_MAX;
};

class LogHistogram {
 public:
  void record(std::uint64_t v) noexcept {
    const int b = HistogramData::bucket_of(v);
    bump(buckets_[static_cast<std::size_t>(b)], 1);
    bump(sum_, v);
    if (v > max_.load(std::memory_order_relaxed)) max_.store(v, std::memory_order_relaxed);
    if (v < min_.load(std::memory_order_relaxed)) min_.store(v, std::memory_order_relaxed);
  }
  // The count is the buckets' total (no separate counter to bump on the hot path).
  void merge_into(HistogramData& out) const;

 private:
  static void bump(std::atomic<std::uint64_t>& a, std::uint64_t d) noexcept {
    a.store(a.load(std::memory_order_relaxed) + d, std::memory_order_relaxed);
  }
  std::array<std::atomic<std::uint64_t>, HistogramData::bucket_count> buckets_{};
  std::atomic<std::uint64_t> sum_{0};
  std::atomic<std::uint64_t> max_{0};
  std::atomic<std::uint64_t> min_{UINT64_MAX};
};

// A single-writer counter that readers on other threads may read at any time.
class LaneCounter {
 public:
  void add(std::uint64_t d = 1) noexcept {
    v_.store(v_.load(std::memory_order_relaxed) + d, std::memory_order_relaxed);
  }
  void set_max(std::uint64_t v) noexcept {
    if (v > get()) v_.store(v, std::memory_order_relaxed);
  }
  std::uint64_t get() const noexcept { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> v_{0};
};

}  // namespace poolscope
