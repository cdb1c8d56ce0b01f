// MSER-5 truncation, batch-means intervals and the Student-t quantile they use.
#include "poolscope/confidence.h"

#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace poolscope {

double t_quantile_975(int dof) {
  // t(0.975, ν) for ν = 1..30, to four decimals (any statistics table).
  static constexpr std::array<double, 30> table = {
      12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
      2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
      2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
  if (dof < 1) return std::numeric_limits<double>::infinity();
  if (dof <= 30) return table[static_cast<std::size_t>(dof - 1)];
  // Cornish-Fisher expansion of t in powers of 1/ν around the normal quantile.
  const double z = 1.959963984540054;
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  const double v = dof;
  return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
}

Truncation mser5(std::span<const double> series) {
  Truncation out;
  const std::size_t m = series.size() / 5;  // a partial last batch is left out
  if (m < kMserMinBatches) {
    out.reason = "too few observations for MSER-5: " + std::to_string(series.size()) +
                 ", need at least " + std::to_string(kMserMinBatches * 5);
    return out;
  }
  std::vector<double> z(m);
  for (std::size_t j = 0; j < m; ++j) {
    double s = 0;
    for (std::size_t i = 0; i < 5; ++i) s += series[5 * j + i];
    z[j] = s / 5.0;
  }
  // Suffix mean and sum of squared deviations by Welford's update, from the end: stable, and
  // exactly 0 for a constant tail (so a constant series keeps d = 0).
  std::vector<double> sse(m + 1, 0.0);
  double mean = 0.0, m2 = 0.0;
  for (std::size_t k = 1; k <= m; ++k) {
    const double x = z[m - k];
    const double delta = x - mean;
    mean += delta / double(k);
    m2 += delta * (x - mean);
    sse[m - k] = m2;
  }
  std::size_t best_d = 0;
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t d = 0; d <= m / 2; ++d) {
    const double left = double(m - d);
    const double stat = sse[d] / (left * left);
    if (stat < best) {
      best = stat;
      best_d = d;
    }
  }
  out.valid = true;
  out.drop = best_d * 5;
  return out;
}

namespace {

Interval interval_from_batches(const std::vector<double>& means) {
  Interval out;
  const int k = static_cast<int>(means.size());
  out.batches = k;
  if (k < kMinBatches) {
    out.reason = "too little data: " + std::to_string(k) + " batches, need at least " +
                 std::to_string(kMinBatches);
    return out;
  }
  double mean = 0.0;
  for (double x : means) mean += x;
  mean /= k;
  double ss = 0.0;
  for (double x : means) ss += (x - mean) * (x - mean);
  const double se = std::sqrt(ss / (k - 1) / k);
  out.valid = true;
  out.mean = mean;
  out.half_width = t_quantile_975(k - 1) * se;
  out.lo = mean - out.half_width;
  out.hi = mean + out.half_width;
  return out;
}

}  // namespace

Interval batch_means_ci(std::span<const double> series, int max_batches) {
  const std::size_t n = series.size();
  const std::size_t k =
      std::min<std::size_t>(static_cast<std::size_t>(std::max(1, max_batches)), n);
  if (n < static_cast<std::size_t>(kMinBatches)) {
    Interval out;
    out.reason = "too little data: " + std::to_string(n) + " observations, need at least " +
                 std::to_string(kMinBatches);
    return out;
  }
  const std::size_t b = n / k;
  const std::size_t first = n - k * b;
  std::vector<double> means(k);
  for (std::size_t j = 0; j < k; ++j) {
    double s = 0.0;
    for (std::size_t i = 0; i < b; ++i) s += series[first + j * b + i];
    means[j] = s / double(b);
  }
  return interval_from_batches(means);
}

Interval batch_ratio_ci(std::span<const double> sums, std::span<const double> counts,
                        int max_batches) {
  const std::size_t n = std::min(sums.size(), counts.size());
  const std::size_t k =
      std::min<std::size_t>(static_cast<std::size_t>(std::max(1, max_batches)), n);
  std::vector<double> means;
  if (k > 0) {
    const std::size_t b = n / k;
    const std::size_t first = n - k * b;
    for (std::size_t j = 0; j < k; ++j) {
      double s = 0.0, c = 0.0;
      for (std::size_t i = 0; i < b; ++i) {
        s += sums[first + j * b + i];
        c += counts[first + j * b + i];
      }
      if (c > 0) means.push_back(s / c);
    }
  }
  return interval_from_batches(means);
}

}  // namespace poolscope
