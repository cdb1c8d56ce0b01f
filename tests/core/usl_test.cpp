// Universal Scalability Law fit: recovers known coefficients from synthetic noisy series and
// reproduces the coefficients R's `usl` package publishes for its data sets.
#include "poolscope/usl.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "poolscope/sweep_fit.h"

namespace poolscope {
namespace {

double usl_x(double alpha, double beta, double gamma, double n) {
  return gamma * n / (1.0 + alpha * (n - 1.0) + beta * n * (n - 1.0));
}

bool has_warning(const UslFit& f, const char* w) {
  return std::find(f.warnings.begin(), f.warnings.end(), std::string(w)) != f.warnings.end();
}

UslFit fit_or_fail(const std::vector<UslPoint>& pts) {
  std::string error;
  const auto fit = fit_usl(pts, error);
  EXPECT_TRUE(fit.has_value()) << error;
  return fit.value_or(UslFit{});
}

// α = 0.05, β = 0.0005, γ = 1000 at N = 1..64 with 2% multiplicative Gaussian noise, for several
// seeds: the fit lands near the true values every time.
TEST(Usl, RecoversKnownCoefficientsFromNoisySeries) {
  for (unsigned seed = 1; seed <= 8; ++seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0.0, 0.02);
    std::vector<UslPoint> pts;
    for (int n = 1; n <= 64; ++n)
      pts.push_back({double(n), usl_x(0.05, 0.0005, 1000.0, n) * (1.0 + noise(rng))});
    const UslFit f = fit_or_fail(pts);
    SCOPED_TRACE("seed " + std::to_string(seed));
    EXPECT_NEAR(f.alpha, 0.05, 0.01);
    EXPECT_NEAR(f.beta, 0.0005, 0.0001);
    EXPECT_NEAR(f.gamma, 1000.0, 30.0);
    ASSERT_TRUE(f.peak_workers.has_value());
    EXPECT_NEAR(*f.peak_workers, std::sqrt(0.95 / 0.0005), 5.0);
    EXPECT_GT(f.r2, 0.95);
    EXPECT_TRUE(f.warnings.empty());
    ASSERT_EQ(f.residuals.size(), pts.size());
    for (std::size_t i = 0; i < pts.size(); ++i)
      EXPECT_DOUBLE_EQ(f.residuals[i], pts[i].throughput - f.fitted[i]);
  }
}

// Noiseless data without an N = 1 point: recovered to many digits from the quadratic start, and
// the missing point is warned about.
TEST(Usl, NoiselessWithoutSinglePointIsExactAndWarned) {
  std::vector<UslPoint> pts;
  for (int n : {2, 4, 8, 16, 32, 48, 64}) pts.push_back({double(n), usl_x(0.1, 0.002, 250.0, n)});
  const UslFit f = fit_or_fail(pts);
  EXPECT_NEAR(f.alpha, 0.1, 1e-6);
  EXPECT_NEAR(f.beta, 0.002, 1e-8);
  EXPECT_NEAR(f.gamma, 250.0, 1e-4);
  EXPECT_NEAR(f.r2, 1.0, 1e-12);
  EXPECT_TRUE(has_warning(f, kUslNoSingleWorker));
  EXPECT_FALSE(has_warning(f, kUslNoRetrograde));
}

// Gunther's SPEC SDM91 data set (Sun SPARCcenter 2000, "Guerrilla Capacity Planning"), shipped
// with R's usl as `specsdm91`; its tests/summary.Rout.save publishes α = 2.773e-02,
// β = 1.044e-04, γ = 9.000e+01 and R² = 0.9896.
TEST(Usl, MatchesPublishedSpecSdm91Coefficients) {
  const std::vector<UslPoint> pts = {{1, 64.9},     {18, 995.9},   {36, 1652.4}, {72, 1853.2},
                                     {108, 1828.9}, {144, 1775.0}, {216, 1702.2}};
  const UslFit f = fit_or_fail(pts);
  EXPECT_NEAR(f.alpha, 2.773e-2, 0.0005e-2);
  EXPECT_NEAR(f.beta, 1.044e-4, 0.0005e-4);
  EXPECT_NEAR(f.gamma, 90.00, 0.005);
  EXPECT_NEAR(f.r2, 0.9896, 0.00005);
  ASSERT_TRUE(f.peak_workers.has_value());
  EXPECT_NEAR(*f.peak_workers, std::sqrt((1 - f.alpha) / f.beta), 1e-9);
  EXPECT_TRUE(f.warnings.empty());
}

// The small series in R usl's tests/coef.R; coef.Rout.save gives α = 0.02, β = 0.02, γ = 1.00
// (three significant digits).
TEST(Usl, MatchesPublishedCoefTestSeries) {
  const std::vector<UslPoint> pts = {{1, 1},      {2, 1.8868}, {4, 3.0769},
                                     {6, 3.5294}, {8, 3.5398}, {10, 3.3557}};
  const UslFit f = fit_or_fail(pts);
  EXPECT_NEAR(f.alpha, 0.02, 0.0005);
  EXPECT_NEAR(f.beta, 0.02, 0.0005);
  EXPECT_NEAR(f.gamma, 1.00, 0.005);
}

// Throughput that keeps growing faster than Amdahl allows (superlinear at the end): the free fit
// wants β < 0, so β is held at 0, N* is undefined and a warning says so.
TEST(Usl, NegativeBetaIsClampedAndWarned) {
  std::vector<UslPoint> pts;
  for (int n = 1; n <= 16; ++n) pts.push_back({double(n), usl_x(0.05, -0.001, 100.0, n)});
  const UslFit f = fit_or_fail(pts);
  EXPECT_EQ(f.beta, 0.0);
  EXPECT_FALSE(f.peak_workers.has_value());
  EXPECT_TRUE(has_warning(f, kUslNoRetrograde));
  EXPECT_GE(f.alpha, 0.0);
  EXPECT_LE(f.alpha, 1.0);
}

TEST(Usl, ThreeDistinctCountsAreExactAndWarned) {
  const std::vector<UslPoint> pts = {{1, 100}, {2, 180}, {4, 290}};
  const UslFit f = fit_or_fail(pts);
  EXPECT_TRUE(has_warning(f, kUslExact));
  EXPECT_NEAR(f.r2, 1.0, 1e-6);
}

TEST(Usl, RefusesTooFewPointsAndBadThroughput) {
  std::string error;
  EXPECT_FALSE(fit_usl({{1, 10}, {2, 19}, {2, 18}}, error));
  EXPECT_NE(error.find("3 distinct"), std::string::npos) << error;
  EXPECT_FALSE(fit_usl({{1, 10}, {2, 0}, {4, 30}}, error));
  EXPECT_NE(error.find("positive throughput"), std::string::npos) << error;
  EXPECT_FALSE(fit_usl({{0, 10}, {2, 19}, {4, 30}}, error));
}

// A sweep's fit is the same fit, warned about when arrivals (an open loop) cap the throughput.
TEST(Usl, SweepFitWarnsAboutAnOpenLoop) {
  std::vector<SweepPoint> points;
  for (int n : {1, 2, 4, 8}) {
    SweepPoint p;
    p.workers = n;
    p.throughput_per_s = usl_x(0.1, 0.01, 40.0, n);
    points.push_back(p);
  }
  std::string error;
  const auto closed = fit_sweep(points, false, error);
  ASSERT_TRUE(closed) << error;
  EXPECT_NEAR(closed->alpha, 0.1, 1e-6);
  EXPECT_NEAR(closed->beta, 0.01, 1e-7);
  EXPECT_FALSE(has_warning(*closed, kUslOpenLoop));
  const auto open = fit_sweep(points, true, error);
  ASSERT_TRUE(open) << error;
  EXPECT_TRUE(has_warning(*open, kUslOpenLoop));
}

}  // namespace
}  // namespace poolscope
