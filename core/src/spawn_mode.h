// SpawnMode (lesson 1): no pool and no job queue; the producer starts one OS thread per job, the
// way `go work(job)` starts a goroutine. Job threads take a free slot (at most spawn_cap at
// once). Their counters, and each job's start and end, live in one shared recorder whose writers
// take spawn_rec_mutex in turn (no per-thread event rings: thousands of short-lived lanes would
// swamp the timeline and the memory being measured).
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "engine_shared.h"
#include "pool.h"
#include "recorder.h"

namespace poolscope {

class SpawnMode {
 public:
  SpawnMode(EngineShared& engine, Pool& pool);
  SpawnMode(const SpawnMode&) = delete;
  SpawnMode& operator=(const SpawnMode&) = delete;

  // Starts a thread for the job, on the producer's thread (it records on producer_rec). Waits at
  // the thread cap until a thread ends or a cancel (a drain lets it wait). False: stopped.
  bool spawn_job(const Job& job, const SettingsCache& s, LaneRecorder& producer_rec);
  void join_all();  // at the engine's end

  const LaneRecorder& recorder() const { return spawn_rec_; }
  int live() const { return spawned_live_.load(); }
  int peak() const { return spawned_peak_.load(); }

 private:
  void spawned_main(int slot, Job job, JobProfile profile);

  EngineShared& engine_;
  Pool& pool_;  // job threads count among the senders the results wait for
  std::mutex spawn_mutex;
  std::condition_variable_any spawn_cv;
  std::vector<int> spawn_free_;  // (spawn_mutex)
  std::vector<std::jthread> spawn_threads_;
  std::mutex spawn_rec_mutex;
  LaneRecorder spawn_rec_;  // events: each job's start and end, for the rewind
  std::atomic<int> spawned_live_{0};
  std::atomic<int> spawned_peak_{0};
};

}  // namespace poolscope
