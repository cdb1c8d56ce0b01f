// Pin baseline: after pinning, the throughput, wait and latency graphs draw the baseline's
// series as ghost lines (one per live line) and Accounting shows the differences; after
// unpinning, neither.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "gui_test_support.h"
#include "host/image.h"

namespace poolscope::gui::test {
namespace {

TEST(Baseline, PinnedRunIsOverlaidUntilUnpinned) {
  auto ui = make_ui(long_run(), 1600, 1000);
  ASSERT_TRUE(ui);
  App& app = ui->app();
  pump(*ui, 0.5);
  EXPECT_EQ(app.throughput_view().last_ghost_lines(), 0);
  ASSERT_TRUE(eventually(*ui, 5.0, [&] {
    return app.last_snapshot() != nullptr && !app.last_snapshot()->series.empty();
  }));
  app.pin_baseline();
  ASSERT_NE(app.baseline(), nullptr);
  ui->frame(1.0f / 30.0f);
  // Throughput (1 line) + queue wait (3) + latency (3).
  EXPECT_EQ(app.throughput_view().last_ghost_lines(), 7);
  if (const char* out = std::getenv("POOLSCOPE_BASELINE_PNG")) {
    pump(*ui, 1.5);
    std::string error;
    write_png(ui->read_all(), out, error);
  }
  app.unpin_baseline();
  ui->frame(1.0f / 30.0f);
  EXPECT_EQ(app.baseline(), nullptr);
  EXPECT_EQ(app.throughput_view().last_ghost_lines(), 0);
}

}  // namespace
}  // namespace poolscope::gui::test
