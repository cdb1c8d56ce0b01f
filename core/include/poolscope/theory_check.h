// TheoryCheck: the queueing models held against a run's 95% intervals. A model agrees only when
// its prediction lies inside the measured interval (poolscope::agrees), never by a tolerance.
//
// Three predictions of the mean queue wait (and two of utilization):
// - M/M/c from the settings: the configured arrival rate and mean job time;
// - M/M/c from the measured inputs: the measured arrival rate and mean service time;
// - Allen–Cunneen (G/G/c; Kingman's formula when c = 1): the measured M/M/c wait scaled by
//   (ca² + cs²) / 2, the measured squared coefficients of variation of inter-arrival and service
//   times. It reduces to M/M/c when both are 1 (Poisson arrivals, exponential service).
//
// check_theory() is pure and thread-safe.
#pragma once

#include <string>

#include "poolscope/confidence.h"
#include "poolscope/run_confidence.h"
#include "poolscope/scenario.h"

namespace poolscope {

// When the Allen–Cunneen approximation is worth reading, in one line.
inline constexpr const char* kAllenCunneenNote =
    "Allen–Cunneen (Kingman for c = 1): Wq ≈ Wq(M/M/c) × (ca² + cs²)/2; good for any arrival and "
    "service spread at moderate to heavy load (ρ ≳ 0.5) with independent arrivals, rough at light "
    "load";

struct ModelPrediction {
  bool valid = false;
  double lambda_per_s = 0.0, service_ms = 0.0;
  int servers = 0;
  bool stable = false;     // ρ < 1; when false the wait is unbounded
  double utilization = 0;  // ρ
  double wait_ms = 0;      // mean queue wait (only when stable)
  bool utilization_agrees = false, wait_agrees = false;
  std::string note;  // why not valid, or what to keep in mind
};

struct TheoryCheck {
  bool valid = false;  // false: no model applies or no interval; `reason` says why
  std::string reason;
  Interval wait_ms, utilization;  // the measured intervals the models are held against
  ModelPrediction from_settings, from_measured;
  struct AllenCunneen {
    bool valid = false;
    double ca2 = 0.0, cs2 = 0.0;  // measured SCVs of inter-arrival and service times
    double wait_ms = 0.0;
    bool agrees = false;
    std::string note;
  } allen_cunneen;
};

TheoryCheck check_theory(const ScenarioSpec& spec, const RunConfidence& measured);

}  // namespace poolscope
