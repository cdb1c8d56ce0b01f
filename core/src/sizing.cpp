// Sizing for a waiting-time target by Erlang C (theory.h's mmc) and Allen–Cunneen.
#include "poolscope/sizing.h"

#include <algorithm>
#include <cmath>

#include "poolscope/theory.h"

namespace poolscope {

namespace {

bool positive_finite(double x) { return x > 0.0 && std::isfinite(x); }

}  // namespace

double service_scv(DurationDist dist, double spread) {
  switch (dist) {
    case DurationDist::fixed:
      return 0.0;
    case DurationDist::exp:
      return 1.0;
    case DurationDist::uniform: {
      const double s = std::clamp(spread, 0.0, 1.0);
      return s * s / 3.0;
    }
    case DurationDist::lognormal:
      return spread > 0.0 ? spread * spread : 0.0;
  }
  return 1.0;
}

std::optional<WaitPrediction> mmc_wait_within(double rate_per_s, double job_s, int workers,
                                              double t_s) {
  const auto m = mmc(rate_per_s, job_s, workers);
  if (!m || !m->stable || !(t_s >= 0.0)) return std::nullopt;
  // The wait of a job that waits is exponential with rate cμ − λ.
  const double drain = double(workers) / job_s - rate_per_s;
  return WaitPrediction{workers, 1.0 - m->p_wait * std::exp(-drain * t_s), m->p_wait, m->wait_s};
}

std::optional<WaitPrediction> allen_cunneen_wait_within(double rate_per_s, double job_s,
                                                        int workers, double ca2, double cs2,
                                                        double t_s) {
  const auto m = mmc(rate_per_s, job_s, workers);
  if (!m || !m->stable || !(t_s >= 0.0) || !(ca2 >= 0.0) || !(cs2 >= 0.0)) return std::nullopt;
  const double wq = m->wait_s * (ca2 + cs2) / 2.0;
  // Waiting jobs get an exponential tail with the approximated mean wait, wq / C.
  const double p_within =
      wq > 0.0 && m->p_wait > 0.0 ? 1.0 - m->p_wait * std::exp(-t_s * m->p_wait / wq) : 1.0;
  return WaitPrediction{workers, p_within, m->p_wait, wq};
}

std::optional<WaitPrediction> predict_at(const SizingQuestion& q, const SizingAnswer& answer,
                                         int workers) {
  if (answer.exponential) return mmc_wait_within(q.rate_per_s, q.job_s, workers, q.wait_s);
  return allen_cunneen_wait_within(q.rate_per_s, q.job_s, workers, 1.0, answer.service_scv,
                                   q.wait_s);
}

std::optional<SizingAnswer> size_for_target(const SizingQuestion& q, std::string& error) {
  if (!positive_finite(q.rate_per_s)) {
    error = "rate must be a positive number of jobs per second";
    return std::nullopt;
  }
  if (!positive_finite(q.job_s)) {
    error = "job time must be positive";
    return std::nullopt;
  }
  if (!(q.wait_s >= 0.0) || !std::isfinite(q.wait_s)) {
    error = "wait target must be zero or more";
    return std::nullopt;
  }
  if (!(q.target > 0.0 && q.target < 1.0)) {
    error = "percentile must lie strictly between 0 and 100";
    return std::nullopt;
  }
  SizingAnswer a;
  a.offered_load = q.rate_per_s * q.job_s;
  a.service_scv = service_scv(q.dist, q.spread);
  a.exponential = q.dist == DurationDist::exp;
  if (!(a.offered_load < double(max_workers))) {
    error = "the offered load (rate × job time = " + std::to_string(a.offered_load) +
            " busy workers) needs more than " + std::to_string(max_workers) + " workers";
    return std::nullopt;
  }
  // Stability needs c > a; from there P(W ≤ T) grows with c.
  const int first = int(std::floor(a.offered_load)) + 1;
  auto fewest = [&](auto predict) -> std::optional<WaitPrediction> {
    for (int c = first; c <= max_workers; ++c)
      if (const auto p = predict(c); p && p->p_within >= q.target) return p;
    return std::nullopt;
  };
  const auto by_mmc =
      fewest([&](int c) { return mmc_wait_within(q.rate_per_s, q.job_s, c, q.wait_s); });
  std::optional<WaitPrediction> by_ac;
  if (!a.exponential)
    by_ac = fewest([&](int c) {
      return allen_cunneen_wait_within(q.rate_per_s, q.job_s, c, 1.0, a.service_scv, q.wait_s);
    });
  if (!by_mmc || (!a.exponential && !by_ac)) {
    error = "no pool of at most " + std::to_string(max_workers) + " workers meets the target";
    return std::nullopt;
  }
  a.mmc = *by_mmc;
  a.allen_cunneen = by_ac;
  if (a.exponential) {
    a.workers = a.mmc.workers;
    a.model = "M/M/c (Erlang C)";
  } else {
    a.workers = by_ac->workers;
    a.model = "M/G/c (Allen-Cunneen)";
    a.note =
        "Allen-Cunneen approximation: Wq = Wq(M/M/c) x (ca^2 + cs^2)/2 with ca^2 = 1 (Poisson) "
        "and cs^2 = " +
        std::to_string(a.service_scv).substr(0, 5) +
        "; percentiles assume P(wait > 0) = Erlang C and an exponential tail with that mean";
  }
  error.clear();
  return a;
}

}  // namespace poolscope
