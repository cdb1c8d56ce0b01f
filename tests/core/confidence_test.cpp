// MSER-5 truncation and batch-means intervals against series whose truth is known: i.i.d.
// normal and AR(1) series with a known mean, a series with an obvious start-up transient, a
// constant series and series too short to say anything.
#include "poolscope/confidence.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace poolscope {
namespace {

std::vector<double> normal_series(std::size_t n, double mean, double sd, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> d(mean, sd);
  std::vector<double> v(n);
  for (double& x : v) x = d(rng);
  return v;
}

// x[i] = mean + φ (x[i-1] - mean) + e, started at the stationary distribution (no transient).
std::vector<double> ar1_series(std::size_t n, double mean, double phi, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> e(0.0, 1.0);
  std::vector<double> v(n);
  double x = mean + e(rng) / std::sqrt(1 - phi * phi);
  for (double& out : v) {
    x = mean + phi * (x - mean) + e(rng);
    out = x;
  }
  return v;
}

TEST(StudentT, TableAndExpansion) {
  EXPECT_NEAR(t_quantile_975(1), 12.706, 1e-3);
  EXPECT_NEAR(t_quantile_975(9), 2.262, 1e-3);
  EXPECT_NEAR(t_quantile_975(19), 2.093, 1e-3);
  // Beyond the table the expansion takes over; published values for 40, 60 and 120.
  EXPECT_NEAR(t_quantile_975(40), 2.0211, 2e-4);
  EXPECT_NEAR(t_quantile_975(60), 2.0003, 2e-4);
  EXPECT_NEAR(t_quantile_975(120), 1.9799, 2e-4);
  // The expansion meets the table's last entry.
  EXPECT_NEAR(t_quantile_975(31), 2.0395, 2e-4);
  EXPECT_TRUE(std::isinf(t_quantile_975(0)));
}

TEST(BatchMeans, IidNormalCoversTheMeanAboutNinetyFivePercentOfTheTime) {
  int covered = 0;
  constexpr int reps = 400;
  for (int r = 0; r < reps; ++r) {
    const auto v = normal_series(2000, 5.0, 1.0, 1000 + std::uint64_t(r));
    const Interval ci = batch_means_ci(v);
    ASSERT_TRUE(ci.valid);
    ASSERT_EQ(ci.batches, kMaxBatches);
    if (ci.contains(5.0)) ++covered;
  }
  // Binomial(400, 0.95): mean 380, sd 4.4.
  EXPECT_GE(covered, 365);
  EXPECT_LE(covered, 395);
}

TEST(BatchMeans, Ar1CoversTheMeanWhenBatchesAreLongerThanTheCorrelation) {
  int covered = 0;
  constexpr int reps = 200;
  for (int r = 0; r < reps; ++r) {
    const auto v = ar1_series(20000, 10.0, 0.7, 77 + std::uint64_t(r));
    if (batch_means_ci(v).contains(10.0)) ++covered;
  }
  EXPECT_GE(covered, 180);  // 90%: batches of 1000 against a correlation time of about 3
}

TEST(BatchMeans, Ar1IntervalIsWiderThanTheNaiveIidOne) {
  // Positive correlation makes each batch mean vary more than 1/sqrt(n) suggests: the interval
  // must reflect it (a naive standard error would be too narrow by about sqrt((1+φ)/(1-φ))).
  const auto v = ar1_series(20000, 0.0, 0.7, 5);
  const Interval ci = batch_means_ci(v);
  double mean = 0, ss = 0;
  for (double x : v) mean += x;
  mean /= double(v.size());
  for (double x : v) ss += (x - mean) * (x - mean);
  const double naive = 1.96 * std::sqrt(ss / double(v.size() - 1) / double(v.size()));
  EXPECT_GT(ci.half_width, 1.8 * naive);
}

TEST(BatchMeans, WidthShrinksAsOneOverSqrtN) {
  double small = 0, large = 0;
  for (int r = 0; r < 50; ++r) {
    small += batch_means_ci(normal_series(4000, 0.0, 1.0, 9000 + std::uint64_t(r))).half_width;
    large += batch_means_ci(normal_series(16000, 0.0, 1.0, 7000 + std::uint64_t(r))).half_width;
  }
  EXPECT_NEAR(small / large, 2.0, 0.25);  // 4x the data, half the width
}

TEST(BatchMeans, ConstantSeriesHasAZeroWidthIntervalAtTheValue) {
  const std::vector<double> v(500, 3.25);
  const Interval ci = batch_means_ci(v);
  ASSERT_TRUE(ci.valid);
  EXPECT_DOUBLE_EQ(ci.lo, 3.25);
  EXPECT_DOUBLE_EQ(ci.hi, 3.25);
  EXPECT_TRUE(agrees(ci, 3.25));
  EXPECT_FALSE(agrees(ci, 3.26));
}

TEST(BatchMeans, TooShortSaysSoInsteadOfNaN) {
  const std::vector<double> v = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const Interval ci = batch_means_ci(v);
  EXPECT_FALSE(ci.valid);
  EXPECT_NE(ci.reason.find("too little data"), std::string::npos) << ci.reason;
  EXPECT_TRUE(std::isfinite(ci.lo) && std::isfinite(ci.hi) && std::isfinite(ci.mean));
  EXPECT_FALSE(agrees(ci, ci.mean));  // no interval agrees with nothing
  EXPECT_FALSE(batch_means_ci(std::vector<double>{}).valid);
  EXPECT_TRUE(batch_means_ci(std::vector<double>(10, 1.0)).valid);  // the boundary
}

TEST(BatchRatio, WeighsItemsNotBins) {
  // 20 bins; even bins hold 3 items of value 1 (sum 3), odd bins 1 item of value 5 (sum 5).
  // With one bin per batch the batch values alternate 1 and 5; with two bins per batch each
  // batch's value is 8/4 = 2 (the item mean), not 3 (the mean of bin means).
  std::vector<double> sums, counts;
  for (int i = 0; i < 40; ++i) {
    sums.push_back(i % 2 == 0 ? 3.0 : 5.0);
    counts.push_back(i % 2 == 0 ? 3.0 : 1.0);
  }
  const Interval ci = batch_ratio_ci(sums, counts);
  ASSERT_TRUE(ci.valid);
  EXPECT_DOUBLE_EQ(ci.mean, 2.0);
  EXPECT_DOUBLE_EQ(ci.half_width, 0.0);
}

TEST(BatchRatio, BatchesWithoutItemsAreLeftOut) {
  std::vector<double> sums(20, 2.0), counts(20, 1.0);
  for (int i = 0; i < 20; i += 2) sums[std::size_t(i)] = counts[std::size_t(i)] = 0.0;
  const Interval ci = batch_ratio_ci(sums, counts);
  ASSERT_TRUE(ci.valid);  // 10 batches with items: just enough
  EXPECT_EQ(ci.batches, 10);
  EXPECT_DOUBLE_EQ(ci.mean, 2.0);
  counts[1] = sums[1] = 0.0;
  EXPECT_FALSE(batch_ratio_ci(sums, counts).valid);  // 9 left
}

TEST(Mser5, CutsAnObviousTransient) {
  // Level 10 with noise, after a start 20 higher that decays linearly to 0 over 300 observations.
  auto v = normal_series(3000, 10.0, 1.0, 42);
  for (std::size_t i = 0; i < 300; ++i) v[i] += 20.0 * (1.0 - double(i) / 300.0);
  const Truncation t = mser5(v);
  ASSERT_TRUE(t.valid);
  EXPECT_EQ(t.drop % 5, 0u);
  EXPECT_GE(t.drop, 200u);
  EXPECT_LE(t.drop, 350u);
}

TEST(Mser5, CutsAStepAndLeavesAnUnbiasedMean) {
  // 300 observations 5 above the steady level 10: the cut lands at the step.
  auto v = normal_series(6000, 10.0, 1.0, 43);
  for (std::size_t i = 0; i < 300; ++i) v[i] += 5.0;
  const Truncation t = mser5(v);
  ASSERT_TRUE(t.valid);
  EXPECT_GE(t.drop, 295u);
  EXPECT_LE(t.drop, 320u);
  const Interval cut = batch_means_ci(std::span<const double>(v).subspan(t.drop));
  EXPECT_TRUE(cut.contains(10.0)) << cut.lo << " " << cut.hi;
  // Without the cut the mean is biased by a quarter.
  EXPECT_GT(batch_means_ci(v).mean, 10.2);
}

TEST(Mser5, KeepsEverythingOfAStationarySeries) {
  const auto v = normal_series(2000, 0.0, 1.0, 3);
  const Truncation t = mser5(v);
  ASSERT_TRUE(t.valid);
  EXPECT_LE(t.drop, 200u);  // at most a little, by chance; never a large share
}

TEST(Mser5, ConstantSeriesDropsNothing) {
  const Truncation t = mser5(std::vector<double>(1000, 7.5));
  ASSERT_TRUE(t.valid);
  EXPECT_EQ(t.drop, 0u);
}

TEST(Mser5, SearchesOnlyTheFirstHalf) {
  // A series that only settles in its second half: MSER may not cut more than half of it.
  std::vector<double> v(1000);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = i < 800 ? double(i) : 800.0;
  const Truncation t = mser5(v);
  ASSERT_TRUE(t.valid);
  EXPECT_LE(t.drop, 500u);
}

TEST(Mser5, TooShortIsNotEnoughData) {
  const Truncation t = mser5(std::vector<double>(49, 1.0));
  EXPECT_FALSE(t.valid);
  EXPECT_NE(t.reason.find("too few"), std::string::npos) << t.reason;
  EXPECT_TRUE(mser5(std::vector<double>(50, 1.0)).valid);
}

}  // namespace
}  // namespace poolscope
