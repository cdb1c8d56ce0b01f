// The sweep tab fits the Universal Scalability Law to the sweep it shows: 40 ms sleep jobs scale
// linearly, so γ is one worker's 25 jobs/s and α and β are about 0.
#include <gtest/gtest.h>

#include "gui_test_support.h"
#include "host/gui_main.h"

namespace poolscope::gui::test {
namespace {

TEST(GuiSweepFit, FitsTheFinishedSweep) {
  auto ui = make_ui(long_run(), kDefaultWidth, 1400);
  ASSERT_TRUE(ui);
  ui->app().select_tab(App::Tab::sweep);
  pump(*ui, 0.1);
  EXPECT_FALSE(ui->app().sweep_view().fit()) << "no sweep, no fit";
  ui->app().push_command(cmd::StartSweep{{1, 2, 4, 8}, 0.6f});
  pump(*ui, 0.2);
  ASSERT_TRUE(eventually(*ui, 20.0, [&] { return !ui->app().sweep().running(); }));
  pump(*ui, 0.1);
  const auto& fit = ui->app().sweep_view().fit();
  ASSERT_TRUE(fit) << "the finished sweep was not fitted";
  EXPECT_NEAR(fit->gamma, 25.0, 3.0);
  EXPECT_LT(fit->alpha, 0.05);
  EXPECT_LT(fit->beta, 0.005);
  EXPECT_EQ(fit->residuals.size(), ui->app().sweep().current().points.size());
}

}  // namespace
}  // namespace poolscope::gui::test
