// Shutdown modes: drain finishes everything queued; cancel and abort end within a second even
// with 10-second jobs and count what they stop as cancelled; the results channel closes only
// after every worker has exited (the WaitGroup lesson).
#include <gtest/gtest.h>

#include <chrono>

#include "job.h"
#include "poolscope/engine.h"
#include "test_support.h"

namespace poolscope {
namespace {

using namespace std::chrono_literals;
using test::eventually;
using test::sleep_spec;

// Waits (bounded) until the pool is saturated: every worker busy and the queue full.
void wait_saturated(Engine& engine, std::uint64_t workers, std::uint64_t buffer) {
  ASSERT_TRUE(eventually(
      [&] {
        const auto s = engine.snapshot_now();
        return s->counters.in_progress == workers && s->counters.queued >= buffer &&
               s->producer.state == ProducerState::blocked;
      },
      3s))
      << "the pool never filled up";
}

// Times a shutdown request until the run has ended; seconds, or a large value on a hang.
double time_shutdown(Engine& engine, ShutdownMode mode) {
  const auto t0 = std::chrono::steady_clock::now();
  engine.shutdown(mode);
  if (!engine.wait_finished(5s)) return 1e9;
  return test::seconds_since(t0);
}

TEST(Shutdown, DrainFinishesEverythingQueued) {
  // Produce for a long time; drain stops the producer and lets the workers empty the queue.
  ScenarioSpec spec = sleep_spec(2, 10, 0, 30.0);
  spec.jobs.reset();
  spec.duration_s = 60.0;
  Engine engine(spec);
  engine.start();
  wait_saturated(engine, 2, 10);
  const double took = time_shutdown(engine, ShutdownMode::drain);
  // 2 running + 10 queued jobs of 30 ms on 2 workers: about 180 ms of work left.
  EXPECT_GE(took, 0.12);
  EXPECT_LT(took, 2.0);
  const auto snap = engine.snapshot_now();
  const Counters& c = snap->counters;
  test::expect_settled(c);
  EXPECT_GE(c.completed, 12u);
  EXPECT_EQ(c.failed + c.rejected + c.dropped, 0u);
  // Nothing is cancelled, not even the job the producer was blocked on: it was submitted, so the
  // drain lets its send finish.
  EXPECT_EQ(c.cancelled, 0u);
  EXPECT_EQ(c.consumed, c.completed);
  EXPECT_EQ(snap->phase, RunPhase::finished);
}

class HardShutdown : public ::testing::TestWithParam<ShutdownMode> {};

TEST_P(HardShutdown, EndsWithinOneSecondWithTenSecondJobs) {
  test::Watchdog watchdog("HardShutdown", 20s);
  Engine engine(sleep_spec(3, 6, 50, 10'000.0));
  engine.start();
  wait_saturated(engine, 3, 6);
  const double took = time_shutdown(engine, GetParam());
  EXPECT_LT(took, 1.0) << to_string(GetParam()) << " took " << took << " s";
  const auto snap = engine.snapshot_now();
  const Counters& c = snap->counters;
  test::expect_settled(c);
  // Nothing could finish: the 6 queued jobs, the 3 in progress and the one the producer was
  // blocked on are all cancelled.
  EXPECT_EQ(c.completed + c.failed, 0u);
  EXPECT_GE(c.cancelled, 9u);
  EXPECT_EQ(c.cancelled, c.submitted);
  EXPECT_EQ(snap->queue_depth, 0u);
  EXPECT_EQ(snap->phase, RunPhase::finished);
}

INSTANTIATE_TEST_SUITE_P(Modes, HardShutdown,
                         ::testing::Values(ShutdownMode::cancel, ShutdownMode::abort),
                         [](const auto& param_info) {
                           return std::string(to_string(param_info.param));
                         });

TEST(Shutdown, CancelLetsShortInProgressJobsFinish) {
  // Cancel drops the queue but, unlike abort, lets in-progress jobs end on their own.
  Engine engine(sleep_spec(2, 8, 40, 150.0));
  engine.start();
  wait_saturated(engine, 2, 8);
  const double took = time_shutdown(engine, ShutdownMode::cancel);
  EXPECT_LT(took, 1.0);
  const auto snap = engine.snapshot_now();
  const Counters& c = snap->counters;
  test::expect_settled(c);
  EXPECT_GE(c.completed, 2u);  // the two running when the cancel came
  EXPECT_GE(c.cancelled, 8u);  // the queue
  EXPECT_EQ(c.failed, 0u);
}

TEST(Shutdown, AbortInterruptsInProgressJobsAtOnce) {
  Engine engine(sleep_spec(2, 2, 10, 10'000.0));
  engine.start();
  wait_saturated(engine, 2, 2);
  const double took = time_shutdown(engine, ShutdownMode::abort);
  EXPECT_LT(took, 1.0);
  const auto snap = engine.snapshot_now();
  test::expect_settled(snap->counters);
  // No grace period: the sleeping jobs were interrupted, none ran to its end.
  EXPECT_EQ(snap->counters.completed, 0u);
  EXPECT_EQ(snap->counters.cancelled, snap->counters.submitted);
  EXPECT_LT(snap->service_ms.max, 5000.0);
}

TEST(Shutdown, ResultsCloseOnlyAfterEveryWorkerHasExited) {
  // Many workers and a tiny results queue: if the results channel closed while a worker still
  // had a result to send, that result would be lost and consumed would fall short.
  for (int round = 0; round < 5; ++round) {
    ScenarioSpec spec = sleep_spec(8, 4, 200, 0.5);
    spec.results_buffer = 1;
    Engine engine(spec);
    const auto snap = test::run_to_end(engine, 10s);
    const Counters& c = snap->counters;
    test::expect_settled(c);
    ASSERT_EQ(c.completed, 200u);
    ASSERT_EQ(c.consumed, 200u) << "round " << round;
    for (const WorkerView& w : snap->workers)
      EXPECT_EQ(w.state, WorkerState::exited) << "worker " << w.slot << " round " << round;
  }
}

TEST(Shutdown, DrainWhilePausedStillEnds) {
  Engine engine(sleep_spec(2, 4, 30, 20.0));
  engine.start();
  ASSERT_TRUE(eventually([&] { return engine.snapshot_now()->counters.in_progress > 0; }, 2s));
  engine.pause();
  EXPECT_EQ(engine.snapshot_now()->phase, RunPhase::paused);
  const double took = time_shutdown(engine, ShutdownMode::drain);
  EXPECT_LT(took, 2.0);
  test::expect_settled(engine.snapshot_now()->counters);
}

TEST(Shutdown, AStrongerRequestOvertakesAWeakerOne) {
  // A drain with 10-second jobs would take 10 s; an abort right after ends it at once.
  Engine engine(sleep_spec(2, 2, 10, 10'000.0));
  engine.start();
  wait_saturated(engine, 2, 2);
  engine.shutdown(ShutdownMode::drain);
  EXPECT_FALSE(engine.wait_finished(100ms));
  const double took = time_shutdown(engine, ShutdownMode::abort);
  EXPECT_LT(took, 1.0);
  test::expect_settled(engine.snapshot_now()->counters);
}

TEST(Shutdown, BeforeStartAndTwiceAreHarmless) {
  Engine never_started(sleep_spec(2, 2, 4, 10.0));
  never_started.shutdown(ShutdownMode::cancel);
  EXPECT_TRUE(never_started.wait_finished(1s));

  Engine engine(sleep_spec(2, 2, 4, 10.0));
  const auto snap = test::run_to_end(engine);
  EXPECT_EQ(snap->counters.completed, 4u);
  engine.shutdown(ShutdownMode::abort);
  engine.shutdown(ShutdownMode::drain);
  EXPECT_TRUE(engine.wait_finished(1s));
  EXPECT_EQ(engine.snapshot_now()->counters.completed, 4u);
}

TEST(Shutdown, DestroyingARunningEngineEndsPromptly) {
  const auto t0 = std::chrono::steady_clock::now();
  {
    test::Watchdog watchdog("engine destructor", 10s);
    Engine engine(sleep_spec(4, 4, 100, 10'000.0));
    engine.start();
    ASSERT_TRUE(eventually([&] { return engine.snapshot_now()->counters.in_progress == 4; }, 2s));
  }
  EXPECT_LT(test::seconds_since(t0), 3.0);
}

// A seed whose first job is short, second medium and third long (uniform durations).
std::uint64_t seed_for_short_medium_long(const JobProfile& p) {
  for (std::uint64_t seed = 1; seed < 1'000'000; ++seed) {
    JobFactory f(seed);
    const double a = double(f.make(1, p).duration_ns) / 1e6;
    const double b = double(f.make(2, p).duration_ns) / 1e6;
    const double c = double(f.make(3, p).duration_ns) / 1e6;
    if (a < 25 && b > 90 && b < 150 && c > 260) return seed;
  }
  return 0;
}

TEST(Shutdown, DrainKeepsTheResultOfAJobTheProducerRuns) {
  // caller-runs makes the producer a sender of results too. Here the worker's jobs are short and
  // the producer's own job is long, so the worker exits first in a drain: the results channel
  // must stay open until the producer has handed over its result as well.
  ScenarioSpec spec = sleep_spec(1, 1, 3, 150.0);
  spec.policy = FullPolicy::caller_runs;
  spec.dist = DurationDist::uniform;
  spec.spread = 1.0;
  spec.seed = seed_for_short_medium_long(JobProfile::from(spec));
  ASSERT_NE(spec.seed, 0u);
  Engine engine(spec);
  engine.start();
  ASSERT_TRUE(eventually(
      [&] { return engine.snapshot_now()->producer.state == ProducerState::running_job; }, 2s));
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  engine.shutdown(ShutdownMode::drain);
  ASSERT_TRUE(engine.wait_finished(3s));
  const auto snap = engine.snapshot_now();
  const Counters& c = snap->counters;
  test::expect_settled(c);
  EXPECT_GE(c.caller_ran, 1u);
  EXPECT_EQ(c.cancelled, 0u);
  EXPECT_GE(c.completed, 2u);  // the producer's job 2 or 3 ended after the drain began
  EXPECT_EQ(c.consumed, c.completed) << "a finished job's result was lost";
}

}  // namespace
}  // namespace poolscope
