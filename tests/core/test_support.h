// Helpers shared by the engine tests: a no-progress watchdog, bounded polling, and small specs.
// Every wait here has a timeout, so a broken engine fails a test instead of hanging the suite.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "poolscope/engine.h"
#include "poolscope/scenario.h"
#include "poolscope/snapshot.h"

namespace poolscope::test {

using namespace std::chrono_literals;
using Ms = std::chrono::milliseconds;

// Live changes of one setting, through the engine's one way in (Engine::apply).
inline void set_workers(Engine& engine, int n) {
  ScenarioSpec s = engine.settings();
  s.workers = n;
  engine.apply(s);
}
inline void set_buffer(Engine& engine, int capacity) {
  ScenarioSpec s = engine.settings();
  s.buffer = capacity;
  engine.apply(s);
}
inline void set_results_buffer(Engine& engine, int capacity) {
  ScenarioSpec s = engine.settings();
  s.results_buffer = capacity;
  engine.apply(s);
}

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Aborts the whole test binary with a message when kick() was not called for `limit`: a
// deadlock (even one inside a destructor that joins threads) then fails loudly instead of
// hanging until CTest's timeout. Declare it before the objects it guards, so it outlives them.
class Watchdog {
 public:
  Watchdog(std::string what, std::chrono::milliseconds limit) : what_(std::move(what)) {
    thread_ = std::jthread([this, limit](std::stop_token stop) {
      std::unique_lock lk(mutex_);
      while (!stop.stop_requested()) {
        const std::uint64_t seen = kicks_;
        cv_.wait_for(lk, stop, limit, [&] { return kicks_ != seen; });
        if (!stop.stop_requested() && kicks_ == seen) {
          std::fprintf(stderr, "WATCHDOG: no progress for %lld ms in %s (deadlock?)\n",
                       static_cast<long long>(limit.count()), what_.c_str());
          std::fflush(stderr);
          std::abort();
        }
      }
    });
  }
  ~Watchdog() {
    thread_.request_stop();
    thread_.join();
  }
  void kick() {
    {
      std::lock_guard lk(mutex_);
      ++kicks_;
    }
    cv_.notify_all();
  }

 private:
  std::string what_;
  std::mutex mutex_;
  std::condition_variable_any cv_;
  std::uint64_t kicks_ = 0;
  std::jthread thread_;
};

// Polls `ready` every millisecond until it holds or `timeout` passes. True when it held.
inline bool eventually(const std::function<bool()>& ready, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (!ready()) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// Sleep jobs in a closed loop: the seed lesson's shape with the numbers given.
inline ScenarioSpec sleep_spec(int workers, int buffer, std::int64_t jobs, double job_ms) {
  ScenarioSpec s;
  s.title = "test";
  s.workers = workers;
  s.buffer = buffer;
  s.jobs = jobs;
  s.job_ms = job_ms;
  return s;
}

// Starts the engine and waits (bounded) for the run to end; the final snapshot.
inline std::shared_ptr<const Snapshot> run_to_end(Engine& engine,
                                                  std::chrono::milliseconds timeout = 10s) {
  engine.start();
  EXPECT_TRUE(engine.wait_finished(timeout))
      << "the run did not end within " << timeout.count() << " ms";
  return engine.snapshot_now();
}

// Catches a job counted twice, which the invariant alone cannot: the snapshot builder makes the
// counters add up by construction, so an over-count shows as `submitted` running ahead of the
// submission log. The producer appends to that log just after counting a submit, so `submitted`
// may lead it by the submit in flight, but never for long: a count the log has not caught up
// with `lag` later was a double count. (Needs every submission in the log: order_kept large.)
class SubmittedBound {
 public:
  explicit SubmittedBound(std::chrono::milliseconds lag = 50ms) : lag_(lag) {}
  // The over-counted `submitted` of an earlier snapshot, or 0 when all is well.
  std::uint64_t check(const Snapshot& s) {
    const auto now = std::chrono::steady_clock::now();
    past_.emplace_back(now, s.counters.submitted);
    while (!past_.empty() && now - past_.front().first >= lag_) {
      if (past_.front().second > s.submission_order.size()) return past_.front().second;
      past_.pop_front();
    }
    return 0;
  }

 private:
  std::chrono::milliseconds lag_;
  std::deque<std::pair<std::chrono::steady_clock::time_point, std::uint64_t>> past_;
};

// The accounting every finished run must satisfy: nothing left queued or running, and every
// offered job in exactly one final state.
inline void expect_settled(const Counters& c) {
  EXPECT_EQ(c.queued, 0u);
  EXPECT_EQ(c.in_progress, 0u);
  EXPECT_EQ(c.held, 0u);
  EXPECT_EQ(c.submitted, c.completed + c.failed + c.rejected + c.dropped + c.cancelled);
  EXPECT_TRUE(c.adds_up());
}

}  // namespace poolscope::test
