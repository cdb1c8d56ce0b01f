#include "cli/signal_watcher.h"

#include <signal.h>

#include <ctime>

namespace poolscope::cli {

namespace {

sigset_t watched() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

SignalWatcher::SignalWatcher(std::function<void(int)> on_signal)
    : on_signal_(std::move(on_signal)) {
  // A shell starts background jobs with SIGINT ignored, and an ignored signal never becomes
  // pending for sigwait: take the default disposition back (the signal stays blocked anyway).
  ::signal(SIGINT, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
  const sigset_t set = watched();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::jthread([this](std::stop_token stop) {
    const sigset_t s = watched();
    const timespec tick{0, 50'000'000};  // re-check the stop request every 50 ms
    while (!stop.stop_requested()) {
      const int sig = sigtimedwait(&s, nullptr, &tick);
      if (sig <= 0) continue;
      received_.store(sig);
      on_signal_(sig);
    }
  });
}

SignalWatcher::~SignalWatcher() {
  thread_.request_stop();
  thread_.join();
}

}  // namespace poolscope::cli
