// The timeline's level of detail: only visible segments, narrow ones merged, the work bounded by
// pixels rather than by segments, and the result the same with or without the chunk cache.
#include <gtest/gtest.h>

#include "fake_snapshot.h"
#include "timeline_lod.h"

namespace poolscope::gui {
namespace {

LaneTimeline lane_of(std::vector<Segment> segs) {
  LaneTimeline lane;
  lane.lane = worker_lane(0);
  for (std::size_t i = 0; i < segs.size(); i += SegmentBlock::block_capacity) {
    auto b = std::make_shared<SegmentBlock>();
    const std::size_t end = std::min(segs.size(), i + SegmentBlock::block_capacity);
    b->segments.assign(segs.begin() + static_cast<std::ptrdiff_t>(i),
                       segs.begin() + static_cast<std::ptrdiff_t>(end));
    lane.blocks.push_back(std::move(b));
  }
  return lane;
}

TEST(TimelineLod, WideSegmentsAreKeptOneByOneAndOnlyVisibleOnesEmitted) {
  std::vector<Segment> segs;
  for (int i = 0; i < 100; ++i) {
    segs.push_back({i * 1000, (i + 1) * 1000, std::uint64_t(i + 1),
                    i % 2 ? SegmentState::idle : SegmentState::running, JobOutcome::ok});
  }
  const LaneTimeline lane = lane_of(segs);
  std::vector<LodItem> out;
  LodParams p{10'500, 20'500, 0.0f, 1000.0f};  // 10 segments visible, 100 px each
  build_lod(lane, p, out);
  ASSERT_EQ(out.size(), 11u);  // 10..20 partly visible at both ends
  for (const LodItem& it : out) {
    ASSERT_NE(it.segment, nullptr);
    EXPECT_EQ(it.merged, 0u);
    EXPECT_LT(it.segment->start_ns, p.t1_ns);
    EXPECT_GT(it.segment->end_ns, p.t0_ns);
  }
  EXPECT_EQ(out.front().segment->job, 11u);
}

TEST(TimelineLod, NarrowSegmentsMergeIntoOneRunWithTheDominantState) {
  std::vector<Segment> segs;
  for (int i = 0; i < 100'000; ++i) {  // 70% running
    const bool run = i % 10 < 7;
    segs.push_back({i * 100, (i + 1) * 100, std::uint64_t(i), run ? SegmentState::running : SegmentState::idle,
                    JobOutcome::ok});
  }
  const LaneTimeline lane = lane_of(segs);
  for (LodCache* cache : {static_cast<LodCache*>(nullptr), new LodCache()}) {
    std::unique_ptr<LodCache> owned(cache);
    std::vector<LodItem> out;
    LodParams p{0, 10'000'000, 0.0f, 1000.0f};  // 100 segments per pixel
    const std::size_t steps = build_lod(lane, p, out, cache);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].state, SegmentState::running);
    EXPECT_EQ(out[0].merged, 100'000u);
    EXPECT_NEAR(out[0].x1, 1000.0f, 1.0f);
    EXPECT_LT(steps, 6000u) << "work must be bounded by pixels, not by 100k segments";
  }
}

TEST(TimelineLod, AWideSegmentSplitsMergedRuns) {
  std::vector<Segment> segs;
  std::int64_t t = 0;
  for (int i = 0; i < 5000; ++i, t += 100) segs.push_back({t, t + 100, 1, SegmentState::running, JobOutcome::ok});
  segs.push_back({t, t + 5'000'000, 0, SegmentState::idle, JobOutcome::none});  // long idle
  t += 5'000'000;
  for (int i = 0; i < 5000; ++i, t += 100) segs.push_back({t, t + 100, 2, SegmentState::running, JobOutcome::ok});
  const LaneTimeline lane = lane_of(segs);
  LodCache cache;
  std::vector<LodItem> out;
  build_lod(lane, LodParams{0, t, 0.0f, 1000.0f}, out, &cache);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_GT(out[0].merged, 1u);
  EXPECT_EQ(out[1].segment->state, SegmentState::idle);
  EXPECT_GT(out[2].merged, 1u);
}

TEST(TimelineLod, TheFabricatedBenchTimelineStaysCheapAtEveryZoom) {
  FakeOptions o;
  o.workers = 8;
  o.segments = 200'000;
  o.duration_s = 60;
  auto snap = make_fake_snapshot(o);
  LodCache cache;
  std::vector<LodItem> out;
  for (double span : {60.0, 6.0, 0.6, 0.06}) {
    for (const LaneTimeline& lane : snap->timeline->lanes) {
      const auto t1 = snap->start_ns + static_cast<std::int64_t>(30e9 + span * 0.5e9);
      const auto t0 = t1 - static_cast<std::int64_t>(span * 1e9);
      const std::size_t steps = build_lod(lane, LodParams{t0, t1, 0.0f, 1200.0f}, out, &cache);
      EXPECT_LT(steps, 1200u * 5) << "span " << span;
      for (std::size_t i = 1; i < out.size(); ++i) EXPECT_GE(out[i].x0, out[i - 1].x0 - 0.01f);
    }
  }
}

}  // namespace
}  // namespace poolscope::gui
