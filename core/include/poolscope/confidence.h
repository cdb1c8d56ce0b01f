// Confidence for steady-state means: MSER-5 warm-up truncation and batch-means 95% intervals.
//
// - mser5(): White's MSER rule on batches of 5 observations: the truncation point that minimises
//   the standard error of the mean of what remains, searched over the first half of the series.
// - batch_means_ci(): the series cut into equal, non-overlapping batches whose means are taken
//   as roughly independent and normal; a Student-t interval on their grand mean.
// - batch_ratio_ci(): the same for a mean of per-item values gathered in time bins (sum and count
//   per bin): each batch's value is its sum over its count.
// - agrees(): the rule every model comparison uses: a prediction agrees with a measurement only
//   when it lies inside the measured interval.
//
// Every function is pure and thread-safe. Too little data gives a result with valid = false and
// a reason, never NaN.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace poolscope {

// The two-sided 95% Student-t quantile t(0.975, dof): exact table values for dof 1..30 (the
// batch counts used here), a Cornish-Fisher expansion beyond (error < 1e-4), so no statistics
// library is needed. dof < 1 gives +infinity (no interval).
double t_quantile_975(int dof);

struct Truncation {
  bool valid = false;
  std::size_t drop = 0;  // observations to drop from the start (a multiple of 5)
  std::string reason;    // why not valid
};

// Batches of 5 needed before MSER-5 says anything (10 batches: 50 observations).
inline constexpr std::size_t kMserMinBatches = 10;

// MSER-5 over `series` (observations in time order, equally spaced). Ties keep the earliest
// truncation, so a series with no transient (a constant one, say) drops nothing.
Truncation mser5(std::span<const double> series);

struct Interval {
  bool valid = false;
  double mean = 0.0;  // the grand mean of the batch means
  double lo = 0.0, hi = 0.0;
  double half_width = 0.0;
  int batches = 0;
  std::string reason;  // why not valid
  bool contains(double v) const { return valid && v >= lo && v <= hi; }
};

// Fewest batches an interval is built from; most batches used (more batches of fewer
// observations each are more correlated, which makes the interval too narrow).
inline constexpr int kMinBatches = 10;
inline constexpr int kMaxBatches = 20;

// A 95% interval for the mean of `series` by batch means, with min(kMaxBatches, n) batches of
// n / batches observations (the leftover first observations are dropped, being nearest the
// warm-up). Fewer than kMinBatches observations: not valid.
Interval batch_means_ci(std::span<const double> series, int max_batches = kMaxBatches);

// The same for a mean of per-item values, given per-bin sums and counts (equal spans). A batch
// with no items is left out; fewer than kMinBatches batches with items: not valid.
Interval batch_ratio_ci(std::span<const double> sums, std::span<const double> counts,
                        int max_batches = kMaxBatches);

// A model agrees with a measurement only when its prediction lies inside the measured interval.
// An invalid interval (too little data) agrees with nothing.
inline bool agrees(const Interval& measured, double predicted) {
  return measured.contains(predicted);
}

}  // namespace poolscope
