// The queue depth step function: one horizontal run per depth, one vertical stroke per change,
// and per pixel column at most one stroke spanning the depths visited there.
#include "views/depth_plot.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "ui/palette.h"

namespace poolscope::gui {

namespace {

struct Window {
  std::int64_t t0_ns = 0, t1_ns = 0;
};

Window window_of(const TimelineData& tl, const TimeAxis& axis, double now_s) {
  const double end_s = std::min(axis.t1, now_s);
  return {tl.start_ns + static_cast<std::int64_t>(std::floor(axis.t0 * 1e9)),
          tl.start_ns + static_cast<std::int64_t>(std::ceil(end_s * 1e9))};
}

}  // namespace

std::uint32_t depth_max_in_view(const TimelineData& tl, const TimeAxis& axis, double now_s) {
  const Window w = window_of(tl, axis, now_s);
  std::uint32_t peak = 0;
  if (w.t1_ns < w.t0_ns) return peak;
  tl.for_each_depth_step(w.t0_ns, w.t1_ns,
                         [&](const DepthStep& st) { peak = std::max(peak, st.depth); });
  return peak;
}

void draw_depth_steps(ImDrawList* dl, const PlotRect& r, const TimeAxis& axis,
                      const TimelineData& tl, double now_s, double vmax, ImU32 color) {
  const Window w = window_of(tl, axis, now_s);
  if (w.t1_ns < w.t0_ns || !(vmax > 0) || r.width() <= 0) return;
  const auto x_of = [&](std::int64_t t_ns) {
    const double x = axis.x_of(double(t_ns - tl.start_ns) / 1e9, r.min.x, r.width());
    return static_cast<float>(std::clamp(x, double(r.min.x), double(r.max.x)));
  };
  const auto y_of = [&](double depth) {
    return static_cast<float>(r.max.y - std::min(depth, vmax * 1.05) / vmax * r.height());
  };

  // Runs of constant depth, merged per pixel column: a column where the depth changed several
  // times keeps the depths it went through as [lo, hi] and ends at the last one.
  struct Run {
    float x0, x1;
    std::uint32_t depth;
    std::uint32_t lo, hi;  // depths visited inside the run's first column
  };
  std::vector<Run> runs;
  tl.for_each_depth_step(w.t0_ns, w.t1_ns, [&](const DepthStep& st) {
    const float x = x_of(std::max(st.t_ns, w.t0_ns));
    if (!runs.empty() && std::floor(x) == std::floor(runs.back().x0)) {
      Run& same = runs.back();  // several changes in one pixel column
      same.depth = st.depth;
      same.lo = std::min(same.lo, st.depth);
      same.hi = std::max(same.hi, st.depth);
      return;
    }
    if (!runs.empty()) runs.back().x1 = x;
    std::uint32_t lo = st.depth, hi = st.depth;
    if (!runs.empty()) {
      lo = std::min(lo, runs.back().depth);
      hi = std::max(hi, runs.back().depth);
    }
    runs.push_back(Run{x, x, st.depth, lo, hi});
  });
  if (runs.empty()) return;
  runs.back().x1 = x_of(w.t1_ns);

  dl->PushClipRect(r.min, r.max, true);
  const ImU32 fill = with_alpha(color, 0.18f);
  for (const Run& run : runs) {
    if (run.depth > 0 && run.x1 > run.x0)
      dl->AddRectFilled(ImVec2(run.x0, y_of(run.depth)), ImVec2(run.x1, r.max.y), fill);
  }
  constexpr float thickness = 2.0f;
  for (const Run& run : runs) {
    if (run.hi != run.lo)
      dl->AddLine(ImVec2(run.x0, y_of(run.lo) + 1.0f), ImVec2(run.x0, y_of(run.hi) - 1.0f), color,
                  thickness);
    dl->AddLine(ImVec2(run.x0 - 1.0f, y_of(run.depth)), ImVec2(run.x1 + 1.0f, y_of(run.depth)),
                color, thickness);
  }
  dl->PopClipRect();
}

}  // namespace poolscope::gui
