// SignalWatcher: blocks the termination signals for the process and waits for them on its own
// thread (sigtimedwait), handing each to the installed handler or exiting with 128 + signal.
#include "cli/signal_watcher.h"

#include <signal.h>
#include <unistd.h>

#include <ctime>

namespace poolscope::cli {

namespace {

sigset_t watched() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&set, sig);
  return set;
}

}  // namespace

SignalWatcher::SignalWatcher() {
  // A shell starts background jobs with SIGINT ignored, and an ignored signal never becomes
  // pending for sigwait: take the default disposition back (the signal stays blocked anyway).
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) ::signal(sig, SIG_DFL);
  const sigset_t set = watched();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::jthread([this](std::stop_token stop) {
    const sigset_t s = watched();
    const timespec tick{0, 50'000'000};  // re-check the stop request every 50 ms
    while (!stop.stop_requested()) {
      const int sig = sigtimedwait(&s, nullptr, &tick);
      if (sig > 0) deliver(sig);
    }
  });
}

SignalWatcher::~SignalWatcher() {
  thread_.request_stop();
  thread_.join();
}

void SignalWatcher::set(std::function<void(int)> on_signal) {
  std::lock_guard lk(mutex_);
  on_signal_ = std::move(on_signal);
}

void SignalWatcher::deliver(int sig) {
  int none = 0;
  received_.compare_exchange_strong(none, sig);
  std::lock_guard lk(mutex_);
  // Nothing to save: end now, as the default action would (but without a core dump).
  if (!on_signal_) ::_exit(128 + sig);
  on_signal_(sig);
}

}  // namespace poolscope::cli
