// The slide's scene from a hand-made recording: exactly the window (edge labels, segments
// clipped at its edges, nothing outside), the legend naming what is shown, markers with escaped
// text in the SVG, and the SVG's structure.
#include "slide/slide_scene.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>

#include "poolscope/engine.h"
#include "poolscope/rewind.h"
#include "slide/svg_writer.h"
#include "ui/palette.h"

namespace poolscope::gui {
namespace {

constexpr std::int64_t t0 = 5'000'000'000;  // the run's start on the steady clock
std::int64_t at(double s) { return t0 + static_cast<std::int64_t>(s * 1e9); }

std::shared_ptr<Snapshot> recording() {
  auto tl = std::make_shared<TimelineData>();
  tl->start_ns = t0;
  const auto lane = [&](Lane id, const char* name, std::vector<Segment> segs) {
    LaneTimeline l;
    l.lane = id;
    l.name = name;
    auto block = std::make_shared<SegmentBlock>();
    block->segments = std::move(segs);
    l.blocks.push_back(block);
    tl->lanes.push_back(std::move(l));
  };
  lane(producer_lane, "producer",
       {{at(0.0), at(1.8), 0, SegmentState::producer_waiting},
        {at(1.8), at(2.2), 0, SegmentState::blocked_submit}});
  lane(consumer_lane, "consumer", {});
  // Job 7 runs across the window's start, job 9 across its end.
  lane(first_worker_lane, "worker 0",
       {{at(0.5), at(1.5), 7, SegmentState::running, JobOutcome::ok},
        {at(1.5), at(1.6), 0, SegmentState::idle},
        {at(1.6), at(2.0), 8, SegmentState::running, JobOutcome::failed},
        {at(2.0), at(2.7), 9, SegmentState::running, JobOutcome::ok}});
  auto depth = std::make_shared<DepthBlock>();
  depth->steps = {{at(0.0), 0}, {at(1.2), 3}, {at(2.1), 5}};
  tl->depth.push_back(depth);
  tl->capacity.push_back({at(0.0), 5, 5});
  auto snap = std::make_shared<Snapshot>();
  snap->start_ns = t0;
  snap->taken_ns = at(3.0);
  snap->elapsed_s = 3.0;
  snap->spec.title = "Test <run> & co";
  snap->spec.workers = 1;
  snap->spec.buffer = 5;
  snap->timeline = tl;
  return snap;
}

float measure(std::string_view text, SlideFont f) {
  return float(text.size()) * slide_font_em(f) * 0.6f;
}

template <class T>
std::vector<T> items_of(const SlideScene& s, std::string_view role) {
  std::vector<T> out;
  for (const SlideItem& i : s.items)
    if (const T* v = std::get_if<T>(&i); v != nullptr && v->role == role) out.push_back(*v);
  return out;
}

TEST(SlideScene, CoversExactlyTheWindow) {
  const auto snap = recording();
  SlideOptions o;
  o.t0_s = 1.0;
  o.t1_s = 2.5;
  o.title = snap->spec.title;
  const SlideScene s = build_slide(*snap, o, measure);
  const auto ticks = items_of<SlideText>(s, "tick-label");
  ASSERT_GE(ticks.size(), 3u);
  EXPECT_EQ(ticks.front().text, "1.0 s");
  EXPECT_EQ(ticks.back().text, "2.5 s");
  EXPECT_FLOAT_EQ(ticks.front().x, s.plot_x0);
  EXPECT_FLOAT_EQ(ticks.back().x, s.plot_x1);

  const auto blocks = items_of<SlideRect>(s, "block");
  ASSERT_EQ(blocks.size(), 4u);  // producer's blocked submit, jobs 7, 8, 9
  for (const SlideRect& r : blocks) {
    EXPECT_GE(r.x0, s.plot_x0);
    EXPECT_LE(r.x1, s.plot_x1);
  }
  const float per_s = (s.plot_x1 - s.plot_x0) / 1.5f;
  // Job 7 (0.5..1.5 s) starts at the window's left edge; job 9 (2.0..2.7 s) ends at its right.
  const auto job7 = std::find_if(blocks.begin(), blocks.end(),
                                 [&](const SlideRect& r) { return r.x0 == s.plot_x0; });
  ASSERT_NE(job7, blocks.end());
  EXPECT_NEAR(job7->x1, s.plot_x0 + 0.5f * per_s, 1.5f);
  EXPECT_TRUE(std::any_of(blocks.begin(), blocks.end(), [&](const SlideRect& r) {
    return r.x1 == s.plot_x1;
  })) << "job 9 is not clipped at the window's end";
  // Job 8 failed: drawn in the failed color, and the legend says so.
  EXPECT_TRUE(std::any_of(blocks.begin(), blocks.end(),
                          [](const SlideRect& r) { return r.color == colors::failed; }));
  const auto legend = items_of<SlideText>(s, "legend");
  const auto named = [&](const char* label) {
    return std::any_of(legend.begin(), legend.end(),
                       [&](const SlideText& t) { return t.text == label; });
  };
  EXPECT_TRUE(named("running"));
  EXPECT_TRUE(named("failed / timed out"));
  EXPECT_TRUE(named("blocked submit"));
  EXPECT_FALSE(named("consuming")) << "the legend names only what the slide shows";
  EXPECT_FALSE(named("cancelled"));
  // The job labels.
  const auto labels = items_of<SlideText>(s, "job-label");
  EXPECT_TRUE(
      std::any_of(labels.begin(), labels.end(), [](const SlideText& t) { return t.text == "#8"; }));
}

TEST(SlideScene, MarkersInTheWindowAreDrawnAndEscapedInSvg) {
  const auto snap = recording();
  SlideOptions o;
  o.t0_s = 1.0;
  o.t1_s = 2.5;
  o.title = snap->spec.title;
  o.markers = {{0.5, "before"}, {1.8, "queue full <here> & \"now\""}, {2.9, "after"}};
  const SlideScene s = build_slide(*snap, o, measure);
  const auto lines = items_of<SlideLine>(s, "marker");
  ASSERT_EQ(lines.size(), 1u) << "only the marker inside the window";
  EXPECT_NEAR(lines[0].x0, s.plot_x0 + (s.plot_x1 - s.plot_x0) * (0.8f / 1.5f), 0.01f);
  const std::string svg = slide_to_svg(s);
  EXPECT_NE(svg.find(">queue full &lt;here&gt; &amp; &quot;now&quot;</text>"), std::string::npos)
      << svg.substr(0, 400);
  EXPECT_NE(svg.find(">Test &lt;run&gt; &amp; co</text>"), std::string::npos);
  EXPECT_EQ(svg.find("before"), std::string::npos);
  EXPECT_EQ(svg.find("after"), std::string::npos);
  EXPECT_EQ(svg.rfind("</svg>\n"), svg.size() - 7);
  // One element per item, between the header and the close.
  const auto count = [&](const char* tag) {
    std::size_t n = 0;
    for (auto p = svg.find(tag); p != std::string::npos; p = svg.find(tag, p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("<rect") + count("<line") + count("<polygon") + count("<text"), s.items.size());
}

TEST(SlideScene, TheDepthGraphIsOptional) {
  const auto snap = recording();
  SlideOptions o;
  o.t0_s = 1.0;
  o.t1_s = 2.5;
  const SlideScene with = build_slide(*snap, o, measure);
  EXPECT_FALSE(items_of<SlideRect>(with, "depth").empty());
  EXPECT_EQ(items_of<SlideLine>(with, "capacity").size(), 1u);
  o.depth = false;
  const SlideScene without = build_slide(*snap, o, measure);
  EXPECT_TRUE(items_of<SlideRect>(without, "depth").empty());
  EXPECT_TRUE(items_of<SlideLine>(without, "capacity").empty());
}

TEST(SlideScene, ThePipelineStripIsTheRunAtTheWindowsEnd) {
  // Backpressure from a real run: 3 workers on 40 ms jobs, 120 arrive a second, a queue of 6.
  ScenarioSpec spec;
  spec.title = "pipeline";
  spec.workers = 3;
  spec.buffer = 6;
  spec.job_ms = 40;
  spec.rate = 120;
  spec.duration_s = 10;
  Engine engine(spec);
  engine.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  const auto snap = engine.snapshot_now();
  engine.shutdown(ShutdownMode::abort);
  ASSERT_TRUE(engine.wait_finished(std::chrono::seconds(10)));

  SlideOptions o;
  o.t0_s = 0.2;
  o.t1_s = 0.6;
  const SlideScene plain = build_slide(*snap, o, measure);
  for (const SlideItem& i : plain.items)
    std::visit([](const auto& v) { EXPECT_NE(v.role.substr(0, 8), "pipeline"); }, i);

  o.pipeline = true;
  const SlideScene s = build_slide(*snap, o, measure);
  const RewoundState want = Rewind(*snap).at_s(o.t1_s);
  // One box per worker alive then, in its state's colour, in slot order.
  std::vector<RewoundWorker> live;
  for (const RewoundWorker& w : want.workers)
    if (w.state != WorkerState::exited) live.push_back(w);
  const auto boxes = items_of<SlideRect>(s, "pipeline-worker");
  ASSERT_EQ(boxes.size(), live.size());
  ASSERT_EQ(live.size(), 3u);
  for (std::size_t i = 0; i < live.size(); ++i)
    EXPECT_EQ(boxes[i].color, worker_state_color(live[i].state)) << "w" << live[i].slot;
  // The job queue's slots (drawn before the results queue's), filled as it was.
  const auto slots = items_of<SlideRect>(s, "pipeline-slot");
  ASSERT_EQ(slots.size(), want.queue_capacity + want.results_capacity);
  const auto filled = std::count_if(slots.begin(), slots.begin() + 6,
                                    [](const SlideRect& r) { return r.color == colors::queued; });
  EXPECT_EQ(std::size_t(filled), want.queue_jobs.size());
  EXPECT_GT(want.queue_jobs.size(), 0u);  // the queue had filled by 0.6 s
  const auto captions = items_of<SlideText>(s, "pipeline-caption");
  const auto has = [&](const std::string& t) {
    return std::any_of(captions.begin(), captions.end(),
                       [&](const SlideText& c) { return c.text == t; });
  };
  EXPECT_TRUE(has("job queue " + std::to_string(want.queue_jobs.size()) + " / 6"));
  std::size_t busy = 0;
  for (const RewoundWorker& w : live) busy += w.state == WorkerState::idle ? 0 : 1;
  EXPECT_TRUE(has("workers " + std::to_string(busy) + " busy / 3"));
  // The strip sits above the timeline's rows: the rows moved down to make room.
  const auto row_labels = items_of<SlideText>(s, "row-label");
  const auto plain_labels = items_of<SlideText>(plain, "row-label");
  ASSERT_FALSE(row_labels.empty());
  ASSERT_FALSE(plain_labels.empty());
  EXPECT_GT(row_labels.front().baseline, plain_labels.front().baseline);
  EXPECT_LT(boxes.front().y1, row_labels.front().baseline);
}

}  // namespace
}  // namespace poolscope::gui
