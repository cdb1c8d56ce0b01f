// Engine: one run of a scenario on the real worker pool, with its producer, consumer,
// instrumentation and live statistics. The CLI and the GUI are two faces of this class.
//
// Thread-safe: every public member may be called from any thread (the GUI thread, a signal
// watcher). No call waits on a worker's job; shutdown requests return at once and wait_finished()
// is where a caller chooses to wait.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "poolscope/scenario.h"
#include "poolscope/snapshot.h"
#include "poolscope/timeline.h"

namespace poolscope {

struct EngineOptions {
  std::size_t events_per_lane = 1u << 15;    // per-thread event ring (lock-free)
  std::size_t segments_per_lane = 200'000;   // rolling window of timeline segments per lane
  std::size_t marks_kept = 20'000;           // rolling window of rejection/drop marks
  std::size_t job_records_kept = 1'000'000;  // rolling window of per-job records (CSV)
  std::size_t order_kept = 1000;             // completion/submission order kept
  std::size_t series_points_kept = 3000;     // graph points (at 10 Hz: 5 minutes)
  double snapshot_hz = 30.0;                 // how often the published snapshot refreshes
  double series_hz = 10.0;                   // graph points per second
  bool record_events = true;                 // false: counters and histograms only
  bool keep_timeline = true;  // false: events are counted but not turned into segments
  // true: a thread whose event ring is full waits for the collector instead of overwriting (a
  // trace that must hold every job: slower, but complete); see EventRing.
  bool lossless_events = false;
  // The stall detector reports a run stuck for stall_s (deadlock, leak) as a finding; with
  // end_on_stall it then ends the run with a cancel (the CLI); without, the user does (the GUI).
  double stall_s = 1.0;
  bool end_on_stall = true;
  int spawn_cap =
      poolscope::spawn_cap;  // spawn mode's thread cap (lower it in tests), 1..spawn_cap
};

// One finished (or cancelled) job, for the CSV export.
struct JobRecord {
  std::uint64_t id = 0;
  std::int64_t submit_ns = 0, start_ns = 0, end_ns = 0;
  std::int64_t consumed_ns = 0;  // when the consumer took its result; 0 when it never did
  int worker = -1;               // -1: never started; -2: the producer ran it (caller-runs)
  JobOutcome outcome = JobOutcome::none;
  EventKind ended_by = EventKind::job_finished;  // or job_rejected / job_dropped / job_cancelled
};

class Engine {
 public:
  explicit Engine(ScenarioSpec spec, EngineOptions options = {});
  ~Engine();  // aborts a run still going and joins every thread
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void start();

  // Live changes, applied to the running engine at once: every setting of `spec` that differs
  // from the current one (numbers brought into their ranges first, see within_limits). The one
  // way a setting reaches the engine.
  void apply(const ScenarioSpec& spec);
  ScenarioSpec settings() const;  // the current settings (initial_spec() plus every apply)
  void pause();
  void resume();

  // Shutdown requests; they return at once.
  void shutdown(ShutdownMode mode);

  bool finished() const;
  // True when the run ended within `timeout`.
  bool wait_finished(std::chrono::milliseconds timeout);

  // The most recent published snapshot (refreshed snapshot_hz times a second while running).
  std::shared_ptr<const Snapshot> snapshot() const;
  // A snapshot built now (for the final report, or tests).
  std::shared_ptr<const Snapshot> snapshot_now();

  // Per-job records of the window, by job id (for CSV export).
  std::vector<JobRecord> job_records();

  // Queue depth changes (t_ns, depth) of the window, sampled at about 1 kHz (trace export).
  std::vector<std::pair<std::int64_t, std::uint32_t>> depth_log();
  // Ring records overwritten before the collector read them (the rolling window at work). One
  // record may be a run standing for a whole batch of empty jobs' events: a lower bound.
  std::uint64_t lost_events();
  // What a trace of this run misses: lost_events() plus the timeline segments, marks and
  // queue-depth changes that fell out of their rolling windows.
  std::uint64_t trace_lost_events();
  // Per-job rows job_records() misses: records and marks that fell out of their windows.
  std::uint64_t lost_job_records();

  const ScenarioSpec& initial_spec() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace poolscope
