// TeardownThreads: runs slow destructions (an aborted Engine joins its threads, up to a second)
// on threads of their own, so the UI never waits for them. A thread whose teardown has returned
// is joined and dropped at the next start(), so they do not pile up one per restart until exit;
// join_all() and the destructor wait for the rest. Owned and called by the UI thread only.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

namespace poolscope::gui {

class TeardownThreads {
 public:
  TeardownThreads() = default;
  ~TeardownThreads() { join_all(); }
  TeardownThreads(const TeardownThreads&) = delete;
  TeardownThreads& operator=(const TeardownThreads&) = delete;

  // Runs `teardown` (any callable, move-only ones too) on a new thread.
  template <class F>
  void start(F teardown) {
    drop_finished();
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::jthread thread([work = std::move(teardown), done]() mutable {
      work();
      done->store(true, std::memory_order_release);
    });
    threads_.push_back({std::move(thread), std::move(done)});
  }
  // Joins and drops the threads whose teardown has returned (their join does not wait).
  void drop_finished();
  // Waits for every teardown.
  void join_all() { threads_.clear(); }
  // Threads not yet joined, finished or not.
  std::size_t held() const { return threads_.size(); }

 private:
  struct Teardown {
    std::jthread thread;
    std::shared_ptr<std::atomic<bool>> done;  // set by the thread when its work has returned
  };
  std::vector<Teardown> threads_;
};

}  // namespace poolscope::gui
