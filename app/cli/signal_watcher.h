// SignalWatcher: turns SIGINT/SIGTERM into a callback on a dedicated thread (sigwait), so no
// signal handler and no global state are needed. Construct it before any other thread starts:
// it blocks those signals for the whole process. Stops itself on destruction.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace poolscope::cli {

class SignalWatcher {
 public:
  explicit SignalWatcher(std::function<void(int)> on_signal);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  // The signal that arrived, or 0.
  int received() const { return received_.load(); }

 private:
  std::function<void(int)> on_signal_;
  std::atomic<int> received_{0};
  std::jthread thread_;
};

}  // namespace poolscope::cli
