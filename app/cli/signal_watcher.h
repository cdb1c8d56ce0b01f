// SignalWatcher: turns SIGINT, SIGTERM, SIGHUP and SIGQUIT into a callback on a dedicated thread
// (sigwait), so no signal handler and no global state are needed. main() constructs it first,
// before any other thread starts: it blocks those signals for the whole process, so that none of
// them kills the process outright (SIGQUIT would dump core) or lands on an engine thread.
//
// A command that can end early and still report installs a handler for its lifetime (Handling);
// it asks its work to stop (a cancel shutdown) and later exits with exit_status(). With no handler
// installed (parsing options, a command with nothing to save) a signal ends the process at once
// with 128 + the signal number. Thread-safe.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

namespace poolscope::cli {

class SignalWatcher {
 public:
  SignalWatcher();
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  // Installs `on_signal` until the returned object is destroyed.
  class Handling {
   public:
    ~Handling() { watcher_.set(nullptr); }
    Handling(const Handling&) = delete;
    Handling& operator=(const Handling&) = delete;

   private:
    friend class SignalWatcher;
    explicit Handling(SignalWatcher& w) : watcher_(w) {}
    SignalWatcher& watcher_;
  };
  [[nodiscard]] Handling handle(std::function<void(int)> on_signal) {
    set(std::move(on_signal));
    return Handling(*this);
  }

  // The first signal that arrived, or 0.
  int received() const { return received_.load(); }
  // 128 + the signal (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP, 131 for SIGQUIT), or
  // `otherwise` when none arrived.
  int exit_status(int otherwise) const {
    const int sig = received();
    return sig ? 128 + sig : otherwise;
  }

 private:
  void set(std::function<void(int)> on_signal);
  void deliver(int sig);

  std::mutex mutex_;
  std::function<void(int)> on_signal_;  // (mutex_)
  std::atomic<int> received_{0};
  std::jthread thread_;
};

}  // namespace poolscope::cli
