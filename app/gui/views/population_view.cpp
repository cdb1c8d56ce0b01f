// PopulationView's drawing: spawned threads, OS threads and memory against the spawn cap, or a
// dynamic pool's workers between its min and max, over time.
#include "views/population_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>

#include "ui/palette.h"
#include "ui/plot.h"

namespace poolscope::gui {
namespace {

constexpr ImU32 memory_color = okabe_ito::reddish_purple;
constexpr ImU32 os_threads_color = IM_COL32(200, 200, 200, 255);

// A horizontal reference line at `value` with its name at the right end.
void reference(ImDrawList* dl, const PlotRect& r, double value, double vmax, ImU32 color,
               const char* label) {
  if (value > vmax * 1.001) return;
  const auto y = static_cast<float>(r.max.y - value / vmax * r.height());
  for (float x = r.min.x; x < r.max.x; x += 10.0f) {  // dashed
    dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + 6.0f, r.max.x), y), color, 2.0f);
  }
  // Named at the left end: the right edge holds the memory scale.
  const ImVec2 ts = ImGui::CalcTextSize(label);
  const float ly = std::clamp(y - ts.y - 1.0f, r.min.y, r.max.y - ts.y);
  dl->AddRectFilled(ImVec2(r.min.x + 4.0f, ly), ImVec2(r.min.x + 10.0f + ts.x, ly + ts.y),
                    IM_COL32(0, 0, 0, 150), 3.0f);
  dl->AddText(ImVec2(r.min.x + 7.0f, ly), color, label);
}

}  // namespace

bool PopulationView::wanted(const ScenarioSpec& spec) {
  return spec.mode == PoolMode::spawn || spec.autoscale();
}

void PopulationView::Draw(const Snapshot& snap, const TimeAxis& axis) {
  const std::span<const SeriesPoint> pts(snap.series);
  const bool spawn = snap.spec.mode == PoolMode::spawn;
  const ProcessView& p = snap.process;
  int pool_workers = 0;
  for (const WorkerView& w : snap.workers)
    pool_workers += (!w.io_pool && w.state != WorkerState::retiring) ? 1 : 0;

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(spawn ? "Threads and memory" : "Pool size");
  ImGui::SameLine();
  if (spawn) {
    ImGui::TextDisabled(
        "job threads %d (peak %d, cap %d) · OS threads %d · memory %.0f MB (peak %.0f)",
        p.spawned_live, p.spawned_peak, p.spawn_cap, p.threads, p.rss_mb, p.rss_peak_mb);
  } else {
    double peak = 0;
    for (const SeriesPoint& s : pts) peak = std::max(peak, s.workers);
    ImGui::TextDisabled("now %d workers · peak %.0f · between %d and %d", pool_workers, peak,
                        snap.spec.autoscale_min, snap.spec.autoscale_max);
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  {
    // Legend, right-aligned on the title line.
    const char* l1 = spawn ? "job threads" : "workers";
    const char* l2 = spawn ? "OS threads" : nullptr;
    const char* l3 = spawn ? "memory (MB, right scale)" : nullptr;
    float lw = 0;
    for (const char* l : {l1, l2, l3})
      if (l) lw += ImGui::GetTextLineHeight() + 18 + ImGui::CalcTextSize(l).x;
    ImGui::SameLine();
    const float right = ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetCursorPosX() + lw < right) {
      ImGui::SetCursorPosX(right - lw);
      const ImVec2 at = ImGui::GetCursorScreenPos();
      float x = at.x;
      const float y = at.y + ImGui::GetStyle().FramePadding.y;
      line_legend_item(dl, x, y, colors::running, l1);
      if (l2) line_legend_item(dl, x, y, os_threads_color, l2);
      if (l3) line_legend_item(dl, x, y, memory_color, l3);
      ImGui::Dummy(ImVec2(lw, 1));
    } else {
      ImGui::NewLine();
    }
  }

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float line_h = ImGui::GetTextLineHeight();
  const PlotRect r = shared_axis_rect(origin, avail, axis);
  if (r.height() < line_h || r.width() < 40) return;
  draw_plot_area(dl, r);
  draw_time_grid(dl, r, axis, false);

  if (spawn) {
    const double peak = std::max({series_max(pts, &SeriesPoint::threads, axis.t0, axis.t1),
                                  double(p.spawn_cap), double(p.threads), 1.0});
    const double vmax = draw_value_grid(dl, r, peak * 1.08, nullptr);
    char cap[48];
    std::snprintf(cap, sizeof cap, "spawn cap %d", p.spawn_cap);
    reference(dl, r, p.spawn_cap, vmax, colors::capacity, cap);
    draw_series(dl, r, axis.t0, axis.t1, vmax, pts, &SeriesPoint::threads,
                {os_threads_color, 1.0f, true, false});
    draw_series(dl, r, axis.t0, axis.t1, vmax, pts, &SeriesPoint::spawned_live,
                {colors::running, 2.0f, true, true});
    // Memory on its own scale, labelled at the right edge.
    const double mem_peak = std::max(series_max(pts, &SeriesPoint::rss_mb, axis.t0, axis.t1), 1.0);
    const double mstep = nice_step(mem_peak * 1.1, 3);
    const double mmax = std::max(mstep, std::ceil(mem_peak * 1.1 / mstep) * mstep);
    draw_series(dl, r, axis.t0, axis.t1, mmax, pts, &SeriesPoint::rss_mb, {memory_color, 2.0f});
    for (double v = mstep; v <= mmax + mstep * 1e-6; v += mstep) {
      const auto y = static_cast<float>(r.max.y - v / mmax * r.height());
      const std::string label = format_value(v) + " MB";
      const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
      dl->AddText(ImVec2(r.max.x - ts.x - 4.0f, std::clamp(y, r.min.y, r.max.y - ts.y)),
                  memory_color, label.c_str());
    }
  } else {
    const double top = std::max(double(snap.spec.autoscale_max), 1.0);
    const double vmax = draw_value_grid(dl, r, top * 1.15, nullptr);
    char max_label[32];
    std::snprintf(max_label, sizeof max_label, "max %d", snap.spec.autoscale_max);
    reference(dl, r, snap.spec.autoscale_max, vmax, colors::capacity, max_label);
    draw_series(dl, r, axis.t0, axis.t1, vmax, pts, &SeriesPoint::workers,
                {colors::running, 2.0f, true, true});
    if (!pts.empty() && snap.elapsed_s > pts.back().t_s) {
      // From the last point to now, at the current size (the pipeline shows the same count).
      const auto x0 = static_cast<float>(axis.x_of(pts.back().t_s, r.min.x, r.width()));
      const auto x1 = static_cast<float>(axis.x_of(snap.elapsed_s, r.min.x, r.width()));
      const auto y = static_cast<float>(r.max.y - double(pool_workers) / vmax * r.height());
      dl->PushClipRect(r.min, r.max, true);
      dl->AddLine(ImVec2(x0, y), ImVec2(x1, y), colors::running, 2.0f);
      dl->PopClipRect();
    }
  }
  // Hover: the values under the cursor.
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (ImGui::IsWindowHovered() && m.x >= r.min.x && m.x <= r.max.x && m.y >= r.min.y &&
      m.y <= r.max.y && !pts.empty()) {
    const double t = axis.t_of(m.x, r.min.x, r.width());
    auto it = std::upper_bound(pts.begin(), pts.end(), t,
                               [](double v, const SeriesPoint& s) { return v < s.t_s; });
    if (it != pts.begin()) {
      --it;
      dl->AddLine(ImVec2(m.x, r.min.y), ImVec2(m.x, r.max.y), IM_COL32(255, 255, 255, 80));
      if (spawn) {
        ImGui::SetTooltip("t = %.2f s\njob threads %.0f\nOS threads %.0f\nmemory %.0f MB", t,
                          it->spawned_live, it->threads, it->rss_mb);
      } else {
        ImGui::SetTooltip("t = %.2f s\nworkers %.0f", t, it->workers);
      }
    }
  }
  draw_time_cursor(dl, r, axis);
  ImGui::Dummy(avail);
}

}  // namespace poolscope::gui
