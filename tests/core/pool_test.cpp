// The worker pool: live resize up and down under load (no job lost or run twice), new workers
// start at once, retiring workers finish their current job first.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "poolscope/engine.h"
#include "test_support.h"

namespace poolscope {
namespace {

using namespace std::chrono_literals;
using test::eventually;
using test::sleep_spec;

// Every job id 1..n finished exactly once, according to the per-job records.
void expect_each_job_once(Engine& engine, std::uint64_t n) {
  std::map<std::uint64_t, int> runs;
  for (const JobRecord& r : engine.job_records()) ++runs[r.id];
  EXPECT_EQ(runs.size(), n);
  for (std::uint64_t id = 1; id <= n; ++id) EXPECT_EQ(runs[id], 1) << "job " << id;
}

int live_workers(const Snapshot& s) {
  return int(std::count_if(s.workers.begin(), s.workers.end(),
                           [](const WorkerView& w) { return w.state != WorkerState::exited; }));
}

class PoolResize : public ::testing::TestWithParam<int> {};

// Resizing through many sizes while jobs flow: every job runs once, none is lost.
TEST_P(PoolResize, UnderLoadNoJobLostOrRunTwice) {
  const int first = GetParam();
  constexpr std::int64_t jobs = 300;
  test::Watchdog watchdog("PoolResize", 15s);
  Engine engine(sleep_spec(first, 8, jobs, 2.0));
  engine.start();
  const int sizes[] = {1, 6, 3, 8, 2, 5, 1, 4};
  for (std::size_t i = 0; !engine.finished(); ++i) {
    test::set_workers(engine, sizes[i % std::size(sizes)]);
    std::this_thread::sleep_for(15ms);
    watchdog.kick();
    ASSERT_LT(i, 2000u) << "the run never ends";
  }
  ASSERT_TRUE(engine.wait_finished(5s));
  const auto snap = engine.snapshot_now();
  test::expect_settled(snap->counters);
  EXPECT_EQ(snap->counters.submitted, std::uint64_t(jobs));
  EXPECT_EQ(snap->counters.completed, std::uint64_t(jobs));
  EXPECT_EQ(snap->counters.consumed, std::uint64_t(jobs));
  expect_each_job_once(engine, jobs);
  // The completion order is a permutation of the submitted ids.
  std::vector<std::uint64_t> order = snap->completion_order;
  std::sort(order.begin(), order.end());
  ASSERT_EQ(order.size(), std::size_t(jobs));
  for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], i + 1);
}

INSTANTIATE_TEST_SUITE_P(StartingWorkers, PoolResize, ::testing::Values(1, 2, 4));

TEST(Pool, NewWorkersStartAtOnce) {
  Engine engine(sleep_spec(1, 8, 4, 400.0));
  engine.start();
  ASSERT_TRUE(eventually([&] { return engine.snapshot_now()->counters.in_progress == 1; }, 2s));
  test::set_workers(engine, 4);
  // The three queued jobs are picked up by the new workers before the first job ends (after it,
  // only three jobs would be left: 4 in progress proves the new workers started at once).
  ASSERT_TRUE(eventually([&] { return engine.snapshot_now()->counters.in_progress == 4; }, 2s));
  const auto snap = engine.snapshot_now();
  EXPECT_EQ(snap->workers.size(), 4u);
  EXPECT_EQ(snap->spec.workers, 4);
  engine.shutdown(ShutdownMode::abort);
  ASSERT_TRUE(engine.wait_finished(2s));
}

TEST(Pool, RetiringWorkersFinishTheirCurrentJob) {
  // 3 workers start 3 jobs of 200 ms; shrinking to 1 lets those finish (ok, not cancelled) and
  // leaves the 3 remaining jobs to the one worker left.
  Engine engine(sleep_spec(3, 5, 6, 200.0));
  engine.start();
  ASSERT_TRUE(eventually([&] { return engine.snapshot_now()->counters.in_progress == 3; }, 2s));
  test::set_workers(engine, 1);
  ASSERT_TRUE(engine.wait_finished(5s));
  const auto snap = engine.snapshot_now();
  test::expect_settled(snap->counters);
  EXPECT_EQ(snap->counters.completed, 6u);
  EXPECT_EQ(snap->counters.cancelled, 0u);
  EXPECT_GE(snap->elapsed_s, 0.75);  // 200 ms, then 3 x 200 ms on the one worker left

  std::map<std::uint64_t, JobRecord> by_id;
  for (const JobRecord& r : engine.job_records()) by_id[r.id] = r;
  ASSERT_EQ(by_id.size(), 6u);
  std::set<int> first_wave_workers;
  for (std::uint64_t id = 1; id <= 3; ++id) {
    const JobRecord& r = by_id[id];
    EXPECT_EQ(r.outcome, JobOutcome::ok) << "job " << id;
    EXPECT_GE(r.end_ns - r.start_ns, 195'000'000) << "job " << id << " was cut short";
    first_wave_workers.insert(r.worker);
  }
  EXPECT_EQ(first_wave_workers, (std::set<int>{0, 1, 2}));
  // Shrinking retires the highest slots: what is left runs on slot 0, one job after another.
  for (std::uint64_t id = 4; id <= 6; ++id) {
    EXPECT_EQ(by_id[id].worker, 0) << "job " << id;
    EXPECT_EQ(by_id[id].outcome, JobOutcome::ok);
  }
  EXPECT_GE(by_id[5].start_ns, by_id[4].end_ns);
  EXPECT_GE(by_id[6].start_ns, by_id[5].end_ns);
}

TEST(Pool, ShrinkingBelowTheRunningJobsThenGrowingAgain) {
  // Retired slots are reused once their thread has exited; the run still completes every job.
  Engine engine(sleep_spec(4, 4, 16, 50.0));
  engine.start();
  ASSERT_TRUE(eventually([&] { return engine.snapshot_now()->counters.in_progress == 4; }, 2s));
  test::set_workers(engine, 1);
  ASSERT_TRUE(eventually([&] { return live_workers(*engine.snapshot_now()) == 1; }, 2s));
  test::set_workers(engine, 3);
  ASSERT_TRUE(eventually([&] { return live_workers(*engine.snapshot_now()) == 3; }, 2s));
  ASSERT_TRUE(engine.wait_finished(5s));
  const auto snap = engine.snapshot_now();
  test::expect_settled(snap->counters);
  EXPECT_EQ(snap->counters.completed, 16u);
  expect_each_job_once(engine, 16);
}

TEST(Pool, ResizeChurnNeverDeadlocks) {
  // Workers retire while the pool grows again at once: growing reuses (and joins) the slots of
  // workers that have just exited, which must never wait on a thread that waits on the pool.
  test::Watchdog watchdog("ResizeChurn", 10s);
  ScenarioSpec spec = sleep_spec(2, 16, 0, 0.0);
  spec.jobs.reset();
  spec.duration_s = 30.0;
  Engine engine(spec);
  engine.start();
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; test::seconds_since(t0) < 1.0; ++i) {
    test::set_workers(engine, i % 2 ? 3 : 1);
    if (i % 64 == 0) watchdog.kick();
    std::this_thread::yield();
  }
  watchdog.kick();
  engine.shutdown(ShutdownMode::drain);
  ASSERT_TRUE(engine.wait_finished(5s));
  const auto snap = engine.snapshot_now();
  test::expect_settled(snap->counters);
  EXPECT_EQ(snap->counters.consumed, snap->counters.completed);
}

}  // namespace
}  // namespace poolscope
