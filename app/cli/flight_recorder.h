// The flight recorder: watches a run's snapshots and, when a finding fires (leak, deadlock, send
// on closed) or the latency p99 crosses a chosen threshold, names the moment so that the last N
// seconds before it can be saved as a Chrome trace. Each trigger kind fires once per episode: a
// finding once per run, the p99 once per crossing (it re-arms when the p99 drops back to or
// below the threshold). No UI and no threads: the CLI and the GUI both feed it snapshots.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "poolscope/snapshot.h"

namespace poolscope::cli {

struct FlightSettings {
  bool enabled = false;
  double p99_ms = 0.0;   // latency p99 threshold; 0: findings only
  double seconds = 5.0;  // how much of the run before the trigger to keep
};

struct FlightTrigger {
  std::string kind;  // "leak", "deadlock", "send_on_closed" or "p99"
  std::string what;  // a short description for people ("latency p99 812 ms > 500 ms")
  double at_s = 0;   // when it happened, seconds since the run started
};

class FlightRecorder {
 public:
  // What fires with this snapshot (usually nothing). Snapshots of a new run start over.
  std::vector<FlightTrigger> observe(const Snapshot& s, double p99_ms);

 private:
  std::uint64_t run_id_ = 0;
  std::set<std::string> findings_fired_;
  bool p99_armed_ = true;
  double p99_seen_to_s_ = -1.0;  // the series points up to here have been looked at
};

// Writes the part of `s` from at_s - seconds to at_s as a Chrome trace (the format of
// `run --trace`, time stamps from the run's start). "" on success, else what went wrong.
std::string write_flight_trace(const Snapshot& s, double at_s, double seconds,
                               const std::string& path);

// "<dir>/poolscope-flight-<kind>-20250101-120000" (a numeric suffix when a .json or .png of that
// name exists): the file name without its extension.
std::string flight_file_stem(const std::string& dir, const std::string& kind);

}  // namespace poolscope::cli
