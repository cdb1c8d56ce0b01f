// "Size for a target" beside the sweep: it sizes the current open-loop settings as core does, and
// its button applies that worker count to the running engine (and the controls show it).
#include <gtest/gtest.h>

#include "gui_test_support.h"
#include "host/gui_main.h"
#include "poolscope/sizing.h"

namespace poolscope::gui::test {
namespace {

ScenarioSpec open_loop() {
  ScenarioSpec s;
  s.title = "open loop";
  s.workers = 4;
  s.buffer = 1000;
  s.rate = 150;
  s.job_ms = 20;
  s.dist = DurationDist::exp;
  s.duration_s = 60;
  s.jobs.reset();
  return s;
}

TEST(GuiSizeView, AppliesTheAnswerToTheRunningEngine) {
  auto ui = make_ui(open_loop(), kDefaultWidth, 1400);
  ASSERT_TRUE(ui);
  ui->app().select_tab(App::Tab::sweep);
  pump(*ui, 0.2);
  Engine* engine = ui->app().engine();
  ASSERT_NE(engine, nullptr);

  // The view's defaults: wait ≤ the job time (20 ms) for 95% of jobs.
  std::string error;
  const auto expected = size_for_target({150, 0.020, DurationDist::exp, 0.5, 0.020, 0.95}, error);
  ASSERT_TRUE(expected) << error;
  ASSERT_NE(expected->workers, 4) << "the test needs an answer that differs from the start";
  EXPECT_EQ(ui->app().size_view().answer(), expected->workers);

  const auto button = ui->app().size_view().apply_button();
  ASSERT_TRUE(button) << "the apply button was not drawn";
  const ImVec2 at((button->min.x + button->max.x) * 0.5f, (button->min.y + button->max.y) * 0.5f);
  for (bool down : {false, true, true, false}) {
    ui->frame(1.0f / 30.0f, [&](ImGuiIO& io) {
      io.MousePos = at;
      io.MouseDown[0] = down;
    });
  }
  EXPECT_TRUE(eventually(*ui, 5.0,
                         [&] {
                           auto s = engine->snapshot_now();
                           return s->spec.workers == expected->workers &&
                                  static_cast<int>(s->workers.size()) == expected->workers;
                         }))
      << "engine never reached " << expected->workers << " workers";
  EXPECT_EQ(ui->app().controls().spec().workers, expected->workers);
  EXPECT_EQ(ui->app().engine(), engine) << "applying must not restart the run";
}

TEST(GuiSizeView, AClosedLoopHasNoAnswer) {
  auto ui = make_ui(long_run(), kDefaultWidth, 1400);
  ASSERT_TRUE(ui);
  ui->app().select_tab(App::Tab::sweep);
  pump(*ui, 0.2);
  EXPECT_EQ(ui->app().size_view().answer(), 0);
  EXPECT_FALSE(ui->app().size_view().apply_button());
}

}  // namespace
}  // namespace poolscope::gui::test
