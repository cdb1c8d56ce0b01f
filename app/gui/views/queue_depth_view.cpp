// QueueDepthView's drawing: the legend, the depth and capacity scaled to what is in view, the
// pause bands, and the recorded depth under the cursor.
#include "views/queue_depth_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>

#include "ui/palette.h"
#include "ui/plot.h"
#include "ui/text_layout.h"
#include "views/depth_plot.h"
#include "views/pause_bands.h"
#include "views/timeline_markers.h"

namespace poolscope::gui {

void QueueDepthView::Draw(const Snapshot& snap, const TimeAxis& axis,
                          const std::vector<Marker>& markers) {
  const std::span<const SeriesPoint> pts(snap.series);
  ImGui::AlignTextToFramePadding();
  const auto switch_button = [&](const char* label, const char* tip) {
    ImGui::SameLine();
    const bool pressed = ImGui::SmallButton(label);
    record_last_item(label);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
    return pressed;
  };
  if (show_flow_) {
    ImGui::TextUnformatted("Cumulative flow");
    record_last_item("Cumulative flow");
    if (switch_button("depth", "Show the queue's depth over time")) show_flow_ = false;
    flow_.Draw(snap, axis);
    return;
  }
  ImGui::TextUnformatted("Queue depth");
  record_last_item("Queue depth");
  if (switch_button("flow",
                    "Show jobs arrived, started and finished over time: the vertical "
                    "gap is the number in the system, the horizontal gap the time in it "
                    "(Little's law)"))
    show_flow_ = true;
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
  const PlotRect r = shared_axis_rect(origin, avail, axis);
  if (r.height() < line_h || r.width() < 40) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  draw_plot_area(dl, r);
  draw_time_grid(dl, r, axis, false);
  draw_marker_lines(dl, markers, axis, r.min.x, r.max.x, r.min.y, r.max.y);

  // Scale to what is shown: the depths in view, and the capacity only when it is within reach of
  // them (a queue of 300 that never holds more than 20 would flatten the depth to the floor).
  const TimelineData* tl = snap.timeline.get();
  const double depth_peak = std::max<double>(
      tl ? depth_max_in_view(*tl, axis, snap.elapsed_s) : 0.0, double(snap.queue_depth));
  const double capacity_peak = std::max(
      series_max(pts, &SeriesPoint::queue_capacity, axis.t0, axis.t1), double(snap.queue_capacity));
  const bool capacity_on_scale = capacity_peak <= std::max(4.0 * depth_peak, 10.0);
  const double peak = std::max({depth_peak, capacity_on_scale ? capacity_peak : 0.0, 1.0});
  const double vmax = draw_value_grid(dl, r, peak * 1.08, nullptr);
  last_vmax_ = vmax;
  if (capacity_on_scale) {
    // Capacity first and wider, so that a full queue shows both lines, depth on top.
    const SeriesStyle style{colors::capacity, 4.0f, true, false};
    draw_series(dl, r, axis.t0, axis.t1, vmax, pts, &SeriesPoint::queue_capacity, style);
    // The capacity is a setting, known from the start to now, not only at the samples: draw it
    // before the first and after the last, as far as the depth goes.
    const auto level = [&](double from_s, double to_s, double value) {
      from_s = std::max(from_s, axis.t0);
      to_s = std::min(to_s, axis.t1);
      if (!(to_s > from_s)) return;
      const auto y = static_cast<float>(r.max.y - value / vmax * double(r.height()));
      dl->AddLine(ImVec2(float(axis.x_of(from_s, r.min.x, r.width())), y),
                  ImVec2(float(axis.x_of(to_s, r.min.x, r.width())), y), style.color,
                  style.thickness);
    };
    if (!pts.empty()) {
      dl->PushClipRect(r.min, r.max, true);
      level(0.0, pts.front().t_s, pts.front().queue_capacity);
      level(pts.back().t_s, snap.elapsed_s, double(snap.queue_capacity));
      dl->PopClipRect();
    }
  } else {
    char note[64];
    std::snprintf(note, sizeof note, "capacity %.0f: above the scale", capacity_peak);
    const ImVec2 ts = ImGui::CalcTextSize(note);
    dl->AddText(ImVec2(r.max.x - ts.x - 4.0f, r.min.y + 2.0f), colors::capacity, note);
  }
  if (tl) {
    draw_pause_bands(dl, r, axis, *tl, false);
    draw_depth_steps(dl, r, axis, *tl, snap.elapsed_s, vmax, colors::queued);
  }
  draw_time_cursor(dl, r, axis);
  // Hover: the recorded depth under the cursor.
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (tl && ImGui::IsWindowHovered() && m.x >= r.min.x && m.x <= r.max.x && m.y >= r.min.y &&
      m.y <= r.max.y) {
    const double t = axis.t_of(m.x, r.min.x, r.width());
    const std::int64_t depth = tl->depth_at(tl->start_ns + static_cast<std::int64_t>(t * 1e9));
    if (depth >= 0 && t <= snap.elapsed_s) {
      dl->AddLine(ImVec2(m.x, r.min.y), ImVec2(m.x, r.max.y), IM_COL32(255, 255, 255, 80));
      ImGui::SetTooltip("t = %.3f s\ndepth %lld", t, static_cast<long long>(depth));
    }
  }
  ImGui::Dummy(avail);
}

}  // namespace poolscope::gui
