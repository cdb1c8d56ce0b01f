// The lessons' views without a window: the sizing sweep runs in the background while the live
// run pauses (and resumes after), the deadlock lesson's finding reaches the snapshot the banner
// draws, and the theory tab renders the engine's predictions.
#include <gtest/gtest.h>

#include "gui_test_support.h"

namespace poolscope::gui::test {
namespace {

TEST(LessonsGui, SweepRunsInTheBackgroundPausingTheLiveRunThenResumesIt) {
  ScenarioSpec spec;
  spec.workers = 2;
  spec.buffer = 4;
  spec.jobs = 1'000'000;
  // Jobs long next to a busy machine's scheduling delays: a sweep point's throughput then
  // measures the workers' concurrency, not how quickly a loaded machine hands jobs over (with
  // 5 ms jobs, four workers fell from 4x to under 3x one worker's throughput under load).
  spec.job_ms = 20;
  auto ui = make_ui(spec, 1280, 800);
  ASSERT_TRUE(ui);
  ui->app().select_tab(App::Tab::sweep);
  pump(*ui, 0.3);
  ui->app().push_command(cmd::StartSweep{{1, 2, 4}, 0.4f});
  ui->frame(1.0f / 30.0f);
  EXPECT_TRUE(ui->app().sweep().running());
  EXPECT_TRUE(eventually(*ui, 2.0, [&] {
    return ui->app().last_snapshot()->phase == RunPhase::paused;
  })) << "the live run should pause while the sweep measures";
  ASSERT_TRUE(eventually(*ui, 15.0, [&] { return !ui->app().sweep().running(); }));
  const SweepRunner::Result r = ui->app().sweep().current();
  ASSERT_EQ(r.points.size(), 3u);
  int knees = 0;
  for (const SweepPoint& p : r.points) {
    EXPECT_GT(p.throughput_per_s, 0.0) << p.workers << " workers";
    knees += p.knee ? 1 : 0;
  }
  EXPECT_EQ(knees, 1);
  // Sleep jobs: four workers serve clearly more than one.
  EXPECT_GT(r.points[2].throughput_per_s, r.points[0].throughput_per_s * 2.5);
  EXPECT_TRUE(eventually(*ui, 2.0, [&] {
    return ui->app().last_snapshot()->phase == RunPhase::running;
  })) << "the live run should resume after the sweep";

  // A second sweep keeps the first as the ghost to compare with.
  ui->app().push_command(cmd::StartSweep{{1, 2}, 0.3f});
  ui->frame(1.0f / 30.0f);
  ASSERT_TRUE(eventually(*ui, 10.0, [&] { return !ui->app().sweep().running(); }));
  ASSERT_TRUE(ui->app().sweep().ghost());
  EXPECT_EQ(ui->app().sweep().ghost()->points.size(), 3u);
}

TEST(LessonsGui, TheDeadlockLessonRaisesAFindingAndTheTheoryTabDraws) {
  std::string error;
  const std::string path = assets_dir() + "/scenarios/06-wait-before-drain.json";
  auto spec = load_scenario(path, error);
  ASSERT_TRUE(spec) << error;
  auto ui = make_ui(*spec, 1280, 800, path);
  ASSERT_TRUE(ui);
  ui->app().select_tab(App::Tab::theory);
  ui->frame(1.0f / 30.0f);  // the first frame takes the first snapshot
  ASSERT_TRUE(eventually(*ui, 10.0, [&] { return !ui->app().last_snapshot()->findings.empty(); }));
  const Finding& f = ui->app().last_snapshot()->findings.front();
  EXPECT_EQ(f.kind, "deadlock");
  EXPECT_NE(f.message.find("worker"), std::string::npos) << f.message;
  ui->frame(1.0f / 30.0f, {}, true);
  EXPECT_EQ(ui->read_all().width, 1280);
}

}  // namespace
}  // namespace poolscope::gui::test
