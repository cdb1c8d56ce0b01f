// Runs of empty jobs are recorded as one or two ring slots and expanded by the collector into
// exactly the per-job events they stand for: the timeline of a run at millions of jobs per
// second still holds every job's submit, start, end and consumption.
#include "event_runs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

#include "poolscope/engine.h"
#include "test_support.h"

namespace poolscope {
namespace {

using namespace std::chrono_literals;

std::vector<Event> expand(const std::vector<Event>& in, std::optional<Event>& open_run) {
  std::vector<Event> out;
  expand_runs(in, open_run, [&](const Event& e) { out.push_back(e); });
  return out;
}

TEST(EventRuns, EvenSpreadCoversTheSpanInEqualSteps) {
  const EvenSpread exact(1000, 1000 + 2560, 256);
  for (std::size_t i = 0; i <= 256; ++i) EXPECT_EQ(exact.boundary(i), 1000 + 10 * std::int64_t(i));
  // A span that does not divide: monotone, from the start to within a nanosecond of the end.
  const EvenSpread odd(5, 5 + 1001, 7);
  EXPECT_EQ(odd.boundary(0), 5);
  for (std::size_t i = 1; i <= 7; ++i) EXPECT_GE(odd.boundary(i), odd.boundary(i - 1));
  EXPECT_LE(odd.boundary(7), 5 + 1001);
  EXPECT_GE(odd.boundary(7), 5 + 1000);
  // A batch that took no measurable time: every job starts and ends at that instant.
  const EvenSpread none(42, 42, 3);
  EXPECT_EQ(none.boundary(3), 42);
}

TEST(EventRuns, ARanRunBecomesEachJobsStartAndEnd) {
  const Lane lane = worker_lane(1);
  std::vector<Event> in = {
      Event{100, 0, 0, lane, EventKind::worker_idle_end},
      Event{100, 7, 5, lane, EventKind::jobs_ran_run, job_class::high},
      Event{100 + 40, 4, 0, lane, EventKind::jobs_ran_run_end},
      Event{150, 0, 0, lane, EventKind::worker_idle_begin},
  };
  std::optional<Event> open_run;
  const std::vector<Event> out = expand(in, open_run);
  ASSERT_EQ(out.size(), 2u + 2 * 4);
  EXPECT_EQ(out.front().kind, EventKind::worker_idle_end);
  EXPECT_EQ(out.back().kind, EventKind::worker_idle_begin);
  for (std::size_t i = 0; i < 4; ++i) {
    const Event& start = out[1 + 2 * i];
    const Event& end = out[2 + 2 * i];
    SCOPED_TRACE(i);
    EXPECT_EQ(start.kind, EventKind::job_started);
    EXPECT_EQ(end.kind, EventKind::job_finished);
    EXPECT_EQ(start.job, 7 + i);
    EXPECT_EQ(end.job, 7 + i);
    EXPECT_EQ(start.t_ns, 100 + 10 * std::int64_t(i));
    EXPECT_EQ(end.t_ns, 110 + 10 * std::int64_t(i));
    EXPECT_EQ(start.lane, lane);
    EXPECT_EQ(start.job_class, job_class::high);
    // The depth reading of the take belongs to the first start only.
    EXPECT_EQ(start.value, i == 0 ? 5u : 0u);
  }
  EXPECT_FALSE(open_run);
}

TEST(EventRuns, SubmitAndConsumeRunsBecomeOneInstantPerJob) {
  std::vector<Event> in = {
      Event{10, 1, 3, producer_lane, EventKind::jobs_submitted_run},
      Event{20, 4, 0, producer_lane, EventKind::job_submitted},
      Event{30, 9, 2, consumer_lane, EventKind::results_consumed_run},
  };
  std::optional<Event> open_run;
  const std::vector<Event> out = expand(in, open_run);
  ASSERT_EQ(out.size(), 6u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(out[i].kind, EventKind::job_submitted);
    EXPECT_EQ(out[i].job, 1 + i);
    EXPECT_EQ(out[i].t_ns, i < 3 ? 10 : 20);
    EXPECT_EQ(out[i].value, 0u) << "a run's submits carry no depth reading";
  }
  EXPECT_EQ(out[4].kind, EventKind::result_consumed);
  EXPECT_EQ(out[4].job, 9u);
  EXPECT_EQ(out[5].job, 10u);
  EXPECT_EQ(out[5].t_ns, 30);
}

TEST(EventRuns, ARunSplitAcrossTwoReadsIsJoinedAndALoneEndIsSkipped) {
  const Lane lane = worker_lane(0);
  std::optional<Event> open_run;
  EXPECT_TRUE(expand({Event{0, 1, 0, lane, EventKind::jobs_ran_run}}, open_run).empty());
  ASSERT_TRUE(open_run);
  EXPECT_EQ(expand({Event{20, 2, 0, lane, EventKind::jobs_ran_run_end}}, open_run).size(), 4u);
  // The start was overwritten before it was read: nothing is made up for its end.
  EXPECT_TRUE(expand({Event{40, 2, 0, lane, EventKind::jobs_ran_run_end}}, open_run).empty());
}

TEST(EventRuns, EveryEmptyJobIsOnTheTimelineOnceWithItsSubmitAndConsumption) {
  // Empty jobs at full speed: the workers, the producer and the consumer record runs.
  constexpr std::uint64_t jobs = 100'000;
  EngineOptions options;
  options.lossless_events = true;
  options.segments_per_lane = 1'000'000;
  ScenarioSpec spec = test::sleep_spec(2, 1024, jobs, 0.0);
  Engine engine(spec, options);
  const auto snap = test::run_to_end(engine, 30s);
  ASSERT_EQ(snap->counters.completed, jobs);
  EXPECT_EQ(engine.lost_events(), 0u);
  ASSERT_TRUE(snap->timeline);
  const TimelineData& tl = *snap->timeline;

  std::vector<std::uint64_t> ran;
  for (const LaneTimeline& lane : tl.lanes) {
    if (lane.lane < first_worker_lane) continue;
    std::int64_t last_end = INT64_MIN;
    for (const auto& block : lane.blocks)
      for (const Segment& seg : block->segments) {
        EXPECT_GE(seg.start_ns, last_end) << "a lane's segments are in time order";
        last_end = seg.end_ns;
        if (seg.state != SegmentState::running) continue;
        EXPECT_EQ(seg.outcome, JobOutcome::ok);
        EXPECT_LE(seg.start_ns, seg.end_ns);
        ran.push_back(seg.job);
      }
  }
  std::sort(ran.begin(), ran.end());
  ASSERT_EQ(ran.size(), jobs) << "one running segment per job";
  for (std::uint64_t i = 0; i < jobs; ++i) ASSERT_EQ(ran[i], i + 1) << "each id exactly once";

  const auto ids = [](const std::vector<std::shared_ptr<const InstantBlock>>& blocks) {
    std::set<std::uint64_t> seen;
    std::size_t n = 0;
    std::int64_t last = INT64_MIN;
    for (const auto& b : blocks)
      for (const JobInstant& i : b->items) {
        seen.insert(i.job);
        ++n;
        last = std::max(last, i.t_ns);
      }
    return std::pair{seen, n};
  };
  const auto [submitted, n_submitted] = ids(tl.submits);
  const auto [consumed, n_consumed] = ids(tl.consumed);
  EXPECT_EQ(n_submitted, jobs);
  EXPECT_EQ(submitted.size(), jobs);
  EXPECT_EQ(n_consumed, jobs);
  EXPECT_EQ(consumed.size(), jobs);
  // The depth graph still follows the takes: it ends empty and never exceeds the buffer.
  EXPECT_EQ(tl.depth_at(snap->start_ns + std::int64_t(snap->elapsed_s * 1e9)), 0);
  EXPECT_LE(snap->max_queue_depth, 1024u);
}

}  // namespace
}  // namespace poolscope
