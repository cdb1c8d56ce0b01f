// Producer: the thread that makes and submits jobs: closed loop (N jobs or D seconds, as fast as
// the queue accepts), open loop (Poisson arrivals), or bursts; then it closes the jobs channel.
// The full-queue policy is applied here, on the producer's thread, and the jobs it runs itself
// (caller-runs) are recorded on its lane.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <stop_token>
#include <vector>

#include "engine_shared.h"
#include "pool.h"
#include "recorder.h"
#include "spawn_mode.h"

namespace poolscope {

class Producer {
 public:
  Producer(EngineShared& engine, Pool& pool, SpawnMode& spawn);
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  void producer_main(std::stop_token stop);

  const LaneRecorder& recorder() const { return rec_; }
  // The first options.order_kept job ids in the order they were submitted (records_mutex held).
  const std::vector<std::uint64_t>& submission_order() const { return submission_order_; }

 private:
  class Run;  // one run's loop state (producer.cpp)

  // Offers one job under the current policy. False when the producer should stop.
  bool submit(Job job, SettingsCache& s);
  void run_job_inline(const Job& job, SettingsCache& s);
  void keep_submission_order(std::span<const Job> jobs);
  // Closes what the producer closes as it ends (or, by a lesson's mistake, does not).
  void finish(Mistake mistake, std::stop_token stop);
  JobQueue& queue_for(const Job& j) {
    return (j.cls & Job::io) && engine_.io_pool_used ? engine_.io_jobs : engine_.jobs;
  }

  EngineShared& engine_;
  Pool& pool_;
  SpawnMode& spawn_;
  LaneRecorder rec_;
  Sleeper sleeper_;                              // used by the producer thread only
  std::vector<std::uint64_t> submission_order_;  // (engine_.records_mutex)
  std::atomic<std::size_t> submission_order_size_{0};
};

}  // namespace poolscope
