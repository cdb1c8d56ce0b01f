// Replaced engines are destroyed off the UI thread (an aborting engine joins its threads, up to a
// second): the App must drop each teardown thread once it has finished, not keep one per restart
// until exit.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "gui_test_support.h"
#include "teardown_threads.h"

namespace poolscope::gui::test {
namespace {

TEST(EngineTeardown, FinishedTeardownsAreNotKeptPerRestart) {
  const ScenarioSpec spec = long_run();
  auto ui = make_ui(spec, 1200, 760);
  ASSERT_TRUE(ui);
  pump(*ui, 0.2);
  for (int i = 0; i < 3; ++i) {
    ui->app().push_command(cmd::Restart{spec});
    pump(*ui, 0.1);
  }
  // Once the replaced engines are gone (each within about a second), a restart keeps at most
  // the teardown it starts itself. Restarts are spaced so that a leak shows as a count that
  // grows, while a slow teardown only delays the pass.
  bool bounded = false;
  for (int i = 0; i < 20 && !bounded; ++i) {
    pump(*ui, 0.5);
    ui->app().push_command(cmd::Restart{spec});
    ui->frame(1.0f / 30.0f);
    bounded = ui->app().engine_teardowns_held() <= 1;
  }
  EXPECT_TRUE(bounded) << ui->app().engine_teardowns_held() << " teardown threads held";
}

// Waits (bounded) until `flag` is set.
bool wait_for(const std::atomic<bool>& flag) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!flag.load() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return flag.load();
}

TEST(TeardownThreads, DropsFinishedThreadsAndKeepsRunningOnes) {
  TeardownThreads teardowns;
  std::atomic<bool> release{false};
  std::atomic<bool> slow_done{false};
  teardowns.start([&] {
    while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    slow_done.store(true);
  });
  std::atomic<bool> quick_ran{false};
  teardowns.start([&] { quick_ran.store(true); });
  ASSERT_TRUE(wait_for(quick_ran));
  // The quick one has returned, but its flag is raised just after: poll until it is dropped.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (teardowns.held() > 1 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    teardowns.drop_finished();
  }
  EXPECT_EQ(teardowns.held(), 1u);  // the slow one is still running: kept
  EXPECT_FALSE(slow_done.load());
  release.store(true);
  teardowns.join_all();
  EXPECT_TRUE(slow_done.load());
  EXPECT_EQ(teardowns.held(), 0u);
}

TEST(TeardownThreads, TakesMoveOnlyWorkAndFinishesItBeforeDestruction) {
  std::atomic<int> destroyed{0};
  struct Counted {
    std::atomic<int>* count;
    ~Counted() { count->fetch_add(1); }
  };
  {
    TeardownThreads teardowns;
    for (int i = 0; i < 3; ++i) {
      auto owned = std::make_unique<Counted>(&destroyed);
      teardowns.start([p = std::move(owned)]() mutable { p.reset(); });
    }
  }
  EXPECT_EQ(destroyed.load(), 3);
}

}  // namespace
}  // namespace poolscope::gui::test
