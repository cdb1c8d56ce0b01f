// RunConfidence: how sure a run's steady-state figures are. From the run's per-job records, the
// time from the start to the last arrival is cut into equal bins (the drain after the last
// arrival is not steady state); MSER-5 on each metric's bin series finds its warm-up, the longest
// of them is dropped for every metric, and batch means give each a 95% interval.
//
// Metrics, as the run summary defines them: throughput = completed jobs per second (by finish
// time); queue wait = start - submit (by start time); latency = consumed - submit (by the time the
// consumer took the result); utilization = busy worker time / (workers x time).
//
// Every metric is non-negative, so no interval reaches below 0.
//
// Also the measured inputs of the queueing models over the same steady window: the arrival rate,
// the mean service time and the squared coefficients of variation (SCV = variance / mean²) of
// inter-arrival and service times.
//
// measure_confidence() is pure and thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "poolscope/confidence.h"
#include "poolscope/engine.h"

namespace poolscope {

// Completed jobs needed (before the last arrival) for any interval; bins hold about
// kJobsPerBin completions each, at most kMaxBins of them.
inline constexpr std::size_t kMinJobsForConfidence = 200;
inline constexpr std::size_t kJobsPerBin = 4;
inline constexpr std::size_t kMaxBins = 1000;

struct RunConfidence {
  bool valid = false;  // false: every interval is invalid, `reason` says why
  std::string reason;
  double warmup_s = 0.0;  // dropped from the start of the run
  double steady_s = 0.0;  // measured after the warm-up, up to the last arrival
  Interval throughput_per_s, queue_wait_ms, latency_ms, utilization;

  // Model inputs measured over the steady window; 0 when there were too few samples (< 2).
  double arrival_rate_per_s = 0.0;
  double arrival_scv = 0.0;
  double service_ms = 0.0;
  double service_scv = 0.0;
};

// `records`: the run's per-job records (any order); `start_ns`: the run's start; `workers`: the
// pool's size (utilization's denominator), 0 when it varies (then utilization has no interval).
// Jobs the producer ran itself (caller-runs) count as busy time, as in the summary.
RunConfidence measure_confidence(std::span<const JobRecord> records, std::int64_t start_ns,
                                 int workers);

// The fixed number of workers of a run of `spec` (both pools), or 0 when it varies (spawn mode,
// a dynamic pool). A worker count changed live in the window is not seen here.
int fixed_pool_size(const ScenarioSpec& spec);

}  // namespace poolscope
