// What the views are drawn from agrees with what the engine did: the queue depth is an exact step
// function that changes where the timeline's jobs start, a rendezvous holds nothing, the job in
// a blocked producer's hand is not counted as queued, jobs under way count as busy, and time
// spent paused is left out of every wait, share and rate.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

#include "poolscope/rewind.h"
#include "test_support.h"

namespace poolscope {
namespace {

using namespace std::chrono_literals;
using test::eventually;
using test::sleep_spec;

// Every depth step of the run, in time order.
std::vector<DepthStep> depth_steps(const TimelineData& tl) {
  std::vector<DepthStep> out;
  for (const auto& block : tl.depth)
    for (const DepthStep& st : block->steps) out.push_back(st);
  return out;
}

// Start times of every running segment on the worker rows.
std::vector<std::int64_t> job_starts(const TimelineData& tl) {
  std::vector<std::int64_t> out;
  for (const LaneTimeline& lane : tl.lanes) {
    if (lane.lane < first_worker_lane) continue;
    for (const auto& block : lane.blocks)
      for (const Segment& seg : block->segments)
        if (seg.state == SegmentState::running) out.push_back(seg.start_ns);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ViewsTruth, DepthStepsAreTimeOrderedAndFallExactlyAtJobStarts) {
  // 12 jobs at once into a queue of 4 with 2 workers: the queue fills, then empties one job per
  // start once the producer has nothing left to send.
  Engine engine(sleep_spec(2, 4, 12, 60.0));
  const auto snap = test::run_to_end(engine);
  ASSERT_TRUE(snap->timeline);
  const TimelineData& tl = *snap->timeline;
  const std::vector<DepthStep> steps = depth_steps(tl);
  ASSERT_FALSE(steps.empty());
  for (std::size_t i = 1; i < steps.size(); ++i) {
    EXPECT_LE(steps[i - 1].t_ns, steps[i].t_ns) << "step " << i;
    EXPECT_NE(steps[i - 1].depth, steps[i].depth) << "an unchanged depth is no step: " << i;
  }
  std::uint32_t peak = 0;
  for (const DepthStep& st : steps) peak = std::max(peak, st.depth);
  EXPECT_EQ(peak, 4u);

  const std::vector<std::int64_t> starts = job_starts(tl);
  ASSERT_EQ(starts.size(), 12u);
  // The last four starts drain a queue nobody refills: the depth drops by one exactly there
  // (at the start's own nanosecond, not a sampling interval later), down to 0 at the last.
  for (std::size_t i = starts.size() - 4; i < starts.size(); ++i) {
    const std::int64_t t = starts[i];
    EXPECT_EQ(tl.depth_at(t), tl.depth_at(t - 1) - 1) << "start " << i;
  }
  EXPECT_EQ(tl.depth_at(starts.back()), 0);
  EXPECT_EQ(snap->queue_depth, 0u);
}

TEST(ViewsTruth, TheDepthGraphAgreesWithTheQueueRebuiltFromEachJobsLife) {
  // Two independent records of the same queue: the depth readings the graph draws, and each
  // job's entry and start that the rewind rebuilds the queue's contents from. Away from their
  // changes (2 ms either side: readings and stamps are a few microseconds apart), they agree.
  // 3 workers, 24 jobs of 150 ms into a buffer of 4: the queue changes in bursts as jobs end
  // together, with quiet stretches in between that stay quiet even under a sanitizer.
  Engine engine(sleep_spec(3, 4, 24, 150.0));
  const auto snap = test::run_to_end(engine);
  ASSERT_TRUE(snap->timeline);
  const TimelineData& tl = *snap->timeline;
  const Rewind rewind(*snap);
  std::vector<std::int64_t> changes;
  for (const DepthStep& st : depth_steps(tl)) changes.push_back(st.t_ns);
  for (std::int64_t t : job_starts(tl)) changes.push_back(t);
  std::sort(changes.begin(), changes.end());
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
  // Sanitizers slow every step between an action, its stamp and its reading tenfold or more.
  constexpr std::int64_t guard_ns = 20'000'000;
#else
  constexpr std::int64_t guard_ns = 2'000'000;
#endif
  const auto near_change = [&](std::int64_t t) {
    const auto it = std::lower_bound(changes.begin(), changes.end(), t - guard_ns);
    return it != changes.end() && *it <= t + guard_ns;
  };

  const std::int64_t end = snap->start_ns + static_cast<std::int64_t>(snap->elapsed_s * 1e9);
  int compared = 0;
  for (std::int64_t t = snap->start_ns + 1'000'000; t < end; t += 1'000'000) {
    if (near_change(t)) continue;
    ++compared;
    EXPECT_EQ(tl.depth_at(t), static_cast<std::int64_t>(rewind.at(t).queue_jobs.size()))
        << "at " << double(t - snap->start_ns) / 1e6 << " ms";
  }
  EXPECT_GT(compared, 20);
}

TEST(ViewsTruth, ALiveSnapshotHoldsOnlyWhatHappenedBeforeItsNow) {
  // Mid-run, at full speed: every segment a snapshot holds lies between the run's start and the
  // snapshot's own instant (the timeline view draws them against "now").
  ScenarioSpec spec = test::sleep_spec(2, 1024, 3'000'000, 0.0);
  Engine engine(spec);
  engine.start();
  std::this_thread::sleep_for(60ms);
  const auto snap = engine.snapshot_now();
  engine.shutdown(ShutdownMode::abort);
  ASSERT_TRUE(engine.wait_finished(10s));
  ASSERT_TRUE(snap->timeline);
  const std::int64_t now = snap->start_ns + std::llround(snap->elapsed_s * 1e9);
  std::size_t segments = 0;
  for (const LaneTimeline& lane : snap->timeline->lanes)
    for (const auto& block : lane.blocks)
      for (const Segment& seg : block->segments) {
        ++segments;
        ASSERT_GE(seg.start_ns, snap->start_ns) << "lane " << lane.lane;
        ASSERT_LE(seg.end_ns, now)
            << "lane " << lane.lane << " job " << seg.job << " state " << int(seg.state) << " from "
            << double(seg.start_ns - snap->start_ns) / 1e6 << " to "
            << double(seg.end_ns - snap->start_ns) / 1e6 << " ms, now "
            << double(now - snap->start_ns) / 1e6;
      }
  EXPECT_GT(segments, 100u);
}

TEST(ViewsTruth, AnAbortEmptiesTheQueueInTheDepthStepsToo) {
  ScenarioSpec spec = sleep_spec(1, 16, 0, 2000.0);
  spec.jobs.reset();
  spec.duration_s = 30.0;
  Engine engine(spec);
  engine.start();
  ASSERT_TRUE(eventually([&] { return engine.snapshot_now()->queue_depth == 16; }, 3s));
  engine.shutdown(ShutdownMode::abort);
  ASSERT_TRUE(engine.wait_finished(3s));
  const auto snap = engine.snapshot_now();
  ASSERT_TRUE(snap->timeline);
  const std::int64_t end_ns = snap->start_ns + static_cast<std::int64_t>(snap->elapsed_s * 1e9);
  EXPECT_EQ(snap->queue_depth, 0u);
  EXPECT_EQ(snap->timeline->depth_at(end_ns), 0) << "the graph must agree with 'now 0'";
}

TEST(ViewsTruth, ARendezvousHoldsNothingAtAnyInstant) {
  // Unbuffered: a job passes from the producer's hand straight to a worker's.
  Engine engine(sleep_spec(2, 0, 50, 20.0));
  engine.start();
  std::size_t most_seen = 0;
  while (!engine.finished()) {
    most_seen = std::max(most_seen, engine.snapshot_now()->queue_depth);
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_TRUE(engine.wait_finished(10s));
  const auto snap = engine.snapshot_now();
  EXPECT_EQ(snap->counters.completed, 50u);
  EXPECT_EQ(most_seen, 0u);
  EXPECT_EQ(snap->max_queue_depth, 0u);
  EXPECT_EQ(snap->mean_queue_depth, 0.0);
  ASSERT_TRUE(snap->timeline);
  for (const DepthStep& st : depth_steps(*snap->timeline)) EXPECT_EQ(st.depth, 0u) << st.t_ns;
}

TEST(ViewsTruth, TheJobInABlockedProducersHandIsHeldNotQueued) {
  // One worker, a queue of 2: job 1 runs, 2 and 3 wait in the queue, the producer holds 4.
  Engine engine(sleep_spec(1, 2, 10, 300.0));
  engine.start();
  std::shared_ptr<const Snapshot> snap;
  ASSERT_TRUE(eventually(
      [&] {
        snap = engine.snapshot_now();
        return snap->producer.state == ProducerState::blocked && snap->queue_depth == 2 &&
               snap->counters.in_progress == 1;
      },
      3s));
  const Counters& c = snap->counters;
  EXPECT_EQ(c.queued, snap->queue_depth) << "queued must be what the queue holds";
  EXPECT_EQ(c.held, 1u);
  EXPECT_EQ(snap->producer.holding, 4u);
  EXPECT_EQ(c.in_progress, 1u);
  EXPECT_TRUE(c.adds_up());

  // A drain finishes every submitted job, the held one included: nothing is cancelled.
  engine.shutdown(ShutdownMode::drain);
  ASSERT_TRUE(engine.wait_finished(5s));
  const auto end = engine.snapshot_now();
  test::expect_settled(end->counters);
  EXPECT_EQ(end->counters.cancelled, 0u);
  EXPECT_EQ(end->counters.completed, end->counters.submitted);
  EXPECT_GE(end->counters.completed, 4u);
}

TEST(ViewsTruth, ADrainStillEndsAForgottenClose) {
  // The producer returned without closing the jobs channel: a drain must close it for it.
  ScenarioSpec spec = sleep_spec(2, 4, 4, 10.0);
  spec.mistake = Mistake::forget_close;
  EngineOptions o;
  o.end_on_stall = false;
  Engine engine(spec, o);
  engine.start();
  ASSERT_TRUE(eventually([&] { return engine.snapshot_now()->counters.completed == 4; }, 3s));
  engine.shutdown(ShutdownMode::drain);
  ASSERT_TRUE(engine.wait_finished(3s)) << "the workers still wait on a channel never closed";
}

TEST(ViewsTruth, JobsUnderWayCountAsBusyEverywhere) {
  // Four workers each in the middle of a long job: busy 100% per worker and for the pool.
  Engine engine(sleep_spec(4, 4, 12, 5000.0));
  engine.start();
  ASSERT_TRUE(eventually([&] { return engine.snapshot_now()->counters.in_progress == 4; }, 3s));
  std::this_thread::sleep_for(600ms);
  const auto snap = engine.snapshot_now();
  ASSERT_EQ(snap->workers.size(), 4u);
  for (const WorkerView& w : snap->workers) EXPECT_GT(w.utilization, 0.8) << w.slot;
  EXPECT_GT(snap->utilization, 0.8) << "the pool's figure must count the jobs under way too";
  engine.shutdown(ShutdownMode::abort);
  ASSERT_TRUE(engine.wait_finished(3s));
}

TEST(ViewsTruth, TimeSpentPausedIsNotWaitingBlockedOrIdle) {
  // One worker, 100 ms jobs, a queue of 2: the producer is blocked and jobs wait in the queue
  // when the pause comes; 1.5 s later the run resumes.
  ScenarioSpec spec = sleep_spec(1, 2, 0, 100.0);
  spec.jobs.reset();
  spec.duration_s = 30.0;
  EngineOptions o;
  o.stall_s = 0.5;  // a pause must not be mistaken for a stall either
  Engine engine(spec, o);
  engine.start();
  ASSERT_TRUE(eventually(
      [&] { return engine.snapshot_now()->producer.state == ProducerState::blocked; }, 3s));
  std::this_thread::sleep_for(300ms);
  // The pause lasts however long this thread takes to resume it (a busy machine oversleeps):
  // bracket the calls, and hold the engine's figures to the bracket, not to the 1.5 s asked for.
  using Clock = std::chrono::steady_clock;
  const auto before_pause = Clock::now();
  engine.pause();
  const auto after_pause = Clock::now();
  std::this_thread::sleep_for(1500ms);
  const auto during = engine.snapshot_now();
  EXPECT_EQ(during->phase, RunPhase::paused);
  EXPECT_NE(during->producer.state, ProducerState::blocked) << "it waits on the pause now";
  EXPECT_LT(during->producer_blocked_s, during->active_s() + 0.05);
  const auto before_resume = Clock::now();
  engine.resume();
  const auto after_resume = Clock::now();
  // 5 ms of slack: the engine's timestamps come from the TSC, whose scale may differ from
  // steady_clock's by a few hundred parts per million.
  const double paused_lo =
      std::chrono::duration<double>(before_resume - after_pause).count() - 0.005;
  const double paused_hi =
      std::chrono::duration<double>(after_resume - before_pause).count() + 0.005;
  std::this_thread::sleep_for(500ms);
  engine.shutdown(ShutdownMode::abort);
  ASSERT_TRUE(engine.wait_finished(3s));
  const auto snap = engine.snapshot_now();

  EXPECT_GE(snap->paused_s, paused_lo);
  EXPECT_LE(snap->paused_s, paused_hi);
  EXPECT_TRUE(snap->findings.empty()) << snap->findings.front().message;
  // Without the pause a job waits at most two services (~200 ms) in the queue of 2.
  EXPECT_LT(snap->queue_wait_ms.max, 800.0);
  EXPECT_LT(snap->latency_ms.max, 1000.0);
  // The producer was blocked nearly all of the active time, never longer than it.
  EXPECT_LE(snap->producer_blocked_s, snap->active_s() + 0.05);
  EXPECT_GT(snap->producer_blocked_s, 0.5 * snap->active_s());
  // The worker was busy nearly all of the active time.
  EXPECT_GT(snap->utilization, 0.7);
  ASSERT_TRUE(snap->timeline);
  ASSERT_EQ(snap->timeline->pauses.size(), 1u);
  const auto [p0, p1] = snap->timeline->pauses.front();
  EXPECT_GE(double(p1 - p0) / 1e9, paused_lo);
  EXPECT_LE(double(p1 - p0) / 1e9, paused_hi);
}

}  // namespace
}  // namespace poolscope
