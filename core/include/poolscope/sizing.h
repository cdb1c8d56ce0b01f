// Sizing for a waiting-time target: the fewest workers c such that P(queue wait ≤ T) ≥ P, for
// Poisson arrivals at rate λ and jobs of mean duration S.
//
// - M/M/c (exponential service), exact by Erlang C: P(W ≤ t) = 1 − C(c, a)·e^{−(cμ−λ)t}.
// - Other service distributions, by the Allen–Cunneen approximation of the mean wait,
//   Wq ≈ Wq(M/M/c)·(ca² + cs²)/2 (ca² = 1 for Poisson arrivals, cs² the squared coefficient of
//   variation of the job duration). For a percentile it keeps Erlang C as P(wait > 0) and gives
//   the waiting jobs an exponential tail with the approximated mean:
//   P(W ≤ t) ≈ 1 − C·e^{−t·C/Wq}. An approximation, said so wherever it is shown.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "poolscope/scenario.h"

namespace poolscope {

struct SizingQuestion {
  double rate_per_s = 0;  // λ, Poisson arrivals
  double job_s = 0;       // S, mean job duration
  DurationDist dist = DurationDist::exp;
  double spread = 0.5;  // of uniform and lognormal durations, as the engine reads it
  double wait_s = 0;    // T
  double target = 0;    // P, a fraction in (0, 1)
};

// One model's prediction at one worker count.
struct WaitPrediction {
  int workers = 0;
  double p_within = 0;     // P(queue wait ≤ T)
  double p_wait = 0;       // P(a job waits at all) = Erlang C
  double mean_wait_s = 0;  // Wq
};

struct SizingAnswer {
  double offered_load = 0;  // a = λ·S, in Erlangs: the fewest workers that keep up is ⌊a⌋ + 1
  double service_scv = 1;   // cs²
  bool exponential = true;  // M/M/c is exact; otherwise Allen–Cunneen decides
  WaitPrediction mmc;       // fewest workers by Erlang C
  std::optional<WaitPrediction> allen_cunneen;  // fewest by Allen–Cunneen (non-exponential)
  int workers = 0;    // the answer: M/M/c's, or Allen–Cunneen's when not exponential
  std::string model;  // which model gave `workers`
  std::string note;   // the approximation used, in words; empty for M/M/c
};

// Squared coefficient of variation of the engine's job durations: fixed 0, exp 1,
// uniform (mean ± spread·mean, spread clamped to [0, 1]) spread²/3, lognormal spread².
double service_scv(DurationDist dist, double spread);

// P(W ≤ t) for M/M/c; nullopt when the inputs are not positive finite numbers or ρ ≥ 1.
std::optional<WaitPrediction> mmc_wait_within(double rate_per_s, double job_s, int workers,
                                              double t_s);
// The same by Allen–Cunneen with arrival and service squared coefficients of variation.
std::optional<WaitPrediction> allen_cunneen_wait_within(double rate_per_s, double job_s,
                                                        int workers, double ca2, double cs2,
                                                        double t_s);

// The prediction, at `workers`, of the model `answer` used.
std::optional<WaitPrediction> predict_at(const SizingQuestion& q, const SizingAnswer& answer,
                                         int workers);

// The fewest workers (at most max_workers) meeting the target; nullopt with `error` naming the
// input when one is out of range (rate, job time or T not positive finite / T negative, target
// outside (0, 1)) or when even max_workers cannot meet it.
std::optional<SizingAnswer> size_for_target(const SizingQuestion& q, std::string& error);

// ---- Verification by a real run ---------------------------------------------------------------

struct WaitMeasurement {
  int workers = 0;
  std::uint64_t jobs = 0;           // jobs measured (submitted after the warm-up)
  std::uint64_t never_started = 0;  // cancelled at the time cap before starting: counted as > T
  double p_within = 0;              // fraction of measured jobs whose queue wait was ≤ T
  double p_within_lo = 0, p_within_hi = 1;  // Wilson 95% interval of that fraction
  // Queue waits of the started jobs, ms; each percentile with its distribution-free 95% interval
  // (order statistics). Both intervals treat jobs as independent; neighbouring waits are
  // correlated, so the true intervals are wider.
  double mean_ms = 0;
  struct Quantile {
    double value = 0, lo = 0, hi = 0;
  };
  Quantile p50_ms, p95_ms, p99_ms;
  double wall_s = 0;
  std::uint64_t lost_records = 0;  // jobs beyond the records kept (the earliest are dropped)
};

// The spec `size` runs: Poisson arrivals at the question's rate for `seconds`, jobs of its
// duration and distribution, `workers` workers and a queue too large to fill (so no arrival is
// turned away and every wait is a queue wait).
ScenarioSpec sizing_spec(const SizingQuestion& q, int workers, double seconds,
                         std::uint64_t seed = 1);

// Runs sizing_spec() and measures queue waits (start − submit) per job. Jobs submitted in the
// first 10% of the run are left out (the pool starts idle, which would flatter it). The run is
// cancelled at 3 × seconds + 1 s; jobs that had not started then count as waits beyond T.
// Blocks the caller; stops early (returning what it has) when `stop` is requested.
WaitMeasurement measure_waits(const SizingQuestion& q, int workers, double seconds,
                              std::stop_token stop = {}, std::uint64_t seed = 1);

}  // namespace poolscope
