// Each lesson's point on screen: what the views draw for the spawn, seed, close-results-early,
// dynamic-pool, priority and separate-pools lessons; a finished run fitted whole in the views;
// a lesson's own window length; and settings changed from the lesson named beside its title.
#include <gtest/gtest.h>

#include <set>

#include "gui_test_support.h"
#include "ui/palette.h"
#include "ui/run_figures.h"

namespace poolscope::gui::test {
namespace {

ScenarioSpec load(const std::string& file, std::string& path) {
  path = assets_dir() + "/scenarios/" + file;
  std::string error;
  auto spec = load_scenario(path, error);
  EXPECT_TRUE(spec) << error;
  return spec.value_or(ScenarioSpec{});
}

// Pixels of exactly color `c` inside the panel `r` of the last frame.
int count_color(OffscreenUi& ui, const PanelRect& r, ImU32 c) {
  const Image img = ui.read(int(r.pos.x), int(r.pos.y), int(r.size.x), int(r.size.y));
  int n = 0;
  for (std::size_t i = 0; i + 3 < img.rgba.size(); i += 4) {
    n += img.rgba[i] == ((c >> IM_COL32_R_SHIFT) & 0xFF) &&
         img.rgba[i + 1] == ((c >> IM_COL32_G_SHIFT) & 0xFF) &&
         img.rgba[i + 2] == ((c >> IM_COL32_B_SHIFT) & 0xFF);
  }
  return n;
}

bool finished(OffscreenUi& ui) {
  const Snapshot* s = ui.app().last_snapshot();
  return s != nullptr && s->phase == RunPhase::finished;
}

TEST(LessonViews, OptionsThatChangeALessonAreNamedBesideItsTitle) {
  std::string path;
  ScenarioSpec spec = load("seed.json", path);
  const ScenarioSpec as_written = spec;
  spec.workers = 4;
  spec.job_ms = 10000;
  auto ui = make_ui(spec, 1280, 800, path);
  ASSERT_TRUE(ui);
  ui->frame(1.0f / 30.0f);
  EXPECT_EQ(ui->app().lesson_changes(), "workers 3→4, job_ms 1000→10000");
  ui.reset();  // one offscreen UI at a time

  auto same = make_ui(as_written, 1280, 800, path);
  ASSERT_TRUE(same);
  same->frame(1.0f / 30.0f);
  EXPECT_EQ(same->app().lesson_changes(), "");
}

TEST(LessonViews, ALessonSetsItsWindowAndAFinishedRunFitsWhole) {
  ScenarioSpec spec;
  spec.workers = 3;
  spec.jobs = 6;
  spec.job_ms = 250;  // two rounds: about 0.5 s
  spec.window_s = 0.2;
  auto ui = make_ui(spec, 1280, 800);
  ASSERT_TRUE(ui);
  ui->frame(1.0f / 30.0f);
  EXPECT_DOUBLE_EQ(ui->app().time_axis().span_s, 0.2);
  ASSERT_TRUE(eventually(*ui, 10.0, [&] { return finished(*ui); }));
  ui->frame(1.0f / 30.0f);
  const TimeAxis& axis = ui->app().time_axis();
  const double elapsed = ui->app().last_snapshot()->elapsed_s;
  EXPECT_GT(elapsed, 0.4);
  EXPECT_LE(axis.t0, 0.0);
  EXPECT_GE(axis.t1, elapsed);
}

TEST(LessonViews, AFinishedRunStatesItsThroughputOverTheWholeRun) {
  ScenarioSpec spec;
  spec.workers = 3;
  spec.jobs = 5;
  spec.job_ms = 200;
  auto ui = make_ui(spec, 1280, 800);
  ASSERT_TRUE(ui);
  ASSERT_TRUE(eventually(*ui, 10.0, [&] { return finished(*ui); }));
  const Snapshot& s = *ui->app().last_snapshot();
  const ThroughputFigure f = throughput_figure(s);
  EXPECT_NEAR(f.per_s, 5.0 / s.elapsed_s, 1e-9);
  EXPECT_NE(f.value.find("whole run"), std::string::npos) << f.value;
  EXPECT_NE(f.detail.find("5 jobs"), std::string::npos) << f.detail;
}

TEST(LessonViews, SpawnModeDrawsItsThreadsNotAnEmptyPool) {
  std::string path;
  const ScenarioSpec spec = load("01-pool-vs-spawn.json", path);
  std::string error;
  AppConfig config{spec, path, assets_dir(), true, {}};
  config.engine_options.spawn_cap = 60;
  auto ui = OffscreenUi::create(config, 1440, 900, error);
  ASSERT_TRUE(ui) << error;
  ASSERT_TRUE(eventually(*ui, 5.0, [&] {
    const Snapshot* s = ui->app().last_snapshot();
    return s != nullptr && s->process.spawned_live == 60;
  }));
  ui->frame(1.0f / 30.0f, {}, true);
  // The pipeline fills a cell per job thread; the queue panel's place graphs them.
  EXPECT_GT(count_color(*ui, ui->app().layout().pipeline, colors::running), 200);
  EXPECT_GT(count_color(*ui, ui->app().layout().queue, colors::running), 20);
}

TEST(LessonViews, TheDynamicPoolGetsAWorkerCountGraph) {
  std::string path;
  const ScenarioSpec spec = load("13a-dynamic-pool.json", path);
  auto ui = make_ui(spec, 1440, 900, path);
  ASSERT_TRUE(ui);
  pump(*ui, 1.5);
  ui->frame(1.0f / 30.0f, {}, true);
  const Layout& l = ui->app().layout();
  ASSERT_GT(l.lesson_graph.size.y, 40.0f);
  EXPECT_GE(l.lesson_graph.pos.y, l.timeline.pos.y + l.timeline.size.y);
  EXPECT_GE(l.throughput.pos.y, l.lesson_graph.pos.y + l.lesson_graph.size.y);
  EXPECT_GT(count_color(*ui, l.lesson_graph, colors::running), 50);
}

TEST(LessonViews, AnAdaptiveLimitGetsItsGraphUnderTheTimeline) {
  std::string path;
  const ScenarioSpec spec = load("14-adaptive-limits.json", path);
  auto ui = make_ui(spec, 1600, 1000, path);
  ASSERT_TRUE(ui);
  pump(*ui, 1.5);
  ui->frame(1.0f / 30.0f, {}, true);
  const Layout& l = ui->app().layout();
  ASSERT_GE(l.lesson_graph.size.y, 90.0f);  // room for two scales, taken from the timeline
  EXPECT_GE(l.lesson_graph.pos.y, l.timeline.pos.y + l.timeline.size.y);
  EXPECT_GE(l.throughput.pos.y, l.lesson_graph.pos.y + l.lesson_graph.size.y);
  // The limit's line (its legend swatch alone is a few dozen pixels).
  EXPECT_GT(count_color(*ui, l.lesson_graph, colors::capacity), 150);
  const Snapshot* s = ui->app().last_snapshot();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->limit.policy, LimitPolicy::vegas);
  EXPECT_GT(s->limit.samples, 0u);
}

TEST(LessonViews, FailedSendsAreMarkedOnTheWorkersRow) {
  std::string path;
  const ScenarioSpec spec = load("07-close-results-early.json", path);
  auto ui = make_ui(spec, 1440, 900, path);
  ASSERT_TRUE(ui);
  ASSERT_TRUE(eventually(*ui, 10.0, [&] { return finished(*ui); }));
  ui->frame(1.0f / 30.0f, {}, true);
  ASSERT_GT(ui->app().last_snapshot()->counters.sent_on_closed, 0u);
  EXPECT_GT(count_color(*ui, ui->app().layout().timeline, colors::send_failed), 10);
  EXPECT_GT(count_color(*ui, ui->app().layout().stats, colors::send_failed), 10);
}

TEST(LessonViews, TheSeedListsResultsInCompletionOrderBesideSubmission) {
  std::string path;
  ScenarioSpec spec = load("02-seed-program.json", path);
  spec.job_ms = 200;
  auto ui = make_ui(spec, 1440, 900, path);
  ASSERT_TRUE(ui);
  ASSERT_TRUE(eventually(*ui, 10.0, [&] { return finished(*ui); }));
  ui->frame(1.0f / 30.0f, {}, true);
  // Nothing is queued at the end: the queued color in Accounting is the "sent" chips.
  EXPECT_GT(count_color(*ui, ui->app().layout().stats, colors::queued), 400);
}

TEST(LessonViews, PriorityDepthScaleFitsTheDepthNotTheCapacity) {
  std::string path;
  const ScenarioSpec spec = load("13b-priority-queue.json", path);
  auto ui = make_ui(spec, 1440, 900, path);
  ASSERT_TRUE(ui);
  pump(*ui, 1.5);
  const Snapshot& s = *ui->app().last_snapshot();
  ASSERT_EQ(s.queue_capacity, 200u);
  ASSERT_LT(s.max_queue_depth, 40u);
  EXPECT_LT(ui->app().queue_view().last_vmax(), 60.0);
}

TEST(LessonViews, SeparatePoolsHaveOneRowPerThreadDuringAndAfterTheRun) {
  std::string path;
  const ScenarioSpec spec = load("13c-separate-pools.json", path);
  auto ui = make_ui(spec, 1440, 1000, path);
  ASSERT_TRUE(ui);
  pump(*ui, 1.0);
  const auto rows_now = [&] {
    std::set<int> lanes;
    for (const auto& r : ui->app().timeline_view().last_rows()) lanes.insert(r.lane);
    return lanes;
  };
  std::set<int> expected{producer_lane, consumer_lane, worker_lane(0), worker_lane(1)};
  for (int i = 0; i < 8; ++i) expected.insert(worker_lane(io_worker_slot_base + i));
  EXPECT_EQ(ui->app().timeline_view().last_frame().rows_drawn, 12u);
  EXPECT_EQ(rows_now(), expected);
  ui->app().push_command(cmd::Shutdown{ShutdownMode::abort});
  ASSERT_TRUE(eventually(*ui, 10.0, [&] { return finished(*ui); }));
  ui->frame(1.0f / 30.0f);
  EXPECT_EQ(ui->app().timeline_view().last_frame().rows_drawn, 12u);
  EXPECT_EQ(rows_now(), expected);
}

}  // namespace
}  // namespace poolscope::gui::test
