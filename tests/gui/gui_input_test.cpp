// UI logic without a window: input injected into the offscreen UI (ImGui 1.86 reads io.MousePos
// and io.MouseDown at NewFrame) drives the sliders, and the engine's snapshot must follow; the
// timeline zooms and pans; a scenario that fails to load opens an error modal while the run goes
// on.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "gui_test_support.h"
#include "host/gui_main.h"

namespace poolscope::gui::test {
namespace {

// Clicks at `frac` of the widget's width (ImGui sliders jump to the clicked value), over three
// frames: hover, press, release.
void click_widget(OffscreenUi& ui, const std::string& key, float frac) {
  const auto r = ui.app().controls().widget_rect(key);
  ASSERT_TRUE(r) << key << " was not drawn";
  const ImVec2 at(r->min.x + (r->max.x - r->min.x) * frac, (r->min.y + r->max.y) * 0.5f);
  for (bool down : {false, true, true, false}) {
    ui.frame(1.0f / 30.0f, [&](ImGuiIO& io) {
      io.MousePos = at;
      io.MouseDown[0] = down;
    });
  }
}

TEST(GuiInput, SlidersChangeWorkersBufferAndJobDurationOfTheRunningEngine) {
  auto ui = make_ui(long_run(), kDefaultWidth, kDefaultHeight);
  ASSERT_TRUE(ui);
  pump(*ui, 0.2);
  Engine* engine = ui->app().engine();
  ASSERT_NE(engine, nullptr);

  click_widget(*ui, "workers", 0.8f);
  const int workers = ui->app().controls().spec().workers;
  EXPECT_GT(workers, 4);
  EXPECT_TRUE(eventually(*ui, 5.0,
                         [&] {
                           auto s = engine->snapshot_now();
                           return s->spec.workers == workers &&
                                  static_cast<int>(s->workers.size()) == workers;
                         }))
      << "engine never reached " << workers << " workers";

  click_widget(*ui, "buffer", 0.35f);
  const int buffer = ui->app().controls().spec().buffer;
  EXPECT_NE(buffer, 8);
  EXPECT_TRUE(eventually(
      *ui, 3.0,
      [&] { return engine->snapshot_now()->queue_capacity == static_cast<std::size_t>(buffer); }))
      << "queue capacity never became " << buffer;

  click_widget(*ui, "job_ms", 0.25f);
  const double job_ms = ui->app().controls().spec().job_ms;
  EXPECT_GT(std::fabs(job_ms - 40.0), 0.5);
  EXPECT_TRUE(eventually(
      *ui, 3.0, [&] { return std::fabs(engine->snapshot_now()->spec.job_ms - job_ms) < 1e-9; }))
      << "job duration never became " << job_ms;
  EXPECT_EQ(ui->app().engine(), engine) << "a slider must not restart the run";
}

TEST(GuiInput, WheelZoomsAroundTheCursorDragPansAndLiveFollowsAgain) {
  auto ui = make_ui(long_run(), kDefaultWidth, kDefaultHeight);
  ASSERT_TRUE(ui);
  pump(*ui, 0.3);
  const PanelRect& r = ui->app().layout().timeline;
  const ImVec2 mid(r.pos.x + r.size.x * 0.6f, r.pos.y + r.size.y * 0.6f);
  TimeAxis& axis = ui->app().time_axis();
  ASSERT_TRUE(axis.live);
  const double span = axis.span_s;
  const double t_at = axis.t0 + (axis.t1 - axis.t0) * 0.0;  // recomputed below
  (void)t_at;
  ui->frame(1.0f / 30.0f, [&](ImGuiIO& io) { io.MousePos = mid; });
  const double before =
      axis.t_of(mid.x, ui->app().timeline_view().plot_x0(),
                ui->app().timeline_view().plot_x1() - ui->app().timeline_view().plot_x0());
  ui->frame(1.0f / 30.0f, [&](ImGuiIO& io) {
    io.MousePos = mid;
    io.MouseWheel = 2.0f;
  });
  EXPECT_FALSE(axis.live);
  EXPECT_LT(axis.span_s, span);
  const float px0 = ui->app().timeline_view().plot_x0();
  const float pw = ui->app().timeline_view().plot_x1() - px0;
  EXPECT_NEAR(axis.t_of(mid.x, px0, pw), before, span * 1e-3)
      << "zoom must keep the time under the cursor";

  const double t0 = axis.t0;
  for (float dx : {0.0f, 40.0f, 80.0f, 120.0f}) {
    ui->frame(1.0f / 30.0f, [&](ImGuiIO& io) {
      io.MousePos = ImVec2(mid.x + dx, mid.y);
      io.MouseDown[0] = true;
    });
  }
  ui->frame(1.0f / 30.0f, [&](ImGuiIO& io) { io.MouseDown[0] = false; });
  EXPECT_LT(axis.t0, t0) << "dragging right shows earlier time";

  axis.follow_live(axis.span_s);  // what the Live button does
  ui->frame(1.0f / 30.0f);
  const Snapshot* s = ui->app().last_snapshot();
  EXPECT_NEAR(axis.t1, std::max(s->elapsed_s, axis.span_s), 1e-9);
}

TEST(GuiInput, ABrokenScenarioShowsAnErrorModalAndTheRunGoesOn) {
  TempDir dir;
  const std::string bad = (dir.path() / "broken.json").string();
  std::ofstream(bad) << "{ \"workers\": 0, \"buffer\": 5 }\n";
  auto ui = make_ui(long_run(), 1280, 720);
  ASSERT_TRUE(ui);
  pump(*ui, 0.3);
  Engine* engine = ui->app().engine();
  const std::uint64_t submitted = engine->snapshot_now()->counters.submitted;

  ui->app().load_scenario_file(bad);
  ui->frame(1.0f / 30.0f);
  ui->frame(1.0f / 30.0f);
  EXPECT_NE(ui->app().error_message().find("workers"), std::string::npos)
      << ui->app().error_message();
  EXPECT_TRUE(ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId));
  EXPECT_EQ(ui->app().engine(), engine) << "the current run must go on";
  EXPECT_TRUE(eventually(*ui, 3.0, [&] {
    auto s = engine->snapshot_now();
    return s->phase == RunPhase::running && s->counters.submitted > submitted;
  }));
  EXPECT_EQ(ui->app().controls().spec().workers, 4) << "settings must not change";

  // A good scenario afterwards starts a new run with its settings.
  const std::string good = (dir.path() / "good.json").string();
  std::ofstream(good) << "{ \"workers\": 6, \"buffer\": 3, \"jobs\": 100000, \"job_ms\": 20 }\n";
  ui->app().load_scenario_file(good);
  ui->frame(1.0f / 30.0f);
  EXPECT_NE(ui->app().engine(), engine);
  EXPECT_TRUE(eventually(*ui, 3.0, [&] {
    auto s = ui->app().engine()->snapshot_now();
    return s->spec.workers == 6 && s->queue_capacity == 3;
  }));
}

}  // namespace
}  // namespace poolscope::gui::test
