// The graph helpers: a series point without data (NaN) is a gap in the line, never a drop to 0,
// and a lone point between gaps still shows. Checked on the vertices ImGui would draw.
#include "ui/plot.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace poolscope::gui {
namespace {

// An ImGui context with a frame begun, for drawing into a draw list without rendering it.
class Frame {
 public:
  Frame() : previous_(ImGui::GetCurrentContext()), ctx_(ImGui::CreateContext()) {
    ImGui::SetCurrentContext(ctx_);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(400, 200);
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ImGui::NewFrame();
  }
  ~Frame() {
    ImGui::EndFrame();
    ImGui::DestroyContext(ctx_);
    ImGui::SetCurrentContext(previous_);
  }
  Frame(const Frame&) = delete;
  Frame& operator=(const Frame&) = delete;

 private:
  ImGuiContext* previous_;
  ImGuiContext* ctx_;
};

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Points every 0.1 s over [0, 3] s with latency 10 ms, except NaN where `no_data(t)`.
template <class F>
std::vector<SeriesPoint> series(F no_data) {
  std::vector<SeriesPoint> pts;
  for (int i = 0; i <= 30; ++i) {
    SeriesPoint p;
    p.t_s = double(i) / 10.0;
    p.latency_p50_ms = no_data(p.t_s) ? nan : 10.0;
    pts.push_back(p);
  }
  return pts;
}

// The vertices draw_series adds for `pts` in a 300 x 100 px plot of [0, 3] s x [0, 20] ms:
// 100 px per second, 10 ms at y = 50.
std::vector<ImVec2> vertices(const std::vector<SeriesPoint>& pts) {
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const int before = dl->VtxBuffer.Size;
  draw_series(dl, PlotRect{ImVec2(0, 0), ImVec2(300, 100)}, 0.0, 3.0, 20.0, pts,
              &SeriesPoint::latency_p50_ms, SeriesStyle{IM_COL32_WHITE, 2.0f, false, false});
  std::vector<ImVec2> out;
  for (int i = before; i < dl->VtxBuffer.Size; ++i) out.push_back(dl->VtxBuffer[i].pos);
  return out;
}

TEST(Plot, ASecondWithoutDataIsAGapNotADropToZero) {
  Frame frame;
  const auto pts = series([](double t) { return t > 1.05 && t < 1.95; });
  const std::vector<ImVec2> v = vertices(pts);
  ASSERT_FALSE(v.empty());
  bool left = false, right = false;
  for (const ImVec2& p : v) {
    ASSERT_TRUE(std::isfinite(p.x) && std::isfinite(p.y));
    // The last point with data is at x 100, the next at 200: nothing is drawn in between.
    EXPECT_FALSE(p.x > 105.0f && p.x < 195.0f) << "a vertex in the gap at x " << p.x;
    // Every vertex is on the 10 ms line (give or take the line's width), none near 0 ms.
    EXPECT_NEAR(p.y, 50.0f, 3.0f);
    left |= p.x < 10.0f;
    right |= p.x > 290.0f;
  }
  EXPECT_TRUE(left && right) << "the stretches with data are drawn up to the gap";
  EXPECT_DOUBLE_EQ(series_max(pts, &SeriesPoint::latency_p50_ms, 0.0, 3.0), 10.0);
}

TEST(Plot, ALonePointBetweenGapsIsADot) {
  Frame frame;
  const auto pts = series([](double t) { return std::fabs(t - 1.5) > 0.01; });
  const std::vector<ImVec2> v = vertices(pts);
  ASSERT_FALSE(v.empty()) << "the one point with data must show";
  for (const ImVec2& p : v) {
    EXPECT_NEAR(p.x, 150.0f, 4.0f);
    EXPECT_NEAR(p.y, 50.0f, 4.0f);
  }
}

TEST(Plot, AllNoDataDrawsNothing) {
  Frame frame;
  EXPECT_TRUE(vertices(series([](double) { return true; })).empty());
  EXPECT_EQ(series_max(series([](double) { return true; }), &SeriesPoint::latency_p50_ms, 0, 3),
            0.0);
}

}  // namespace
}  // namespace poolscope::gui
