// Engine::Impl: the engine's shared state. Each thread's body lives in its own file:
// pool.cpp (workers, resize), producer.cpp, consumer.cpp, spawn.cpp (spawn mode),
// snapshot_builder.cpp (the collector thread: events -> Collector, statistics, snapshots),
// lessons.cpp (detector, autoscaling, lesson measurements) and engine.cpp (lifecycle, live
// settings and the public API).
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

#include "collector.h"
#include "job_queue.h"
#include "pause_gate.h"
#include "autoscale.h"
#include "channel.h"
#include "detector.h"
#include "poolscope/engine.h"
#include "job.h"
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

struct WorkerSlot {
  std::jthread thread;
  std::atomic<bool> active{false};   // counted in the pool's size (not retiring)
  std::atomic<bool> running{false};  // its thread has not exited yet
};

struct Engine::Impl {
  Impl(ScenarioSpec spec, EngineOptions options);
  ~Impl();

  // engine.cpp
  void start();
  // Live settings: one entry, one applier per part the settings do not reach by themselves.
  void apply(const ScenarioSpec& spec);
  void apply_workers(const ScenarioSpec& spec, bool live);
  void apply_io_workers(const ScenarioSpec& spec, bool live);
  void apply_capacities(const ScenarioSpec& spec);
  void request_shutdown(ShutdownMode mode);
  void cancel_queued_jobs();
  void mark_thread_done();
  // The producer, consumer and first workers exist before start() and wait here for it. False:
  // the engine is being destroyed without having started.
  bool wait_for_start();
  void open_start_gate(int to);
  bool all_done() const;

  // pool.cpp
  void resize(int n);
  void resize_io(int n);
  void resize_slots(int first, int last, int n);
  int active_workers() const;
  JobQueue& queue_of_slot(int slot) { return slot >= io_slot_base ? io_jobs : jobs; }
  void worker_main(int slot, std::stop_token retire);
  void on_worker_exit(WorkerSlot& me);
  void close_jobs_channel();
  void close_jobs_locked();  // pool_mutex held
  void close_jobs_if_producer_gone();
  void on_producer_exit();
  void close_results_if_senders_gone();
  // Creates the slot's recorder on first use; its ring is sized for a pool of pool_size.
  LaneRecorder& worker_recorder(int slot, int pool_size);

  // producer.cpp
  void producer_main(std::stop_token stop);
  bool submit(Job job, SettingsCache& settings);
  void run_job_inline(const Job& job, SettingsCache& settings);

  JobQueue& queue_for(const Job& j) { return (j.cls & Job::io) && io_pool_used ? io_jobs : jobs; }

  // spawn.cpp: spawn mode, one thread per job.
  // Waits at the thread cap until a thread ends or a cancel (a drain lets it wait).
  bool spawn_job(const Job& job, const SettingsCache& s);
  void spawned_main(int slot, Job job, JobProfile profile);
  void join_spawned();

  // consumer.cpp
  void consumer_main();
  void wait_for_workers_mistake(Sleeper& sleeper, std::stop_token fast);
  bool workers_gone() const;

  // lessons.cpp: the stall detector, autoscaling, measurements the lessons need.
  void lessons_tick(const Snapshot& snap, std::int64_t now);
  std::uint64_t in_system_now() const;
  void sample_in_system(std::int64_t now, bool while_paused);
  void add_lesson_views(Snapshot& s, std::int64_t now);
  void add_lesson_series(SeriesPoint& pt) const;  // pool size, threads and memory over time

  // collector.cpp drives Collector from this thread.
  void collector_main(std::stop_token stop);
  std::shared_ptr<const Snapshot> build_snapshot_locked(std::int64_t now);

  const ScenarioSpec initial_spec;
  const EngineOptions options;
  LiveSettings settings;

  JobQueue jobs;
  JobQueue io_jobs;         // the separate I/O pool's queue (io_workers > 0)
  const bool io_pool_used;  // decided at start: I/O jobs have their own pool
  Channel<JobResult> results;
  Downstream downstream;
  PauseGate gate;

  std::stop_source producer_stop;  // stop producing (every shutdown mode)
  // Give up a submit blocked on a full queue (cancel, abort). A drain lets it finish: the job in
  // the producer's hand was submitted, and a drain finishes every submitted job.
  std::stop_source submit_stop;
  std::stop_source fast_consumer;  // the consumer skips its delay (cancel, abort)
  std::stop_source abort;          // interrupt in-progress jobs and blocked result sends

  LaneRecorder producer_rec;
  Sleeper producer_sleeper;  // used by the producer thread only
  LaneRecorder consumer_rec;
  std::mutex control_mutex;  // serializes writers of control_rec (shutdown callers)
  LaneRecorder control_rec;  // jobs cancelled out of the queue by a shutdown

  mutable std::mutex pool_mutex;
  std::array<WorkerSlot, max_slots> slots;
  std::array<std::unique_ptr<LaneRecorder>, max_slots> worker_recs;
  std::atomic<int> worker_lanes{0};  // slots ever used: recorders [0, worker_lanes) exist
  int live_threads = 0;              // worker threads not yet exited (pool_mutex)
  bool jobs_closed = false;          // (pool_mutex)
  bool producer_done = false;        // the producer sends no more results (pool_mutex)

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
  void log_capacity(std::int64_t t);
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
  std::vector<std::uint64_t> completion_order;
  std::vector<std::uint64_t> submission_order;
  std::atomic<std::size_t> completion_order_size{0};
  std::atomic<std::size_t> submission_order_size{0};

  // Collector: owned by the collector thread; snapshot_now() takes collector_mutex.
  std::mutex collector_mutex;
  Collector collector;
  mutable std::mutex published_mutex;
  std::shared_ptr<const Snapshot> published;

  // Spawn mode: job threads take a free slot (at most spawn_cap at once). Their counters live in
  // one shared recorder whose writers take spawn_rec_mutex in turn (no per-thread event rings:
  // thousands of short-lived lanes would swamp the timeline and the memory being measured).
  std::mutex spawn_mutex;
  std::condition_variable_any spawn_cv;
  std::vector<int> spawn_free;  // (spawn_mutex)
  std::vector<std::jthread> spawn_threads;
  std::mutex spawn_rec_mutex;
  LaneRecorder spawn_rec;
  std::atomic<int> spawned_live{0};
  std::atomic<int> spawned_peak{0};

  // The wait-before-drain mistake: the consumer has not started reading yet.
  std::atomic<bool> consumer_waits_workers{false};

  // Lessons state owned by the collector thread (collector_mutex).
  StallDetector detector;
  Autoscaler autoscaler;
  std::vector<Finding> findings;
  double in_system_area = 0.0;  // ∫ jobs-in-system dt, in job·ns
  std::int64_t in_system_time = 0;
  std::int64_t in_system_last_t = 0;
  std::uint64_t in_system_last = 0;
  int threads_peak = 0;
  double rss_peak_mb = 0.0;

  std::jthread producer_thread;
  std::jthread consumer_thread;
  std::jthread collector_thread;
};

}  // namespace poolscope
