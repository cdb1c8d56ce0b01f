// Snapshot: an immutable picture of the engine at one instant. The engine publishes one about
// 30-60 times a second; the GUI's views and the CLI's reports only read snapshots.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "poolscope/scenario.h"
#include "poolscope/summary.h"
#include "poolscope/theory_report.h"
#include "poolscope/timeline.h"

namespace poolscope {

// Every submitted job is in exactly one of these; they always add up to `submitted`.
struct Counters {
  std::uint64_t submitted = 0;
  std::uint64_t completed = 0;
  std::uint64_t failed = 0;     // includes timed_out
  std::uint64_t timed_out = 0;  // the subset of failed that hit the per-job timeout
  std::uint64_t rejected = 0;
  std::uint64_t dropped = 0;
  std::uint64_t cancelled = 0;
  std::uint64_t queued = 0;
  std::uint64_t in_progress = 0;
  // The job in the producer's hand while it is blocked on a full queue: submitted, not queued
  // yet (Go's `jobs <- j` still waiting). 0 or 1.
  std::uint64_t held = 0;
  std::uint64_t consumed = 0;    // results the consumer has taken (not a job state)
  std::uint64_t caller_ran = 0;  // jobs the producer ran itself (caller-runs; not a job state)
  // Results a worker could not deliver because the results channel was already closed (the
  // close-results-early mistake). Their jobs count as completed or failed; not a job state.
  std::uint64_t sent_on_closed = 0;
  // Arrivals that found the job queue full (then blocked, rejected, dropped or ran by the
  // caller): the measured counterpart of M/M/c/K's blocking probability. Not a job state.
  std::uint64_t full_arrivals = 0;

  std::uint64_t ended() const { return completed + failed + rejected + dropped + cancelled; }
  bool adds_up() const { return submitted == ended() + queued + in_progress + held; }
};

enum class WorkerState : std::uint8_t {
  starting,
  idle,                // waiting for a job
  running,             // running a job
  waiting_downstream,  // waiting for a downstream connection
  blocked_result,      // waiting to send its result
  retiring,            // asked to retire; finishing its current job
  exited,
};
// Names (state_names.cpp): to_string for people, to_id for machine-readable output, brief for
// a narrow box. Every name is a string literal, so .data() is a NUL-terminated C string.
std::string_view to_string(WorkerState s);
std::string_view to_id(WorkerState s);
std::string_view brief(WorkerState s);
// What a worker in state `s` draws on the timeline until its next event (none while starting
// or after it exited): the open end of its row, live or in a slide.
std::optional<SegmentState> open_segment_state(WorkerState s);

// Workers of the separate I/O pool have slots from here on ("io worker 0" is slot 1024).
inline constexpr int io_worker_slot_base = max_workers;
// "worker 3", or "io worker 0" for a slot of the I/O pool: how every report names a worker.
inline std::string worker_slot_name(int slot) {
  if (slot >= io_worker_slot_base) return "io worker " + std::to_string(slot - io_worker_slot_base);
  return "worker " + std::to_string(slot);
}

// "w3", or "io0": the same worker's name where a box has room for a few letters only.
inline std::string worker_slot_short_name(int slot) {
  if (slot >= io_worker_slot_base) return "io" + std::to_string(slot - io_worker_slot_base);
  return "w" + std::to_string(slot);
}

struct WorkerView {
  int slot = 0;
  WorkerState state = WorkerState::starting;
  std::uint64_t job = 0;      // the current job, when running
  std::int64_t since_ns = 0;  // when the current state began
  double utilization = 0.0;   // busy share over the recent window, 0..1
  std::uint64_t jobs_done = 0;
  bool io_pool = false;  // a worker of the separate I/O pool (io_workers > 0)
};

enum class ProducerState : std::uint8_t {
  idle,
  producing,
  waiting_arrival,
  blocked,
  running_job,
  paused,
  done
};
std::string_view to_string(ProducerState s);
std::string_view to_id(ProducerState s);
std::string_view brief(ProducerState s);

struct ProducerView {
  ProducerState state = ProducerState::idle;
  std::int64_t since_ns = 0;     // when the current state began
  double blocked_total_s = 0.0;  // whole run
  std::uint64_t holding = 0;     // blocked: the job it is trying to submit (Counters::held)
  bool closed_jobs = false;      // the producer has closed the jobs channel
};

enum class ConsumerState : std::uint8_t { idle, waiting, consuming, done };
std::string_view to_string(ConsumerState s);
std::string_view to_id(ConsumerState s);
std::string_view brief(ConsumerState s);

struct ConsumerView {
  ConsumerState state = ConsumerState::idle;
  std::int64_t since_ns = 0;
  // The wait-before-drain mistake: the consumer waits for every worker to exit before it reads
  // any result (state stays `waiting`).
  bool waiting_for_workers = false;
};

// One point of the live graphs, sampled a few times a second.
struct SeriesPoint {
  double t_s = 0;          // seconds since the run started
  double queue_depth = 0;  // job queue depth (sampled at 1 kHz, max over the interval)
  double queue_capacity = 0;
  // Completions per second over the last second (in the run's first second, the completions so
  // far over a whole second: nothing completed before the start).
  double throughput_per_s = 0;
  // Quantiles of the jobs that started (wait) or finished (latency) since the previous point;
  // NaN when there were none: no data is not 0 ms (graphs draw a gap).
  double wait_p50_ms = 0, wait_p95_ms = 0, wait_p99_ms = 0;
  double latency_p50_ms = 0, latency_p95_ms = 0, latency_p99_ms = 0;
  // The lessons' graphs: pool workers (the dynamic pool's size; I/O pool apart), job threads
  // (spawn mode) and the whole process's OS threads and resident memory.
  double workers = 0, io_workers = 0;
  double spawned_live = 0;
  double threads = 0, rss_mb = 0;
  // The adaptive limit (limit != none): the limit and calls in flight at the point, the most in
  // flight over the interval, the mean latency of the calls that ended in it (NaN: none did),
  // the algorithm's baseline latency, and the downstream's own latency setting.
  double limit = 0, in_flight = 0, peak_in_flight = 0;
  double call_rtt_ms = 0, baseline_rtt_ms = 0, downstream_latency_ms = 0;
};

// The adaptive concurrency limit over the whole run.
struct LimitView {
  LimitPolicy policy = LimitPolicy::none;
  int limit = 0;
  int min_limit = 0, max_limit = 0;  // over the run
  int in_flight = 0;                 // calls holding a permit now
  std::uint64_t admitted = 0;        // permits given
  std::uint64_t samples = 0;         // calls measured
  int min_headroom = 0;              // least (limit - in flight) right after an admission
  double last_rtt_ms = 0.0, min_rtt_ms = 0.0;
  double baseline_ms = 0.0;   // the algorithm's reference latency ...
  std::string baseline_name;  // ... and what it is ("no-load RTT", "long-window RTT", "timeout")
};

// Something the engine detected about the run itself (a leak, a deadlock, a misuse).
struct Finding {
  std::string kind;                  // "leak", "deadlock", "send_on_closed"
  std::string message;               // plain language, naming the blocked threads
  std::vector<std::string> threads;  // the threads concerned: "producer", "consumer", "worker 0"
  double at_s = 0.0;                 // when it was detected, seconds since the run started
};

// Threads and memory of the whole process (the pool-vs-spawn lesson). Peaks cover this run.
struct ProcessView {
  int threads = 0, threads_peak = 0;       // OS threads of the process (/proc/self/status)
  double rss_mb = 0, rss_peak_mb = 0;      // resident memory
  double vm_mb = 0;                        // address space reserved (thread stacks show here)
  int spawned_live = 0, spawned_peak = 0;  // spawn mode: job threads running now / at most
  int spawn_cap = 0;                       // spawn mode's cap on simultaneous job threads
};

// Queue waits by job class: high vs normal (priority_share > 0), I/O vs CPU (io_share > 0).
struct ClassWaits {
  Summary high_ms, normal_ms;  // normal = every job that is not high
  Summary io_ms, cpu_ms;       // cpu = every job that is not I/O
};

enum class RunPhase : std::uint8_t {
  not_started,
  running,
  paused,
  draining,
  cancelling,
  aborting,
  finished
};
std::string_view to_string(RunPhase p);
std::string_view to_id(RunPhase p);

struct Snapshot {
  std::int64_t taken_ns = 0;
  std::int64_t start_ns = 0;  // run start: the zero of every time axis
  double elapsed_s = 0.0;
  double paused_s = 0.0;  // time spent paused, left out of every rate, share and wait
  // The run's time less its pauses: what rates and shares are measured over.
  double active_s() const { return elapsed_s > paused_s ? elapsed_s - paused_s : 0.0; }
  RunPhase phase = RunPhase::not_started;
  std::uint64_t run_id = 0;  // changes on Reset / a new scenario
  ScenarioSpec spec;         // the settings in force

  Counters counters;
  std::size_t queue_depth = 0, queue_capacity = 0;
  // A rewound instant (rewound_snapshot): the picture is of the past, and queue_jobs lists the
  // jobs waiting in the queue, oldest first. Live snapshots leave both empty.
  bool rewound = false;
  std::vector<std::uint64_t> queue_jobs;
  std::size_t results_depth = 0, results_capacity = 0;
  std::size_t max_queue_depth = 0;
  double mean_queue_depth = 0.0;
  std::size_t io_queue_depth = 0, io_queue_capacity = 0;  // the I/O pool's queue (io_workers > 0)
  // Time-average of jobs submitted and not yet consumed, rejected, dropped or cancelled: the
  // measured L of Little's law (W is latency_ms.mean).
  double mean_in_system = 0.0;
  // Share of started jobs that waited in the queue (longer than a scheduling hiccup): the
  // measured counterpart of Erlang C's probability of waiting.
  double waited_share = 0.0;

  ProducerView producer;
  ConsumerView consumer;
  std::vector<WorkerView> workers;  // the live workers, by slot
  int downstream_in_use = 0;
  double downstream_latency_ms = 0.0;  // the downstream call's latency now (steps applied)
  LimitView limit;

  double throughput_per_s = 0.0;         // whole run
  double throughput_window_per_s = 0.0;  // the last second or so
  double utilization = 0.0;              // busy / (workers x wall), whole run
  double producer_blocked_s = 0.0;
  Summary queue_wait_ms, service_ms, latency_ms;

  std::vector<SeriesPoint> series;  // oldest first, bounded
  std::shared_ptr<const TimelineData> timeline;
  std::vector<std::uint64_t> completion_order;  // first jobs in completion order (bounded)
  std::vector<std::uint64_t> submission_order;  // first jobs in submission order (bounded)
  std::vector<Finding> findings;

  ProcessView process;
  ClassWaits class_waits;
  TheoryReport theory;  // predictions beside their measured counterparts
};

}  // namespace poolscope
