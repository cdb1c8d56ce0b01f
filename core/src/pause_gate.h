// PauseGate: lets the producer and the workers stop taking new work while paused. Waiting at the
// gate ends on resume or on a stop request. Thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stop_token>

namespace poolscope {

class PauseGate {
 public:
  void set_paused(bool paused) {
    {
      std::lock_guard lk(mutex_);
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

 private:
  std::mutex mutex_;
  std::condition_variable_any cv_;
  bool paused_ = false;
  std::atomic<bool> flag_{false};
};

}  // namespace poolscope
