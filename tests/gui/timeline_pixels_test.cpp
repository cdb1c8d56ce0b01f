// The timeline as rendered, read back pixel by pixel: back-to-back jobs on one worker stay
// separate bars (issue 8, item 1: six timed-out jobs of 1 s were drawn as one unbroken bar).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "gui_test_support.h"
#include "ui/palette.h"

namespace poolscope::gui::test {
namespace {

bool is_color(const Image& img, int x, int y, ImU32 c) {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return false;
  const std::uint8_t* p = &img.rgba[(static_cast<std::size_t>(y) * img.width + x) * 4];
  return p[0] == ((c >> IM_COL32_R_SHIFT) & 0xFF) && p[1] == ((c >> IM_COL32_G_SHIFT) & 0xFF) &&
         p[2] == ((c >> IM_COL32_B_SHIFT) & 0xFF);
}

// Runs of `c` along row y between x0 and x1: one per separately visible bar.
int runs_of(const Image& img, int y, int x0, int x1, ImU32 c) {
  int runs = 0;
  bool in = false;
  for (int x = x0; x < x1; ++x) {
    const bool hit = is_color(img, x, y, c);
    if (hit && !in) ++runs;
    in = hit;
  }
  return runs;
}

// `poolscope shot --workers 1 --buffer 1 --jobs 6 --job-ms 10000 --timeout-ms 1000 --at 6.5
// --size 1440x900`: six jobs cut off after 1 s each, back to back on the one worker.
TEST(TimelinePixels, SixBackToBackTimedOutJobsShowAsSixBars) {
  ScenarioSpec spec;
  spec.workers = 1;
  spec.buffer = 1;
  spec.jobs = 6;
  spec.job_ms = 10000;
  spec.timeout_ms = 1000;
  auto ui = make_ui(spec, 1440, 900);
  ASSERT_TRUE(ui);
  // The run ends after about 6 s (the shot is taken at 6.5 s); a loaded machine may take longer.
  pump(*ui, 6.5);
  ASSERT_TRUE(eventually(*ui, 20.0, [&] {
    const Snapshot* s = ui->app().last_snapshot();
    return s != nullptr && s->phase == RunPhase::finished;
  }));
  ui->frame(1.0f / 30.0f, {}, true);
  const Image img = ui->read_all();
  const Snapshot* snap = ui->app().last_snapshot();
  ASSERT_NE(snap, nullptr);
  ASSERT_TRUE(snap->timeline);
  const TimelineView& tv = ui->app().timeline_view();
  const TimeAxis& axis = ui->app().time_axis();
  const float x0 = tv.plot_x0(), x1 = tv.plot_x1();

  // The engine's record: the timed-out jobs of worker 0, and where the axis puts them.
  const LaneTimeline* lane = nullptr;
  for (const auto& l : snap->timeline->lanes) {
    if (l.lane == worker_lane(0)) lane = &l;
  }
  ASSERT_NE(lane, nullptr);
  int timed_out = 0;
  for (const auto& block : lane->blocks) {
    for (const Segment& s : block->segments) {
      if (s.outcome != JobOutcome::timed_out) continue;
      const double a = axis.x_of(double(s.start_ns - snap->start_ns) * 1e-9, x0, x1 - x0);
      const double b = axis.x_of(double(s.end_ns - snap->start_ns) * 1e-9, x0, x1 - x0);
      ASSERT_GE(a, x0);
      ASSERT_LE(b, x1);
      ASSERT_GE(b - a, 4.0) << "each job is wide enough to be told apart";
      ++timed_out;
    }
  }
  ASSERT_EQ(timed_out, 6);

  const TimelineView::RowGeometry* row = nullptr;
  for (const auto& r : tv.last_rows()) {
    if (r.lane == int(worker_lane(0))) row = &r;
  }
  ASSERT_NE(row, nullptr);
  // A line through the upper part of the bars, above the job-id labels.
  const int y = static_cast<int>(row->y0 + (row->y1 - row->y0) * 0.2f) + 1;
  const int bars = runs_of(img, y, static_cast<int>(x0), static_cast<int>(x1), colors::failed);
  if (bars != timed_out) {
    std::string err;
    write_png(img, "/tmp/poolscope-gui-test-timeline-pixels.png", err);
  }
  EXPECT_EQ(bars, timed_out) << "the 5 boundaries between 6 back-to-back jobs must show (row at y "
                             << y << ", see /tmp/poolscope-gui-test-timeline-pixels.png)";
}

// Once the rolling windows have dropped records, the time before the record is complete is
// shaded and labelled, so that a row's missing start does not read as an idle thread.
TEST(TimelinePixels, TimeBeforeTheRecordIsCompleteIsShaded) {
  ScenarioSpec spec;
  spec.workers = 2;
  spec.buffer = 64;
  spec.jobs = 50'000'000;  // empty jobs: the windows roll within a fraction of a second
  spec.job_ms = 0;
  AppConfig config{spec, {}, assets_dir(), true, {}};
  config.engine_options.segments_per_lane = 3000;
  std::string error;
  auto ui = OffscreenUi::create(config, 1600, 1000, error);
  ASSERT_TRUE(ui) << error;
  ASSERT_TRUE(eventually(*ui, 20.0, [&] {
    const Snapshot* s = ui->app().last_snapshot();
    return s != nullptr && s->timeline && s->elapsed_s > 0.25 &&
           s->timeline->complete_from_ns > s->start_ns + 100'000'000;
  }));
  ui->frame(1.0f / 30.0f, {}, true);
  const Image img = ui->read_all();
  const Snapshot* snap = ui->app().last_snapshot();
  ASSERT_NE(snap, nullptr);
  const TimelineView& tv = ui->app().timeline_view();
  const TimeAxis& axis = ui->app().time_axis();
  const float x0 = tv.plot_x0(), x1 = tv.plot_x1();
  const double complete_s = double(snap->timeline->complete_from_ns - snap->start_ns) * 1e-9;
  ASSERT_GT(complete_s, axis.t0);
  EXPECT_NEAR(tv.not_kept_x(), axis.x_of(complete_s, x0, x1 - x0), 1.0);

  // Below the rows, where nothing else is drawn: darker inside the band than after "now".
  ASSERT_FALSE(tv.last_rows().empty());
  const int y = static_cast<int>(tv.last_rows().back().y1) + 12;
  ASSERT_LT(y, img.height);
  const int in_band = static_cast<int>((x0 + tv.not_kept_x()) * 0.5f);
  const int after_now =
      static_cast<int>(axis.x_of(snap->elapsed_s, x0, x1 - x0) + (x1 - x0) * 0.05);
  ASSERT_LT(after_now, static_cast<int>(x1));
  const auto brightness = [&](int x) {
    const std::uint8_t* p = &img.rgba[(static_cast<std::size_t>(y) * img.width + x) * 4];
    return int(p[0]) + int(p[1]) + int(p[2]);
  };
  EXPECT_LT(brightness(in_band) + 15, brightness(after_now))
      << "at y " << y << ": band x " << in_band << ", empty x " << after_now;
}

}  // namespace
}  // namespace poolscope::gui::test
