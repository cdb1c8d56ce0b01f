// LessonMechanics: what the lessons add to the engine's collector thread: the stall detector
// (deadlocks and leaks end the run with a finding), the dynamic pool's autoscaling, and the
// measurements the theory and the pool-vs-spawn lesson compare (jobs in the system, threads and
// memory and their peaks, waits by job class, send-on-closed findings). Its state is the
// collector thread's (collector_mutex).
#pragma once

#include <cstdint>
#include <vector>

#include "autoscale.h"
#include "consumer.h"
#include "detector.h"
#include "engine_shared.h"
#include "pool.h"
#include "producer.h"
#include "spawn_mode.h"

namespace poolscope {

class LessonMechanics {
 public:
  LessonMechanics(EngineShared& engine, Pool& pool, const Producer& producer,
                  const Consumer& consumer, const SpawnMode& spawn);
  LessonMechanics(const LessonMechanics&) = delete;
  LessonMechanics& operator=(const LessonMechanics&) = delete;

  // Feeds the stall detector a new snapshot. True: it found a stall (kept as a finding).
  bool detect_stall(const Snapshot& snap);
  // The dynamic pool: resizes the main pool toward the autoscaler's target.
  void autoscale(const Snapshot& snap, std::int64_t now);
  // Adds to ∫ jobs-in-system dt (not while paused), at 1 kHz.
  void sample_in_system(std::int64_t now, bool while_paused);
  void add_lesson_views(Snapshot& s, std::int64_t now);
  void add_lesson_series(SeriesPoint& pt) const;  // pool size, threads and memory over time

 private:
  std::uint64_t in_system_now() const;

  EngineShared& engine_;
  Pool& pool_;
  const Producer& producer_;
  const Consumer& consumer_;
  const SpawnMode& spawn_;

  StallDetector detector_;
  Autoscaler autoscaler_;
  std::vector<Finding> findings_;
  double in_system_area_ = 0.0;  // ∫ jobs-in-system dt, in job·ns
  std::int64_t in_system_time_ = 0;
  std::int64_t in_system_last_t_ = 0;
  std::uint64_t in_system_last_ = 0;
  int threads_peak_ = 0;
  double rss_peak_mb_ = 0.0;
};

}  // namespace poolscope
