// Full-queue policies: block, reject, caller-runs and drop-oldest each behave as specified, and
// their counts add up to what the producer offered.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

#include "poolscope/engine.h"
#include "test_support.h"

namespace poolscope {
namespace {

using namespace std::chrono_literals;
using test::sleep_spec;

ScenarioSpec with_policy(ScenarioSpec s, FullPolicy p) {
  s.policy = p;
  return s;
}

std::set<std::uint64_t> marked(const Snapshot& s, EventKind kind) {
  std::set<std::uint64_t> ids;
  if (!s.timeline) return ids;
  for (const Mark& m : s.timeline->marks)
    if (m.kind == kind) ids.insert(m.job);
  return ids;
}

std::set<std::uint64_t> completed_ids(const Snapshot& s) {
  return {s.completion_order.begin(), s.completion_order.end()};
}

std::set<std::uint64_t> ids_up_to(std::uint64_t n) {
  std::set<std::uint64_t> ids;
  for (std::uint64_t i = 1; i <= n; ++i) ids.insert(i);
  return ids;
}

TEST(Policy, BlockMakesTheProducerWait) {
  // One worker, one slot: every job after the second waits for the worker to free a slot.
  Engine engine(with_policy(sleep_spec(1, 1, 5, 40.0), FullPolicy::block));
  const auto snap = test::run_to_end(engine);
  const Counters& c = snap->counters;
  test::expect_settled(c);
  EXPECT_EQ(c.submitted, 5u);
  EXPECT_EQ(c.completed, 5u);
  EXPECT_EQ(c.rejected + c.dropped + c.cancelled + c.caller_ran, 0u);
  EXPECT_GE(snap->producer_blocked_s, 0.08);
  EXPECT_LE(snap->max_queue_depth, 1u);
  // The blocked time shows on the producer's row.
  ASSERT_TRUE(snap->timeline);
  std::size_t blocked_segments = 0;
  for (const LaneTimeline& lane : snap->timeline->lanes)
    for (const auto& block : lane.blocks)
      for (const Segment& seg : block->segments)
        blocked_segments += seg.state == SegmentState::blocked_submit ? 1 : 0;
  EXPECT_GE(blocked_segments, 2u);
}

TEST(Policy, RejectRefusesAndCountsWithoutBlocking) {
  Engine engine(with_policy(sleep_spec(1, 1, 10, 100.0), FullPolicy::reject));
  const auto snap = test::run_to_end(engine);
  const Counters& c = snap->counters;
  test::expect_settled(c);
  EXPECT_EQ(c.submitted, 10u);
  EXPECT_EQ(c.completed + c.rejected, 10u);
  // The producer offers all ten at once: one or two fit (the worker's and the queue's).
  EXPECT_GE(c.rejected, 8u);
  EXPECT_GE(c.completed, 1u);
  EXPECT_EQ(c.dropped + c.cancelled + c.caller_ran, 0u);
  EXPECT_LT(snap->producer_blocked_s, 0.01);
  // Each rejection is an instant mark naming the job; rejected jobs never run.
  const auto rejected = marked(*snap, EventKind::job_rejected);
  EXPECT_EQ(rejected.size(), c.rejected);
  const auto done = completed_ids(*snap);
  for (auto id : rejected) EXPECT_FALSE(done.count(id)) << "rejected job " << id << " ran";
  std::set<std::uint64_t> all = rejected;
  all.insert(done.begin(), done.end());
  EXPECT_EQ(all, ids_up_to(10));
}

TEST(Policy, RejectOnAnUnbufferedQueueAcceptsOnlyWhenAWorkerWaits) {
  Engine engine(with_policy(sleep_spec(2, 0, 10, 100.0), FullPolicy::reject));
  const auto snap = test::run_to_end(engine);
  const Counters& c = snap->counters;
  test::expect_settled(c);
  EXPECT_EQ(c.completed + c.rejected, 10u);
  EXPECT_LE(c.completed, 2u);  // at most one per waiting worker
}

TEST(Policy, CallerRunsRunsTheJobOnTheProducer) {
  Engine engine(with_policy(sleep_spec(1, 1, 6, 50.0), FullPolicy::caller_runs));
  const auto snap = test::run_to_end(engine);
  const Counters& c = snap->counters;
  test::expect_settled(c);
  EXPECT_EQ(c.submitted, 6u);
  EXPECT_EQ(c.completed, 6u);  // nothing refused: the producer did the overflow itself
  EXPECT_GE(c.caller_ran, 1u);
  EXPECT_EQ(c.rejected + c.dropped + c.cancelled, 0u);

  std::uint64_t on_producer = 0;
  for (const JobRecord& r : engine.job_records()) {
    if (r.worker != -2) continue;
    ++on_producer;
    EXPECT_EQ(r.outcome, JobOutcome::ok);
    EXPECT_GE(r.end_ns - r.start_ns, 45'000'000) << "job " << r.id << " really ran its 50 ms";
  }
  EXPECT_EQ(on_producer, c.caller_ran);
  // Running jobs itself slows the producer down: the run takes at least two job lengths.
  EXPECT_GE(snap->elapsed_s, 0.1);
}

TEST(Policy, DropOldestDiscardsTheOldestQueuedJob) {
  Engine engine(with_policy(sleep_spec(1, 2, 10, 60.0), FullPolicy::drop_oldest));
  const auto snap = test::run_to_end(engine);
  const Counters& c = snap->counters;
  test::expect_settled(c);
  EXPECT_EQ(c.submitted, 10u);
  EXPECT_EQ(c.completed + c.dropped, 10u);
  EXPECT_GE(c.dropped, 5u);
  EXPECT_EQ(c.rejected + c.cancelled + c.caller_ran, 0u);

  const auto dropped = marked(*snap, EventKind::job_dropped);
  EXPECT_EQ(dropped.size(), c.dropped);
  const auto done = completed_ids(*snap);
  // The newest jobs are never the ones dropped.
  EXPECT_TRUE(done.count(9));
  EXPECT_TRUE(done.count(10));
  for (auto id : dropped) EXPECT_FALSE(done.count(id)) << "dropped job " << id << " ran";
  std::set<std::uint64_t> all = dropped;
  all.insert(done.begin(), done.end());
  EXPECT_EQ(all, ids_up_to(10));
  // Dropped jobs are older than every job still queued after them: the survivors other than the
  // first (taken by the worker before the queue filled) are the last two.
  std::vector<std::uint64_t> order = snap->completion_order;
  ASSERT_GE(order.size(), 2u);
  EXPECT_EQ(std::vector<std::uint64_t>(order.end() - 2, order.end()),
            (std::vector<std::uint64_t>{9, 10}));
}

TEST(Policy, DropOldestOnAnUnbufferedQueueDropsTheNewJob) {
  // Nothing is queued to drop, so the offered job itself is dropped.
  Engine engine(with_policy(sleep_spec(1, 0, 6, 80.0), FullPolicy::drop_oldest));
  const auto snap = test::run_to_end(engine);
  const Counters& c = snap->counters;
  test::expect_settled(c);
  EXPECT_EQ(c.completed + c.dropped, 6u);
  EXPECT_GE(c.dropped, 5u);
  EXPECT_LE(c.completed, 1u);
}

TEST(Policy, ChangingThePolicyLiveTakesEffect) {
  // Start blocking with a stuck producer, then switch to reject: the producer stops waiting.
  ScenarioSpec spec = sleep_spec(1, 1, 50, 150.0);
  Engine engine(spec);
  engine.start();
  ASSERT_TRUE(test::eventually(
      [&] { return engine.snapshot_now()->producer.state == ProducerState::blocked; }, 2s));
  spec.policy = FullPolicy::reject;
  engine.apply(spec);
  // The blocked submit finishes when a slot frees up; after that everything is rejected at once.
  ASSERT_TRUE(engine.wait_finished(3s));
  const auto snap = engine.snapshot_now();
  test::expect_settled(snap->counters);
  EXPECT_GE(snap->counters.rejected, 40u);
  EXPECT_LT(snap->elapsed_s, 1.5);  // blocking all the way would take 50 x 150 ms
}

TEST(Policy, CallerRunsNeverCountsAJobTwice) {
  // A slow consumer and an unbuffered results queue: after running a job itself, the producer
  // waits to hand over its result. That job is completed, not still in progress, so at no
  // instant may the counters show more jobs than the producer has offered.
  ScenarioSpec spec = with_policy(sleep_spec(1, 1, 8, 20.0), FullPolicy::caller_runs);
  spec.results_buffer = 0;
  spec.consumer_ms = 150.0;
  Engine engine(spec);
  engine.start();
  test::SubmittedBound bound;
  bool producer_ran = false;
  const auto t0 = std::chrono::steady_clock::now();
  while (!engine.wait_finished(std::chrono::milliseconds(1))) {
    const auto snap = engine.snapshot_now();
    const Counters& c = snap->counters;
    ASSERT_EQ(bound.check(*snap), 0u) << "completed " << c.completed << " in progress "
                                      << c.in_progress << " queued " << c.queued;
    ASSERT_LE(c.in_progress, 2u);  // the worker and the producer
    producer_ran = producer_ran || c.caller_ran > 0;
    ASSERT_LT(test::seconds_since(t0), 10.0);
  }
  EXPECT_TRUE(producer_ran);
  const auto snap = engine.snapshot_now();
  test::expect_settled(snap->counters);
  EXPECT_EQ(snap->counters.completed, 8u);
  EXPECT_EQ(snap->counters.consumed, 8u);
}

}  // namespace
}  // namespace poolscope
