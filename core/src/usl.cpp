// Universal Scalability Law fit: a linearized start, then Levenberg–Marquardt on α, β, γ.
//
// Written by hand rather than taken from a library: the least-squares solvers Debian ships as
// -dev packages are either whole frameworks (Ceres, dlib, GSL's multifit with its GPL) or
// Fortran (MINPACK) for a 3-parameter problem that needs a 3×3 solve and a bound check.
#include "poolscope/usl.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <set>

namespace poolscope {

namespace {

using Vec3 = std::array<double, 3>;  // α, β, γ
using Mat3 = std::array<Vec3, 3>;

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Bounds {
  Vec3 lo, hi;
};

double denominator(const Vec3& p, double n) {
  return 1.0 + p[0] * (n - 1.0) + p[1] * n * (n - 1.0);
}

double model(const Vec3& p, double n) { return p[2] * n / denominator(p, n); }

// The model must stay finite and positive at every measured N (a negative β could make the
// denominator reach 0 inside the data).
bool admissible(const Vec3& p, const std::vector<UslPoint>& pts) {
  if (!(p[2] > 0.0)) return false;
  for (const UslPoint& q : pts)
    if (!(denominator(p, q.n) > 0.0)) return false;
  return true;
}

double sse(const Vec3& p, const std::vector<UslPoint>& pts) {
  double s = 0.0;
  for (const UslPoint& q : pts) {
    const double r = q.throughput - model(p, q.n);
    s += r * r;
  }
  return s;
}

// Solves a·x = b by Gaussian elimination with partial pivoting; false when singular.
bool solve3(Mat3 a, Vec3 b, Vec3& x) {
  for (int col = 0; col < 3; ++col) {
    int pivot = col;
    for (int r = col + 1; r < 3; ++r)
      if (std::abs(a[std::size_t(r)][std::size_t(col)]) >
          std::abs(a[std::size_t(pivot)][std::size_t(col)]))
        pivot = r;
    const auto c = std::size_t(col);
    std::swap(a[c], a[std::size_t(pivot)]);
    std::swap(b[c], b[std::size_t(pivot)]);
    if (!(std::abs(a[c][c]) > 0.0)) return false;
    for (std::size_t r = c + 1; r < 3; ++r) {
      const double f = a[r][c] / a[c][c];
      for (std::size_t k = c; k < 3; ++k) a[r][k] -= f * a[c][k];
      b[r] -= f * b[c];
    }
  }
  for (int i = 2; i >= 0; --i) {
    const auto r = std::size_t(i);
    double s = b[r];
    for (std::size_t k = r + 1; k < 3; ++k) s -= a[r][k] * x[k];
    x[r] = s / a[r][r];
  }
  return std::isfinite(x[0]) && std::isfinite(x[1]) && std::isfinite(x[2]);
}

Vec3 clamp_to(const Vec3& p, const Bounds& b) {
  return {std::clamp(p[0], b.lo[0], b.hi[0]), std::clamp(p[1], b.lo[1], b.hi[1]),
          std::clamp(p[2], b.lo[2], b.hi[2])};
}

// Levenberg–Marquardt with Marquardt's diagonal scaling (β is orders of magnitude smaller than
// γ, so an unscaled damping term would freeze it), each trial step projected into the bounds.
Vec3 levenberg_marquardt(Vec3 p, const std::vector<UslPoint>& pts, const Bounds& bounds) {
  p = clamp_to(p, bounds);
  double cost = sse(p, pts);
  double lambda = 1e-3;
  for (int iter = 0; iter < 500 && lambda < 1e16; ++iter) {
    Mat3 jtj{};
    Vec3 jtr{};
    for (const UslPoint& q : pts) {
      const double d = denominator(p, q.n);
      const double f = p[2] * q.n / d;
      const Vec3 j = {-f * (q.n - 1.0) / d, -f * q.n * (q.n - 1.0) / d, q.n / d};
      const double r = q.throughput - f;
      for (std::size_t a = 0; a < 3; ++a) {
        jtr[a] += j[a] * r;
        for (std::size_t b = 0; b < 3; ++b) jtj[a][b] += j[a] * j[b];
      }
    }
    bool improved = false;
    while (lambda < 1e16) {
      Mat3 damped = jtj;
      for (std::size_t a = 0; a < 3; ++a) damped[a][a] += lambda * std::max(jtj[a][a], 1e-300);
      Vec3 step{};
      if (!solve3(damped, jtr, step)) {
        lambda *= 10.0;
        continue;
      }
      const Vec3 trial = clamp_to({p[0] + step[0], p[1] + step[1], p[2] + step[2]}, bounds);
      const double trial_cost = admissible(trial, pts) ? sse(trial, pts) : kInf;
      if (trial_cost < cost) {
        const double gain = cost - trial_cost;
        p = trial;
        cost = trial_cost;
        lambda = std::max(lambda / 10.0, 1e-12);
        improved = true;
        if (gain <= 1e-14 * cost) return p;  // converged: no material progress left
        break;
      }
      lambda *= 10.0;
    }
    if (!improved) break;
  }
  return p;
}

// A start for the iteration from the linearized model.
// With an N = 1 point: γ = X(1), so C(N) = X(N)/γ and N/C(N) − 1 = α(N−1) + βN(N−1), a linear
// regression without intercept. Without one: N/X = [(1−α) + (α−β)N + βN²]/γ, a quadratic
// regression of N/X on N, whose three coefficients give α, β and γ.
Vec3 linearized_start(const std::vector<UslPoint>& pts) {
  double x1 = 0.0;
  int ones = 0;
  for (const UslPoint& q : pts)
    if (q.n == 1.0) {
      x1 += q.throughput;
      ++ones;
    }
  if (ones > 0) {
    const double gamma = x1 / ones;
    double suu = 0, suv = 0, svv = 0, suy = 0, svy = 0;
    for (const UslPoint& q : pts) {
      const double u = q.n - 1.0, v = q.n * (q.n - 1.0);
      const double y = q.n * gamma / q.throughput - 1.0;
      suu += u * u;
      suv += u * v;
      svv += v * v;
      suy += u * y;
      svy += v * y;
    }
    const double det = suu * svv - suv * suv;
    if (det > 0.0)
      return {std::clamp((suy * svv - svy * suv) / det, 0.0, 1.0),
              std::max((svy * suu - suy * suv) / det, 0.0), gamma};
    return {0.0, 0.0, gamma};
  }
  // Quadratic regression: normal equations in (1, N, N²).
  Mat3 a{};
  Vec3 b{};
  for (const UslPoint& q : pts) {
    const Vec3 basis = {1.0, q.n, q.n * q.n};
    const double y = q.n / q.throughput;
    for (std::size_t i = 0; i < 3; ++i) {
      b[i] += basis[i] * y;
      for (std::size_t k = 0; k < 3; ++k) a[i][k] += basis[i] * basis[k];
    }
  }
  Vec3 c{};
  double best_per_worker = 0.0;
  for (const UslPoint& q : pts) best_per_worker = std::max(best_per_worker, q.throughput / q.n);
  if (solve3(a, b, c) && c[0] + c[1] + c[2] > 0.0) {
    const double gamma = 1.0 / (c[0] + c[1] + c[2]);
    return {std::clamp((c[1] + c[2]) * gamma, 0.0, 1.0), std::max(c[2] * gamma, 0.0), gamma};
  }
  return {0.0, 0.0, best_per_worker};
}

}  // namespace

double UslFit::predict(double n) const { return model({alpha, beta, gamma}, n); }

std::optional<UslFit> fit_usl(const std::vector<UslPoint>& points, std::string& error) {
  std::set<double> distinct;
  for (const UslPoint& q : points) {
    if (!(q.n >= 1.0) || !std::isfinite(q.n)) {
      error = "USL fit: worker counts must be at least 1";
      return std::nullopt;
    }
    if (!(q.throughput > 0.0) || !std::isfinite(q.throughput)) {
      error = "USL fit: every point needs a positive throughput";
      return std::nullopt;
    }
    distinct.insert(q.n);
  }
  if (distinct.size() < 3) {
    error = "USL fit: needs at least 3 distinct worker counts (has " +
            std::to_string(distinct.size()) + ")";
    return std::nullopt;
  }

  UslFit fit;
  const Vec3 start = linearized_start(points);
  // α in [0, 1] always; β first free (only kept where the model stays positive) to learn
  // whether the data has a retrograde region at all, then held at ≥ 0.
  Bounds bounds{{0.0, -kInf, 0.0}, {1.0, kInf, kInf}};
  Vec3 p = levenberg_marquardt(start, points, bounds);
  if (!(p[1] > 0.0)) {
    // β held at 0: the data shows no peak, and the report must not invent one.
    fit.warnings.push_back(kUslNoRetrograde);
    bounds.lo[1] = 0.0;
    bounds.hi[1] = 0.0;
    p = levenberg_marquardt({p[0], 0.0, p[2]}, points, bounds);
  }
  if (!distinct.contains(1.0)) fit.warnings.push_back(kUslNoSingleWorker);
  if (distinct.size() == 3) fit.warnings.push_back(kUslExact);

  fit.alpha = p[0];
  fit.beta = p[1];
  fit.gamma = p[2];
  if (fit.beta > 0.0) fit.peak_workers = std::sqrt((1.0 - fit.alpha) / fit.beta);

  double mean = 0.0;
  for (const UslPoint& q : points) mean += q.throughput;
  mean /= double(points.size());
  double ss_res = 0.0, ss_tot = 0.0;
  for (const UslPoint& q : points) {
    const double f = fit.predict(q.n);
    fit.fitted.push_back(f);
    fit.residuals.push_back(q.throughput - f);
    ss_res += (q.throughput - f) * (q.throughput - f);
    ss_tot += (q.throughput - mean) * (q.throughput - mean);
  }
  fit.r2 = ss_tot > 0.0 ? 1.0 - ss_res / ss_tot : (ss_res == 0.0 ? 1.0 : 0.0);
  error.clear();
  return fit;
}

}  // namespace poolscope
