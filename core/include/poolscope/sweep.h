// Sizing sweep: short real runs of one scenario at several worker counts, for throughput and
// latency against workers, with the knee marked. The CLI's `poolscope sweep` and the GUI's
// "Sweep workers" (on a background thread, with a stop token and a per-point callback) both
// use run_sweep().
//
// parse_worker_list() and find_knee() are pure; run_sweep() blocks its caller while it runs the
// engine, and is safe to call from any thread.
#pragma once

#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "poolscope/engine.h"
#include "poolscope/scenario.h"
#include "poolscope/summary.h"

namespace poolscope {

struct SweepPoint {
  int workers = 0;
  double throughput_per_s = 0.0;  // completed jobs per second of the run
  Summary latency_ms;             // submit to consumed
  double utilization = 0.0;       // busy / (workers x wall)
  double wall_s = 0.0;
  std::uint64_t completed = 0;
  bool knee = false;  // the point find_knee() picked
};

struct SweepOptions {
  double max_seconds_per_point = 3.0;  // each run is cancelled after this long
  EngineOptions engine = quiet_engine();
  // Counters and histograms only: a sweep needs no timeline.
  static EngineOptions quiet_engine() {
    EngineOptions o;
    o.keep_timeline = false;
    o.record_events = false;
    o.order_kept = 0;
    o.job_records_kept = 0;
    return o;
  }
};

inline constexpr int sweep_max_points = 64;

// "1,2,4,8" (any counts, in the order given) or "A..B" (A, 2A, 4A, ... up to B, B included).
// Each count must be within 1..1024. On error `error` names the value and what is allowed.
std::optional<std::vector<int>> parse_worker_list(std::string_view text, std::string& error);

// The knee: the first point whose throughput reaches 90% of the best throughput of the sweep
// (past it, more workers add little). -1 when there are no points.
int find_knee(const std::vector<SweepPoint>& points);

// Runs `base` once per worker count (in the order given) and returns one point per finished
// run, the knee marked. Stops early (returning the points so far) when `stop` is requested;
// `on_point` is called after each run, on the calling thread.
std::vector<SweepPoint> run_sweep(const ScenarioSpec& base, const std::vector<int>& workers,
                                  const SweepOptions& options = {}, std::stop_token stop = {},
                                  const std::function<void(const SweepPoint&)>& on_point = {});

}  // namespace poolscope
