// The seed lesson scaled down: 3 workers, buffer 5, 5 jobs of 200 ms end in two waves (about
// 400 ms), not one after another (1000 ms).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "poolscope/engine.h"
#include "test_support.h"

namespace poolscope {
namespace {

TEST(SeedLesson, FiveJobsOnThreeWorkersTakeTwoWaves) {
  Engine engine(test::sleep_spec(3, 5, 5, 200.0));
  const auto snap = test::run_to_end(engine);
  const Counters& c = snap->counters;
  test::expect_settled(c);
  EXPECT_EQ(c.submitted, 5u);
  EXPECT_EQ(c.completed, 5u);
  // 1 ms of slack: elapsed_s comes from TSC timestamps, whose scale may differ from steady_clock
  // (which times the sleeps) by a few hundred parts per million.
  EXPECT_GE(snap->elapsed_s, 0.399);
  EXPECT_LT(snap->elapsed_s, 0.75) << "the jobs should run three at a time";

  // The first three start together, the last two wait for a free worker (about 200 ms).
  EXPECT_GE(snap->queue_wait_ms.max, 180.0);
  EXPECT_GE(snap->service_ms.p50, 195.0);
  EXPECT_LT(snap->service_ms.max, 600.0);
  std::set<std::uint64_t> ids(snap->completion_order.begin(), snap->completion_order.end());
  EXPECT_EQ(ids, (std::set<std::uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(snap->submission_order, (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
  // Nothing blocked the producer: the buffer holds all five.
  EXPECT_LT(snap->producer_blocked_s, 0.01);
  EXPECT_LE(snap->max_queue_depth, 5u);
  EXPECT_GT(snap->utilization, 0.5);
  EXPECT_LE(snap->utilization, 1.0);
}

}  // namespace
}  // namespace poolscope
