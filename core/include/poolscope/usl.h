// The Universal Scalability Law (Gunther): throughput against concurrency,
//   X(N) = γN / (1 + α(N−1) + βN(N−1)),
// where α is contention (the serial share), β coherency (crosstalk, which makes throughput fall
// past a peak) and γ the throughput of one worker. fit_usl() fits it to measured points (a sweep)
// by least squares, as R's `usl` package does, so a sweep can say where its peak lies beyond the
// counts it measured.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace poolscope {

struct UslPoint {
  double n = 0;           // concurrency (workers), ≥ 1
  double throughput = 0;  // measured, > 0
};

struct UslFit {
  double alpha = 0;  // contention, in [0, 1]
  double beta = 0;   // coherency, ≥ 0
  double gamma = 0;  // throughput at N = 1
  // N* = √((1−α)/β), where the fitted throughput peaks; empty when β = 0 (no retrograde region).
  std::optional<double> peak_workers;
  double r2 = 0;                      // 1 − SSE/SST
  std::vector<double> fitted;         // the model at each point's N, in the points' order
  std::vector<double> residuals;      // measured − fitted, in the points' order
  std::vector<std::string> warnings;  // what makes the fit less trustworthy, in plain words

  double predict(double n) const;  // the fitted X(n)
};

// The warnings fit_usl() may give (tests and views match them).
inline constexpr const char* kUslNoRetrograde =
    "no retrograde region (unconstrained β ≤ 0): N* undefined";
inline constexpr const char* kUslNoSingleWorker = "no N = 1 point: γ is extrapolated, not measured";
inline constexpr const char* kUslExact =
    "only 3 distinct worker counts for 3 parameters: the fit is exact, R² says nothing";

// Least-squares fit with α in [0, 1] and β ≥ 0. Needs at least 3 distinct N ≥ 1 and every
// throughput positive and finite; otherwise nullopt with `error` saying why.
std::optional<UslFit> fit_usl(const std::vector<UslPoint>& points, std::string& error);

}  // namespace poolscope
