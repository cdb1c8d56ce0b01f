// PauseGate: lets the producer and the workers stop taking new work while paused. Waiting at the
// gate ends on resume or on a stop request. It also keeps the pauses' intervals, so that time
// spent paused can be taken out of every statistic (a job that sat in the queue through a pause
// did not wait for a worker meanwhile). Thread-safe.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stop_token>
#include <utility>
#include <vector>

namespace poolscope {

class PauseGate {
 public:
  // A pause from start_ns to end_ns (steady clock); end_ns == 0 while it goes on.
  struct Interval {
    std::int64_t start_ns = 0;
    std::int64_t end_ns = 0;
  };

  void set_paused(bool paused, std::int64_t t_ns) {
    {
      std::lock_guard lk(mutex_);
      if (paused && !paused_) {
        intervals_.push_back(Interval{t_ns, 0});
        ever_paused_.store(true, std::memory_order_release);
      } else if (!paused && paused_ && !intervals_.empty()) {
        intervals_.back().end_ns = std::max(t_ns, intervals_.back().start_ns);
      }
      paused_ = paused;
      flag_.store(paused, std::memory_order_release);
    }
    cv_.notify_all();
  }
  bool paused() const { return flag_.load(std::memory_order_acquire); }
  // Waits while paused; false when stopped first.
  bool wait(std::stop_token stop) {
    std::unique_lock lk(mutex_);
    return cv_.wait(lk, stop, [&] { return !paused_; });
  }

  // Time spent paused between a_ns and b_ns (a pause still going on counts up to b_ns). One
  // atomic load when the run was never paused, so the per-job callers pay nothing then.
  std::int64_t paused_between(std::int64_t a_ns, std::int64_t b_ns) const {
    if (!ever_paused_.load(std::memory_order_acquire) || b_ns <= a_ns) return 0;
    std::lock_guard lk(mutex_);
    std::int64_t total = 0;
    for (const Interval& p : intervals_) {
      const std::int64_t end = p.end_ns == 0 ? b_ns : p.end_ns;
      total += std::max<std::int64_t>(0, std::min(end, b_ns) - std::max(p.start_ns, a_ns));
    }
    return total;
  }
  // The time from a_ns to b_ns less the time paused in it.
  std::int64_t active_between(std::int64_t a_ns, std::int64_t b_ns) const {
    return std::max<std::int64_t>(0, b_ns - a_ns - paused_between(a_ns, b_ns));
  }
  std::vector<Interval> intervals() const {
    std::lock_guard lk(mutex_);
    return intervals_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable_any cv_;
  bool paused_ = false;
  std::vector<Interval> intervals_;  // (mutex_)
  std::atomic<bool> flag_{false};
  std::atomic<bool> ever_paused_{false};
};

}  // namespace poolscope
