// Classroom aids without a window: the keyboard shortcuts (injected into io.KeysDown the way
// ImGui 1.86's GLFW backend fills it), frozen views, presentation mode (a new UI scale must keep
// the picture drawn) and the lessons list.
#include <gtest/gtest.h>

#include <set>

#include "gui_test_support.h"

namespace poolscope::gui::test {
namespace {

std::size_t distinct_colors(const Image& img) {
  std::set<std::uint32_t> colors;
  for (std::size_t i = 0; i + 3 < img.rgba.size(); i += 4 * 7) {
    colors.insert(std::uint32_t(img.rgba[i]) << 16 | std::uint32_t(img.rgba[i + 1]) << 8 |
                  img.rgba[i + 2]);
  }
  return colors.size();
}

TEST(Classroom, FreezeHoldsTheViewsWhileTheEngineRunsOn) {
  auto ui = make_ui(long_run(), 1280, 800);
  ASSERT_TRUE(ui);
  pump(*ui, 0.3);
  press(*ui, key_freeze);
  ASSERT_TRUE(ui->app().frozen());
  const std::uint64_t submitted_at_freeze = ui->app().last_snapshot()->counters.submitted;
  pump(*ui, 0.4);
  // The engine went on (its live snapshot moved) ...
  EXPECT_GT(ui->app().last_snapshot()->counters.submitted, submitted_at_freeze);
  EXPECT_EQ(ui->app().last_snapshot()->phase, RunPhase::running);
  EXPECT_FALSE(ui->app().animating()) << "a frozen picture needs no redraws";
  press(*ui, key_freeze);
  EXPECT_FALSE(ui->app().frozen());
  EXPECT_TRUE(ui->app().animating());
}

TEST(Classroom, FreezeCanPauseTheEngineAndUnfreezeResumesIt) {
  auto ui = make_ui(long_run(), 1280, 800);
  ASSERT_TRUE(ui);
  pump(*ui, 0.3);
  ui->app().set_pause_when_frozen(true);
  press(*ui, key_freeze);
  EXPECT_TRUE(
      eventually(*ui, 2.0, [&] { return ui->app().last_snapshot()->phase == RunPhase::paused; }));
  press(*ui, key_freeze);
  EXPECT_TRUE(
      eventually(*ui, 2.0, [&] { return ui->app().last_snapshot()->phase == RunPhase::running; }));
}

TEST(Classroom, SpacePausesAndResumesHelpToggles) {
  auto ui = make_ui(long_run(), 1280, 800);
  ASSERT_TRUE(ui);
  pump(*ui, 0.3);
  press(*ui, key_pause);
  EXPECT_TRUE(
      eventually(*ui, 2.0, [&] { return ui->app().last_snapshot()->phase == RunPhase::paused; }));
  press(*ui, key_pause);
  EXPECT_TRUE(
      eventually(*ui, 2.0, [&] { return ui->app().last_snapshot()->phase == RunPhase::running; }));
  EXPECT_FALSE(ui->app().help_open());
  press(*ui, key_help);
  EXPECT_TRUE(ui->app().help_open());
  press(*ui, key_help);
  EXPECT_FALSE(ui->app().help_open());
}

TEST(Classroom, PresentationModeScalesUpHidesAdvancedControlsAndKeepsDrawing) {
  auto ui = make_ui(long_run(), 1280, 720);
  ASSERT_TRUE(ui);
  pump(*ui, 0.2);
  EXPECT_TRUE(ui->app().controls().widget_rect("timeout_ms"));
  press(*ui, key_presentation);
  ASSERT_TRUE(ui->app().presentation());
  // Larger text, as large as 1280×720 leaves room for (every panel must still fit: the text
  // layout test checks that).
  EXPECT_GT(ui->app().ui_scale(), 1.0f);
  EXPECT_FLOAT_EQ(ui->app().ui_scale(), App::presentation_scale(ImVec2(1280, 720)));
  // Every frame after the new scale must show the UI (a renderer that lost its buffers draws
  // nothing at all, leaving one flat color).
  for (int i = 0; i < 3; ++i) {
    ui->frame(1.0f / 30.0f, {}, true);
    EXPECT_GT(distinct_colors(ui->read_all()), 40u) << "frame " << i << " after rescaling";
  }
  // Left at their defaults, the advanced controls are hidden; the basic ones stay.
  EXPECT_FALSE(ui->app().controls().widget_rect("timeout_ms"));
  EXPECT_FALSE(ui->app().controls().widget_rect("spread"));
  EXPECT_TRUE(ui->app().controls().widget_rect("workers"));
  EXPECT_TRUE(ui->app().controls().widget_rect("buffer"));
  press(*ui, key_presentation);
  EXPECT_FALSE(ui->app().presentation());
  EXPECT_FLOAT_EQ(ui->app().ui_scale(), 1.0f);
}

TEST(Classroom, TheLessonsListFollowsTheFileOrderWithTitles) {
  auto ui = make_ui(long_run(), 1280, 800);
  ASSERT_TRUE(ui);
  const auto& entries = ui->app().lessons().entries();
  ASSERT_FALSE(entries.empty());
  for (std::size_t i = 1; i < entries.size(); ++i) {
    EXPECT_LT(entries[i - 1].path, entries[i].path);
  }
  for (const auto& e : entries) {
    EXPECT_TRUE(e.loads) << e.path;
    EXPECT_FALSE(e.title.empty()) << e.path;
  }
}

}  // namespace
}  // namespace poolscope::gui::test
