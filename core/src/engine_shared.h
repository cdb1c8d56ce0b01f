// EngineShared: what every part of the engine uses: the settings, the job and result queues,
// the pause gate, the stop sources, the run's phase and start gate, the collector and the
// published snapshot, and the per-job records. The parts (pool.h, producer.h, consumer.h,
// spawn_mode.h, lessons.h) each keep their own state and reach this through a reference.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stop_token>
#include <vector>

#include "channel.h"
#include "collector.h"
#include "job.h"
#include "job_queue.h"
#include "limiter.h"
#include "pause_gate.h"
#include "poolscope/engine.h"
#include "recorder.h"
#include "ring_log.h"

namespace poolscope {

// The separate I/O pool's workers use the slots after the main pool's (lessons: io_workers).
inline constexpr int io_slot_base = io_worker_slot_base;
static_assert(io_slot_base >= max_workers);
inline constexpr int max_slots = 2 * max_workers;
inline constexpr std::size_t empty_job_batch = 256;  // zero-duration jobs move in batches

// Settings that threads read often and the UI changes live: a versioned copy under a mutex.
class LiveSettings {
 public:
  explicit LiveSettings(const ScenarioSpec& s) : spec_(s) {}
  ScenarioSpec get() const {
    std::lock_guard lk(mutex_);
    return spec_;
  }
  void set(const ScenarioSpec& s) {
    std::lock_guard lk(mutex_);
    spec_ = s;
    version_.fetch_add(1, std::memory_order_release);
  }
  std::uint64_t version() const { return version_.load(std::memory_order_acquire); }

 private:
  mutable std::mutex mutex_;
  ScenarioSpec spec_;
  std::atomic<std::uint64_t> version_{1};
};

// A thread's cached copy of the live settings, refreshed only when they changed.
struct SettingsCache {
  std::uint64_t version = 0;
  ScenarioSpec spec;
  JobProfile profile;
  bool refresh(const LiveSettings& live) {
    const std::uint64_t v = live.version();
    if (v == version) return false;
    spec = live.get();
    profile = JobProfile::from(spec);
    version = v;
    return true;
  }
};

struct EngineShared {
  EngineShared(const ScenarioSpec& spec, const EngineOptions& options);

  // The producer, consumer and first workers exist before start() and wait here for it. False:
  // the engine is being destroyed without having started.
  bool wait_for_start();
  void open_start_gate(int to);
  // The producer and the consumer each call this once as they finish; the second ends the run.
  void mark_thread_done();
  bool all_done() const;
  void log_capacity(std::int64_t t);

  const ScenarioSpec initial_spec;
  const EngineOptions options;
  LiveSettings settings;

  JobQueue jobs;
  JobQueue io_jobs;         // the separate I/O pool's queue (io_workers > 0)
  const bool io_pool_used;  // decided at start: I/O jobs have their own pool
  Channel<JobResult> results;
  Downstream downstream;
  Limiter limiter;  // the adaptive limit on downstream calls (spec.limit)
  // The latest recorded end of a call that held a permit or a connection, stored before they
  // were released: a worker that got one at once can tell whether its record may start at its
  // take (see Pool::Worker::run_job).
  std::atomic<std::int64_t> last_call_end_ns{0};
  PauseGate gate;

  std::stop_source producer_stop;  // stop producing (every shutdown mode)
  // Give up a submit blocked on a full queue (cancel, abort). A drain lets it finish: the job in
  // the producer's hand was submitted, and a drain finishes every submitted job.
  std::stop_source submit_stop;
  std::stop_source fast_consumer;  // the consumer skips its delay (cancel, abort)
  std::stop_source abort;          // interrupt in-progress jobs and blocked result sends

  std::mutex control_mutex;  // serializes writers of control_rec (shutdown callers)
  LaneRecorder control_rec;  // jobs cancelled out of the queue by a shutdown

  std::atomic<RunPhase> phase{RunPhase::not_started};
  std::atomic<bool> paused{false};
  std::int64_t start_ns = 0;  // written before the start gate opens
  static constexpr int gate_closed = 0, gate_open = 1, gate_never = 2;
  std::atomic<int> start_gate{gate_closed};
  std::atomic<std::int64_t> end_ns{0};
  // For the rewind: when the producer and the consumer finished, and the channels' capacities
  // over time (a step per live change).
  std::atomic<std::int64_t> producer_done_ns{0};
  std::atomic<std::int64_t> consumer_done_ns{0};
  std::mutex capacity_mutex;
  std::vector<CapacityStep> capacity_log;  // (capacity_mutex)
  // A cancel lets in-progress jobs finish for this long, then interrupts them (so that a cancel
  // completes within a second even with 10-second jobs).
  static constexpr std::int64_t cancel_grace_ns = 400'000'000;
  std::atomic<std::int64_t> cancel_deadline_ns{0};

  mutable std::mutex done_mutex;
  std::condition_variable done_cv;
  int threads_done = 0;  // producer + consumer

  // Outputs the consumer and producer append to (records_mutex).
  std::mutex records_mutex;
  RingLog<JobRecord> records{options.job_records_kept};

  // Collector: owned by the collector thread; snapshot_now() takes collector_mutex.
  std::mutex collector_mutex;
  Collector collector;
  mutable std::mutex published_mutex;
  std::shared_ptr<const Snapshot> published;
};

}  // namespace poolscope
