// The Theory tab's interval bands: on a stable open-loop run, each band spans the measured 95%
// interval core computed, its mean line lies inside, every prediction marker is drawn as
// agreeing exactly when it lies inside the band (core's agrees()), and the band is painted.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "gui_test_support.h"
#include "ui/palette.h"

namespace poolscope::gui::test {
namespace {

// An M/M/4 queue at ρ ≈ 0.5: 400 arrivals a second, exponential 5 ms jobs.
ScenarioSpec stable_open_loop() {
  ScenarioSpec s;
  s.title = "stable open loop";
  s.workers = 4;
  s.buffer = 100000;
  s.rate = 400;
  s.jobs.reset();
  s.duration_s = 100;
  s.job_ms = 5;
  s.dist = DurationDist::exp;
  return s;
}

// The band's color: the completed color at alpha 90 over the plot background.
bool is_band(const Image& img, int x, int y) {
  const std::uint8_t* p = &img.rgba[(static_cast<std::size_t>(y) * img.width + x) * 4];
  const double a = 90.0 / 255.0;
  for (int ch = 0; ch < 3; ++ch) {
    const int shift = ch == 0 ? IM_COL32_R_SHIFT : ch == 1 ? IM_COL32_G_SHIFT : IM_COL32_B_SHIFT;
    const double want =
        ((colors::plot_bg >> shift) & 0xFF) * (1 - a) + ((colors::completed >> shift) & 0xFF) * a;
    if (std::abs(double(p[ch]) - want) > 4.0) return false;
  }
  return true;
}

TEST(TheoryBand, BandsAndMarkersSayWhatCoreSays) {
  auto ui = make_ui(stable_open_loop(), 1600, 1000);
  ASSERT_TRUE(ui);
  ui->app().select_tab(App::Tab::theory);
  const auto& strips = ui->app().theory_panel().last_strips();
  ASSERT_TRUE(eventually(*ui, 15.0, [&] { return strips.size() == 2; }))
      << "no interval bands drawn";
  ui->frame(1.0f / 30.0f);
  const TheoryCheck* check = ui->app().last_theory_check();
  ASSERT_NE(check, nullptr);
  ASSERT_TRUE(check->valid) << check->reason;
  const Image img = ui->read_all();

  const Interval* intervals[] = {&check->wait_ms, &check->utilization};
  for (std::size_t i = 0; i < strips.size(); ++i) {
    const auto& s = strips[i];
    const Interval& ci = *intervals[i];
    SCOPED_TRACE(s.name);
    ASSERT_LT(s.x_lo, s.x_hi);
    EXPECT_GE(s.x_mean, s.x_lo);
    EXPECT_LE(s.x_mean, s.x_hi);
    ASSERT_FALSE(s.marks.empty());
    for (const auto& m : s.marks) {
      EXPECT_EQ(m.agrees, agrees(ci, m.value)) << m.value;
      // Where it is drawn: a marker within a pixel of an edge may round to either side (a
      // prediction just outside the interval once sat 0.3 px from the band's edge).
      const bool near_edge = std::min(std::abs(m.x - s.x_lo), std::abs(m.x - s.x_hi)) < 1.0f;
      const bool inside_band = m.x >= s.x_lo && m.x <= s.x_hi;
      if (!near_edge) {
        EXPECT_EQ(m.agrees, inside_band)
            << "marker at " << m.x << ", band " << s.x_lo << "…" << s.x_hi;
      }
    }
    // A column of the band clear of the mean line and the markers shows the band's color.
    int checked = 0;
    for (int x = int(s.x_lo) + 2; x < int(s.x_hi) - 2 && checked == 0; ++x) {
      bool clear = std::abs(float(x) - s.x_mean) > 3;
      for (const auto& m : s.marks) clear = clear && std::abs(float(x) - m.x) > 10;
      if (!clear) continue;
      EXPECT_TRUE(is_band(img, x, int((s.y0 + s.y1) / 2))) << "x " << x;
      ++checked;
    }
    EXPECT_EQ(checked, 1) << "no clear column in the band";
  }
}

}  // namespace
}  // namespace poolscope::gui::test
