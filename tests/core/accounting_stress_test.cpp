// The accounting invariant under a randomized stress of live changes (workers, buffers, pause,
// policies, consumer speed, downstream limit): at every instant submitted = completed + failed +
// rejected + dropped + cancelled + queued + in_progress, no counter ever goes backwards, and at the
// end nothing is queued or in progress. A watchdog turns a deadlock into a failure.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "poolscope/engine.h"
#include "test_support.h"

namespace poolscope {
namespace {

using namespace std::chrono_literals;

struct StressCase {
  std::uint64_t seed;
  ShutdownMode end;
};

// Counters that only ever grow during a run.
void expect_monotonic(const Counters& before, const Counters& now, int step) {
  EXPECT_GE(now.submitted, before.submitted) << "step " << step;
  EXPECT_GE(now.completed, before.completed) << "step " << step;
  EXPECT_GE(now.failed, before.failed) << "step " << step;
  EXPECT_GE(now.rejected, before.rejected) << "step " << step;
  EXPECT_GE(now.dropped, before.dropped) << "step " << step;
  EXPECT_GE(now.cancelled, before.cancelled) << "step " << step;
  EXPECT_GE(now.consumed, before.consumed) << "step " << step;
}

void expect_invariant(const Counters& c, int step) {
  EXPECT_EQ(c.submitted, c.completed + c.failed + c.rejected + c.dropped + c.cancelled + c.queued +
                             c.in_progress + c.held)
      << "step " << step;
  EXPECT_LE(c.timed_out, c.failed) << "step " << step;
}

class AccountingStress : public ::testing::TestWithParam<StressCase> {};

TEST_P(AccountingStress, InvariantHoldsAtEveryInstant) {
  const StressCase param = GetParam();
  // Declared first so it outlives the engine: a hang in the destructor also trips it.
  test::Watchdog watchdog("AccountingStress seed " + std::to_string(param.seed), 10s);
  std::mt19937_64 rng(param.seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };

  ScenarioSpec spec;
  spec.title = "stress";
  spec.workers = 3;
  spec.buffer = 4;
  spec.rate = 1500.0;  // open loop: arrivals keep coming whatever the queue does
  spec.duration_s = 60.0;
  spec.job_ms = 2.0;
  spec.dist = DurationDist::exp;
  spec.fail = 0.1;
  spec.timeout_ms = 6.0;
  spec.seed = param.seed;
  EngineOptions options;
  options.marks_kept = 1'000'000;  // every rejection / drop / cancellation, for the final check
  options.order_kept = 1'000'000;  // every submission, to bound `submitted` at each instant
  Engine engine(spec, options);
  engine.start();

  Counters before;
  test::SubmittedBound bound;
  bool paused = false;
  const auto t0 = std::chrono::steady_clock::now();
  int step = 0;
  for (; test::seconds_since(t0) < 1.2; ++step) {
    switch (pick(0, 6)) {
      case 0:
        test::set_workers(engine, pick(1, 6));
        break;
      case 1:
        test::set_buffer(engine, pick(0, 8));
        break;
      case 2:
        test::set_results_buffer(engine, pick(0, 4));
        break;
      case 3:
        paused ? engine.resume() : engine.pause();
        paused = !paused;
        break;
      default: {
        ScenarioSpec s = engine.snapshot()->spec;
        s.policy = static_cast<FullPolicy>(pick(0, 3));
        s.consumer_ms = pick(0, 3) == 0 ? 1.0 : 0.0;
        s.downstream = pick(0, 3);
        engine.apply(s);
        break;
      }
    }
    const auto snap = engine.snapshot_now();
    expect_invariant(snap->counters, step);
    expect_monotonic(before, snap->counters, step);
    EXPECT_EQ(bound.check(*snap), 0u) << "a job was counted twice (step " << step << ")";
    before = snap->counters;
    watchdog.kick();
    std::this_thread::sleep_for(std::chrono::milliseconds(pick(1, 12)));
    if (::testing::Test::HasFailure()) break;
  }
  EXPECT_GT(before.submitted, 100u) << "the stress hardly ran";

  engine.resume();
  engine.shutdown(param.end);
  ASSERT_TRUE(engine.wait_finished(5s)) << "the run did not end after " << to_string(param.end);
  watchdog.kick();
  const auto snap = engine.snapshot_now();
  const Counters& c = snap->counters;
  expect_invariant(c, step);
  expect_monotonic(before, c, step);
  test::expect_settled(c);
  EXPECT_EQ(snap->queue_depth, 0u);

  if (param.end == ShutdownMode::drain) {
    // No result is discarded in a drain: everything that ended with a result was consumed.
    EXPECT_EQ(c.consumed, c.completed + c.failed);
    // Each job id is in exactly one place: a consumed result, or a reject/drop/cancel mark.
    ASSERT_EQ(engine.lost_events(), 0u) << "ring overflow: the per-id check needs every event";
    std::map<std::uint64_t, int> seen;
    for (const JobRecord& r : engine.job_records()) ++seen[r.id];
    EXPECT_EQ(seen.size(), c.submitted);
    for (const auto& [id, n] : seen) {
      EXPECT_EQ(n, 1) << "job " << id;
      EXPECT_GE(id, 1u);
      EXPECT_LE(id, c.submitted);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, AccountingStress,
                         ::testing::Values(StressCase{1, ShutdownMode::drain},
                                           StressCase{2, ShutdownMode::cancel},
                                           StressCase{3, ShutdownMode::abort},
                                           StressCase{4, ShutdownMode::drain}),
                         [](const auto& param_info) {
                           return "Seed" + std::to_string(param_info.param.seed) +
                                  std::string(to_string(param_info.param.end));
                         });

// The closed loop with many tiny jobs moves them in batches: the same invariant must hold while
// the pool is resized under it.
TEST(AccountingStress, BatchedEmptyJobsUnderResize) {
  test::Watchdog watchdog("BatchedEmptyJobsUnderResize", 10s);
  ScenarioSpec spec;
  spec.workers = 2;
  spec.buffer = 16;
  spec.jobs = 50'000;
  spec.job_ms = 0.0;
  Engine engine(spec);
  engine.start();
  Counters before;
  int step = 0;
  for (; !engine.finished() && step < 5000; ++step) {
    test::set_workers(engine, 1 + step % 4);
    if (step % 7 == 0) test::set_buffer(engine, step % 3 == 0 ? 0 : 64);
    const auto snap = engine.snapshot_now();
    expect_invariant(snap->counters, step);
    expect_monotonic(before, snap->counters, step);
    before = snap->counters;
    watchdog.kick();
    std::this_thread::sleep_for(2ms);
  }
  ASSERT_TRUE(engine.wait_finished(10s));
  const auto snap = engine.snapshot_now();
  test::expect_settled(snap->counters);
  EXPECT_EQ(snap->counters.completed, 50'000u);
  EXPECT_EQ(snap->counters.consumed, 50'000u);
}

}  // namespace
}  // namespace poolscope
