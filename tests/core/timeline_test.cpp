// Event recording and the timeline window: lanes per thread, one running segment per job, segments
// ordered in time, and rolling windows (segments, marks, per-job records) that stay bounded.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "poolscope/engine.h"
#include "test_support.h"

namespace poolscope {
namespace {

using namespace std::chrono_literals;

std::map<std::string, const LaneTimeline*> lanes_by_name(const TimelineData& t) {
  std::map<std::string, const LaneTimeline*> m;
  for (const LaneTimeline& l : t.lanes) m[l.name] = &l;
  return m;
}

TEST(Timeline, OneRunningSegmentPerJobOnItsWorkersRow) {
  Engine engine(test::sleep_spec(2, 4, 6, 20.0));
  const auto snap = test::run_to_end(engine);
  ASSERT_TRUE(snap->timeline);
  const auto lanes = lanes_by_name(*snap->timeline);
  for (const char* name : {"producer", "consumer", "worker 0", "worker 1"})
    EXPECT_TRUE(lanes.count(name)) << "no row named " << name;

  std::map<std::uint64_t, int> runs;
  for (const LaneTimeline& lane : snap->timeline->lanes) {
    std::int64_t last_end = 0;
    for (const auto& block : lane.blocks) {
      for (const Segment& seg : block->segments) {
        // A thread is in one state at a time: its segments never overlap.
        EXPECT_GE(seg.start_ns, last_end) << lane.name;
        EXPECT_GE(seg.end_ns, seg.start_ns) << lane.name;
        EXPECT_GE(seg.start_ns, snap->start_ns) << lane.name;
        last_end = seg.end_ns;
        if (seg.state != SegmentState::running) continue;
        ++runs[seg.job];
        EXPECT_EQ(seg.outcome, JobOutcome::ok);
        EXPECT_GE(seg.end_ns - seg.start_ns, 19'500'000) << "job " << seg.job;
        EXPECT_EQ(lane.name.rfind("worker ", 0), 0u) << "job " << seg.job << " on " << lane.name;
      }
    }
  }
  ASSERT_EQ(runs.size(), 6u);
  for (const auto& [job, n] : runs) EXPECT_EQ(n, 1) << "job " << job;
}

TEST(Timeline, BlockedAndIdleSpansAreRecorded) {
  // A slow consumer with a one-slot results queue: workers block on their result send.
  ScenarioSpec spec = test::sleep_spec(2, 1, 8, 5.0);
  spec.results_buffer = 1;
  spec.consumer_ms = 30.0;
  Engine engine(spec);
  const auto snap = test::run_to_end(engine);
  std::map<SegmentState, int> states;
  for (const LaneTimeline& lane : snap->timeline->lanes)
    for (const auto& block : lane.blocks)
      for (const Segment& seg : block->segments) ++states[seg.state];
  EXPECT_GT(states[SegmentState::blocked_result], 0);
  EXPECT_GT(states[SegmentState::consuming], 0);
  EXPECT_GT(states[SegmentState::blocked_submit], 0);
  EXPECT_EQ(states[SegmentState::running], 8);
}

TEST(Timeline, RollingWindowsStayBounded) {
  // Many tiny jobs, small windows: the segments per lane, the marks and the per-job records are
  // capped while the counters still cover the whole run.
  EngineOptions options;
  options.segments_per_lane = 1000;
  options.marks_kept = 50;
  options.job_records_kept = 300;
  options.order_kept = 40;
  ScenarioSpec spec = test::sleep_spec(1, 1, 6000, 0.01);
  spec.policy = FullPolicy::reject;
  Engine engine(spec, options);
  const auto snap = test::run_to_end(engine, 20s);
  test::expect_settled(snap->counters);
  ASSERT_GT(snap->counters.rejected, 50u) << "the marks window is not exercised";
  EXPECT_EQ(snap->timeline->marks.size(), 50u);
  for (const LaneTimeline& lane : snap->timeline->lanes)
    EXPECT_LE(lane.segment_count(), 1000u + SegmentBlock::block_capacity) << lane.name;
  EXPECT_LE(snap->completion_order.size(), 40u);
  EXPECT_LE(snap->submission_order.size(), 40u);
  // Records: the consumed-results window plus the marks window.
  EXPECT_LE(engine.job_records().size(), 300u + 50u);
  EXPECT_EQ(snap->counters.submitted, 6000u);
}

TEST(Timeline, TheSegmentWindowDropsTheOldestFirst) {
  EngineOptions options;
  options.segments_per_lane = 500;
  Engine engine(test::sleep_spec(1, 64, 20'000, 0.0), options);
  const auto snap = test::run_to_end(engine, 20s);
  EXPECT_EQ(snap->counters.completed, 20'000u);
  const auto lanes = lanes_by_name(*snap->timeline);
  ASSERT_TRUE(lanes.count("worker 0"));
  const LaneTimeline& w = *lanes.at("worker 0");
  EXPECT_LE(w.segment_count(), 500u + SegmentBlock::block_capacity);
}

TEST(Timeline, AnOpenSegmentShowsUpToNow) {
  // A long job still running appears on its row, ending at the snapshot time.
  Engine engine(test::sleep_spec(1, 1, 1, 10'000.0));
  engine.start();
  ASSERT_TRUE(
      test::eventually([&] { return engine.snapshot_now()->counters.in_progress == 1; }, 2s));
  std::this_thread::sleep_for(30ms);
  const auto snap = engine.snapshot_now();
  bool found = false;
  for (const LaneTimeline& lane : snap->timeline->lanes)
    for (const auto& block : lane.blocks)
      for (const Segment& seg : block->segments)
        if (seg.state == SegmentState::running && seg.job == 1) {
          found = true;
          EXPECT_GE(seg.end_ns - seg.start_ns, 25'000'000);
          EXPECT_LE(seg.end_ns, snap->taken_ns);
        }
  EXPECT_TRUE(found);
  engine.shutdown(ShutdownMode::abort);
  ASSERT_TRUE(engine.wait_finished(2s));
}

TEST(Timeline, SeriesPointsAreSampledWhileRunning) {
  EngineOptions options;
  options.series_hz = 50;
  Engine engine(test::sleep_spec(2, 8, 150, 10.0), options);
  const auto snap = test::run_to_end(engine);
  // About 750 ms of run at 50 Hz.
  EXPECT_GE(snap->series.size(), 5u);
  double last_t = -1;
  double peak = 0;
  for (const SeriesPoint& p : snap->series) {
    EXPECT_GT(p.t_s, last_t);
    last_t = p.t_s;
    peak = std::max(peak, p.throughput_per_s);
    EXPECT_EQ(p.queue_capacity, 8.0);
  }
  EXPECT_GT(peak, 50.0);  // 2 workers x 100 jobs/s: 150 jobs in the first second
}

}  // namespace
}  // namespace poolscope
