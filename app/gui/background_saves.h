// BackgroundSaves: file writes (a flight recording's trace and PNG) on threads of their own, so
// that the UI never waits for the disk; the UI thread collects what finished each frame. A write
// gets only data it owns (an immutable snapshot, a copied image). Owned by the UI thread; the
// destructor waits for the writes still going.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "teardown_threads.h"

namespace poolscope::gui {

class BackgroundSaves {
 public:
  struct Done {
    std::string path;
    std::string error;  // "" when written
  };
  BackgroundSaves() = default;
  ~BackgroundSaves() { threads_.join_all(); }  // before the members the threads report into
  BackgroundSaves(const BackgroundSaves&) = delete;
  BackgroundSaves& operator=(const BackgroundSaves&) = delete;

  // Runs `write` (returns "" or what went wrong) for `path` on a thread of its own.
  void start(std::string path, std::function<std::string()> write) {
    {
      std::lock_guard lock(mutex_);
      ++pending_;
    }
    threads_.start([this, path = std::move(path), write = std::move(write)]() {
      std::string error = write();
      std::lock_guard lock(mutex_);
      --pending_;
      done_.push_back({path, std::move(error)});
    });
  }
  // The writes that finished since the last call, in the order they finished.
  std::vector<Done> take_finished() {
    std::lock_guard lock(mutex_);
    return std::exchange(done_, {});
  }
  std::size_t pending() const {
    std::lock_guard lock(mutex_);
    return pending_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Done> done_;
  std::size_t pending_ = 0;
  TeardownThreads threads_;  // last: destroyed (joined) first
};

}  // namespace poolscope::gui
