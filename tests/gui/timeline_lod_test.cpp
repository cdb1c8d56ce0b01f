// The timeline's level of detail: only visible segments, narrow ones merged, the work bounded by
// pixels rather than by segments, and the result the same with or without the chunk cache.
#include "views/timeline_lod.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "fake_snapshot.h"

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
    segs.push_back({i * 100, (i + 1) * 100, std::uint64_t(i),
                    run ? SegmentState::running : SegmentState::idle, JobOutcome::ok});
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
  for (int i = 0; i < 5000; ++i, t += 100)
    segs.push_back({t, t + 100, 1, SegmentState::running, JobOutcome::ok});
  segs.push_back({t, t + 5'000'000, 0, SegmentState::idle, JobOutcome::none});  // long idle
  t += 5'000'000;
  for (int i = 0; i < 5000; ++i, t += 100)
    segs.push_back({t, t + 100, 2, SegmentState::running, JobOutcome::ok});
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

// Which item fills each pixel column of a row, as the view draws them (later items on top);
// -1: an empty column, the background shows.
std::vector<int> raster(const std::vector<LodItem>& items, int from, int to) {
  std::vector<int> owner(static_cast<std::size_t>(to - from), -1);
  for (std::size_t i = 0; i < items.size(); ++i) {
    for (int c = std::max(from, int(items[i].px0)); c < std::min(to, int(items[i].px1)); ++c) {
      owner[static_cast<std::size_t>(c - from)] = int(i);
    }
  }
  return owner;
}

// Back-to-back segments of random lengths (from slivers to wide jobs, many of the same state and
// colour in a row), drawn at many widths, zooms and sub-pixel offsets: every segment at least 2 px
// wide is an item of its own, and every boundary at least 2 px from its neighbours shows as an
// empty pixel column, whatever the states on either side.
TEST(TimelineLod, EveryBoundaryTwoPixelsFromItsNeighboursShowsAsAnEmptyColumn) {
  std::mt19937 rng(12345);
  const double widths_px[] = {0.3, 0.9, 1.5, 1.99, 2.0, 2.01, 2.5, 3.0, 4.2, 7.0, 16.3, 40.0};
  std::uniform_int_distribution<std::size_t> pick(0, std::size(widths_px) - 1);
  std::uniform_int_distribution<int> state_pick(0, 9);
  int checked = 0;
  for (const float width : {640.0f, 1001.0f, 1237.5f, 1440.0f}) {
    for (const double ns_per_px : {1e6, 3.7e6, 1.0e7}) {
      for (const float x0 : {0.0f, 0.13f, 0.5f, 0.77f, 203.31f, 418.5f}) {
        // Segments in units of pixels, then in nanoseconds at this zoom.
        std::vector<Segment> segs;
        std::int64_t t = 0;
        std::uint64_t job = 1;
        const auto t1 = static_cast<std::int64_t>(double(width) * ns_per_px);
        while (t < t1 + 50'000'000) {
          const auto d = static_cast<std::int64_t>(widths_px[pick(rng)] * ns_per_px);
          const int k = state_pick(rng);
          // Mostly timed-out jobs (one colour), some running, some idle.
          const SegmentState st = k < 7   ? SegmentState::running
                                  : k < 9 ? SegmentState::idle
                                          : SegmentState::running;
          const JobOutcome out = k < 7   ? JobOutcome::timed_out
                                 : k < 9 ? JobOutcome::none
                                         : JobOutcome::ok;
          segs.push_back({t, t + d, st == SegmentState::idle ? 0 : job++, st, out});
          t += d;
        }
        const LaneTimeline lane = lane_of(segs);
        LodCache cache;
        std::vector<LodItem> items;
        const LodParams p{0, t1, x0, width};
        build_lod(lane, p, items, &cache);
        snap_to_pixels(items);
        const int from = int(std::floor(x0)) - 4;
        const std::vector<int> owner = raster(items, from, int(std::ceil(x0 + width)) + 4);
        // Pixels exactly as build_lod computes them.
        const double lod_ns_per_px = double(t1) / double(width);
        auto px = [&](std::int64_t ns) {
          return double(x0 + static_cast<float>(double(ns) / lod_ns_per_px));
        };
        auto empty = [&](int c) { return owner[static_cast<std::size_t>(c - from)] < 0; };
        const auto& all = lane.blocks;
        std::vector<const Segment*> flat;
        for (const auto& b : all) {
          for (const Segment& s : b->segments) flat.push_back(&s);
        }
        for (std::size_t i = 1; i + 1 < flat.size(); ++i) {
          const Segment& prev = *flat[i - 1];
          const Segment& s = *flat[i];
          if (px(s.end_ns) > double(x0 + width) - 3.0) break;
          const double w = px(s.end_ns) - px(s.start_ns);
          if (px(s.start_ns) < double(x0) + 3.0) continue;
          SCOPED_TRACE(::testing::Message()
                       << "width " << width << " ns/px " << ns_per_px << " x0 " << x0
                       << " segment at " << px(s.start_ns) << " px, " << w << " px wide");
          if (w >= 2.0) {
            const bool own = std::any_of(items.begin(), items.end(),
                                         [&](const LodItem& it) { return it.segment == &s; });
            EXPECT_TRUE(own) << "a segment of 2 px or more is drawn on its own";
          }
          // The boundary between prev and s, at least 2 px from the boundaries either side.
          if (px(prev.end_ns) - px(prev.start_ns) < 2.0 || w < 2.0) continue;
          const auto b = static_cast<int>(std::floor(static_cast<float>(px(s.start_ns)) + 0.5f));
          EXPECT_TRUE(empty(b - 1) || empty(b)) << "no empty column at the boundary " << b;
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 1000);
}

}  // namespace
}  // namespace poolscope::gui
