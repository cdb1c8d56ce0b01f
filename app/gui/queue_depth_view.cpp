#include "queue_depth_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>

#include "palette.h"
#include "plot.h"
#include "text_layout.h"

namespace poolscope::gui {

void QueueDepthView::Draw(const Snapshot& snap, const TimeAxis& axis) {
  const std::span<const SeriesPoint> pts(snap.series);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Queue depth");
  record_last_item("Queue depth");
  ImGui::SameLine();
  char now[128];
  if (snap.queue_capacity == 0) {
    std::snprintf(now, sizeof now, "now %zu · unbuffered (rendezvous: capacity 0)",
                  snap.queue_depth);
  } else {
    std::snprintf(now, sizeof now, "now %zu of %zu · max %zu · mean %.1f", snap.queue_depth,
                  snap.queue_capacity, snap.max_queue_depth, snap.mean_queue_depth);
  }
  fitted_text(now, colors::text_dim);
  // Legend, right-aligned.
  const char* l1 = "depth";
  const char* l2 = "capacity";
  const float sw = ImGui::GetTextLineHeight();
  const float lw = ImGui::CalcTextSize(l1).x + ImGui::CalcTextSize(l2).x + sw * 2 + 30;
  const float right = ImGui::GetWindowContentRegionMax().x;
  ImGui::SameLine();
  if (ImGui::GetCursorPosX() + lw < right) {
    ImGui::SetCursorPosX(right - lw);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    const float y = p.y + ImGui::GetTextLineHeight() * 0.5f + ImGui::GetStyle().FramePadding.y;
    dl->AddLine(ImVec2(p.x, y), ImVec2(p.x + sw, y), colors::queued, 3.0f);
    ImGui::Dummy(ImVec2(sw, 1));
    ImGui::SameLine(0, 4);
    ImGui::TextUnformatted(l1);
    record_last_item(l1);
    ImGui::SameLine(0, 14);
    p = ImGui::GetCursorScreenPos();
    dl->AddLine(ImVec2(p.x, y), ImVec2(p.x + sw, y), colors::capacity, 2.0f);
    ImGui::Dummy(ImVec2(sw, 1));
    ImGui::SameLine(0, 4);
    ImGui::TextUnformatted(l2);
    record_last_item(l2);
  }

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float line_h = ImGui::GetTextLineHeight();
  // Same horizontal geometry as TimelineView, so that both share pixels per second.
  const PlotRect r{ImVec2(origin.x + axis.gutter_px, origin.y + line_h * 0.5f),
                   ImVec2(origin.x + avail.x - 8.0f - 4.0f, origin.y + avail.y - 2.0f)};
  if (r.height() < line_h || r.width() < 40) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  draw_plot_area(dl, r);
  draw_time_grid(dl, r, axis, false);

  const double peak = std::max({series_max(pts, &SeriesPoint::queue_depth, axis.t0, axis.t1),
                                series_max(pts, &SeriesPoint::queue_capacity, axis.t0, axis.t1),
                                double(snap.queue_depth), double(snap.queue_capacity), 1.0});
  const double vmax = draw_value_grid(dl, r, peak * 1.08, nullptr);
  // Capacity first and wider, so that a full queue shows both lines, depth on top.
  draw_series(dl, r, axis.t0, axis.t1, vmax, pts, &SeriesPoint::queue_capacity,
              {colors::capacity, 4.0f, true, false});
  draw_series(dl, r, axis.t0, axis.t1, vmax, pts, &SeriesPoint::queue_depth,
              {colors::queued, 2.0f, true, true});
  if (!pts.empty() && snap.elapsed_s > pts.back().t_s && snap.elapsed_s >= axis.t0) {
    // From the last sample to now, at the current depth.
    const auto x0 = static_cast<float>(axis.x_of(pts.back().t_s, r.min.x, r.width()));
    const auto x1 = static_cast<float>(axis.x_of(snap.elapsed_s, r.min.x, r.width()));
    const auto y = static_cast<float>(r.max.y - double(snap.queue_depth) / vmax * r.height());
    dl->PushClipRect(r.min, r.max, true);
    dl->AddLine(ImVec2(x0, y), ImVec2(x1, y), colors::queued, 2.0f);
    dl->PopClipRect();
  }
  // Hover: the sampled depth under the cursor.
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (ImGui::IsWindowHovered() && m.x >= r.min.x && m.x <= r.max.x && m.y >= r.min.y &&
      m.y <= r.max.y && !pts.empty()) {
    const double t = axis.t_of(m.x, r.min.x, r.width());
    auto it = std::upper_bound(pts.begin(), pts.end(), t,
                               [](double v, const SeriesPoint& p) { return v < p.t_s; });
    if (it != pts.begin()) {
      --it;
      dl->AddLine(ImVec2(m.x, r.min.y), ImVec2(m.x, r.max.y), IM_COL32(255, 255, 255, 80));
      ImGui::SetTooltip("t = %.2f s\ndepth %.0f of capacity %.0f", t, it->queue_depth,
                        it->queue_capacity);
    }
  }
  ImGui::Dummy(avail);
}

}  // namespace poolscope::gui
