// Consumer: the thread that drains the results in completion order, with an optional delay per
// result (a slow consumer fills the results queue and the workers block: results backpressure),
// and the wait-before-drain mistake.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <stop_token>
#include <vector>

#include "engine_shared.h"
#include "pool.h"
#include "recorder.h"

namespace poolscope {

class Consumer {
 public:
  Consumer(EngineShared& engine, Pool& pool);
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  void consumer_main();

  const LaneRecorder& recorder() const { return rec_; }
  // The wait-before-drain mistake: the consumer has not started reading yet.
  bool waiting_for_workers() const { return waits_workers_.load(); }
  // The first options.order_kept job ids in the order they were consumed (records_mutex held).
  const std::vector<std::uint64_t>& completion_order() const { return completion_order_; }

 private:
  using Results = std::array<JobResult, empty_job_batch>;

  void wait_for_workers_mistake(Sleeper& sleeper, std::stop_token fast);
  // 0: closed and drained. `taken`: when the results were taken (under the queue's lock).
  std::size_t receive(Results& buf, std::size_t want, DepthAt& taken);
  // consumed_ns: when this batch was taken (the instant its latencies end).
  void keep_order_and_records(const Results& buf, std::size_t got, std::int64_t consumed_ns);

  EngineShared& engine_;
  Pool& pool_;
  LaneRecorder rec_;
  std::atomic<bool> waits_workers_{false};
  std::vector<std::uint64_t> completion_order_;  // (engine_.records_mutex)
  std::atomic<std::size_t> completion_order_size_{0};
};

}  // namespace poolscope
