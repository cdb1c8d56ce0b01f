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

#include "autoscale.h"
#include "channel.h"
#include "collector.h"
#include "consumer.h"
#include "detector.h"
#include "engine_shared.h"
#include "job.h"
#include "job_queue.h"
#include "pause_gate.h"
#include "pool.h"
#include "poolscope/engine.h"
#include "producer.h"
#include "recorder.h"
#include "ring_log.h"
#include "spawn_mode.h"

namespace poolscope {

struct Engine::Impl : EngineShared {
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

  // lessons.cpp: the stall detector, autoscaling, measurements the lessons need.
  void lessons_tick(const Snapshot& snap, std::int64_t now);
  std::uint64_t in_system_now() const;
  void sample_in_system(std::int64_t now, bool while_paused);
  void add_lesson_views(Snapshot& s, std::int64_t now);
  void add_lesson_series(SeriesPoint& pt) const;  // pool size, threads and memory over time

  // collector.cpp drives Collector from this thread.
  void collector_main(std::stop_token stop);
  std::shared_ptr<const Snapshot> build_snapshot_locked(std::int64_t now);

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

  Pool pool{*this};
  SpawnMode spawn{*this, pool};
  Producer producer{*this, pool, spawn};
  Consumer consumer{*this, pool};

  std::jthread producer_thread;
  std::jthread consumer_thread;
  std::jthread collector_thread;
};

}  // namespace poolscope
