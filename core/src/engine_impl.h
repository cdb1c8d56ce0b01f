// Engine::Impl: the engine, made of named parts. It owns what all of them share (EngineShared:
// settings, queues, pause gate, stop sources, phase, collector, records) and the parts, each a
// class with its own state and files:
//   Pool (pool.h)                 worker threads, live resize, the closing rules
//   Producer (producer.h)         makes and submits jobs; the full-queue policy
//   Consumer (consumer.h)         drains the results; the wait-before-drain mistake
//   SpawnMode (spawn_mode.h)      one thread per job (lesson 1)
//   LessonMechanics (lessons.h)   stall detector, autoscaling, lesson measurements
// Impl itself keeps the lifecycle, live settings and the public API (engine.cpp) and the
// collector thread that builds and publishes snapshots (snapshot_builder.cpp).
#pragma once

#include <memory>
#include <stop_token>
#include <thread>

#include "consumer.h"
#include "engine_shared.h"
#include "lessons.h"
#include "pool.h"
#include "poolscope/engine.h"
#include "producer.h"
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

  // snapshot_builder.cpp: the collector thread drives Collector and publishes snapshots.
  void collector_main(std::stop_token stop);
  std::shared_ptr<const Snapshot> build_snapshot_locked(std::int64_t now);
  void add_limit_series(SeriesPoint& pt, std::int64_t now);

  // The parts, in the order they depend on each other; ~Impl joins their threads first.
  Pool pool{*this};
  SpawnMode spawn{*this, pool};
  Producer producer{*this, pool, spawn};
  Consumer consumer{*this, pool};
  LessonMechanics lessons{*this, pool, producer, consumer, spawn};

  std::jthread producer_thread;
  std::jthread consumer_thread;
  std::jthread collector_thread;
};

}  // namespace poolscope
