// LimitGraph's drawing: the limit and calls in flight (left scale), their latency and its
// baseline (right scale, ms), with the values at the cursor or under the mouse.
#include "views/limit_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>

#include "ui/palette.h"
#include "ui/plot.h"

namespace poolscope::gui {
namespace {

constexpr ImU32 limit_color = colors::capacity;
constexpr ImU32 in_flight_color = colors::running;
constexpr ImU32 rtt_color = okabe_ito::reddish_purple;
constexpr ImU32 baseline_color = IM_COL32(200, 200, 200, 255);

float legend_width(std::span<const char* const> labels) {
  float w = 0;
  for (const char* l : labels) w += ImGui::GetTextLineHeight() + 18 + ImGui::CalcTextSize(l).x;
  return w;
}

// The graph point at or before t (the last one when t is past the end), or null.
const SeriesPoint* point_at(std::span<const SeriesPoint> pts, double t) {
  auto it = std::upper_bound(pts.begin(), pts.end(), t,
                             [](double v, const SeriesPoint& s) { return v < s.t_s; });
  return it == pts.begin() ? nullptr : &*(it - 1);
}

std::string ms_text(double ms) { return std::isfinite(ms) ? format_duration_ms(ms) : "none"; }

}  // namespace

void LimitGraph::Draw(const Snapshot& snap, const TimeAxis& axis) {
  const std::span<const SeriesPoint> pts(snap.series);
  const LimitView& l = snap.limit;
  // AIMD's baseline is its timeout (5 s by default): drawn only when it is near the latencies.
  const bool aimd = snap.spec.limit == LimitPolicy::aimd;

  // The title line: name, values (at the rewind cursor, else now) and the legend; on a narrow
  // panel the values give way (the tooltip has them), so the plot keeps its height.
  char title[64];
  std::snprintf(title, sizeof title, "Adaptive limit (%s)",
                std::string(to_string(snap.spec.limit)).c_str());
  char values[192];
  if (axis.cursor_s) {
    const SeriesPoint* p = point_at(pts, *axis.cursor_s);
    if (p) {
      std::snprintf(values, sizeof values, "at %.2f s: limit %.0f · in flight %.0f · latency %s",
                    *axis.cursor_s, p->limit, p->peak_in_flight, ms_text(p->call_rtt_ms).c_str());
    } else {
      std::snprintf(values, sizeof values, "at %.2f s: no point yet", *axis.cursor_s);
    }
  } else {
    std::snprintf(values, sizeof values, "limit %d (%d..%d) · in flight %d · latency %s · %s %s",
                  l.limit, l.min_limit, l.max_limit, l.in_flight, ms_text(l.last_rtt_ms).c_str(),
                  l.baseline_name.c_str(), ms_text(l.baseline_ms).c_str());
  }
  const char* labels[] = {"limit", "in flight", "latency (right)", l.baseline_name.c_str()};
  const std::span<const char* const> shown(labels, aimd ? 3 : 4);
  const float lw = legend_width(shown);
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float room = ImGui::GetContentRegionAvail().x;
  const float title_w = ImGui::CalcTextSize(title).x;
  const bool with_values = title_w + spacing + ImGui::CalcTextSize(values).x + spacing + lw <= room;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(title);
  if (with_values) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", values);
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  {
    const float right = ImGui::GetWindowContentRegionMax().x;
    ImGui::SameLine();
    if (ImGui::GetCursorPosX() + lw >= right + 1.0f) ImGui::NewLine();
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), right - lw));
    const ImVec2 at = ImGui::GetCursorScreenPos();
    float x = at.x;
    const float y = at.y + ImGui::GetStyle().FramePadding.y;
    const ImU32 swatches[] = {limit_color, in_flight_color, rtt_color, baseline_color};
    for (std::size_t i = 0; i < shown.size(); ++i)
      line_legend_item(dl, x, y, swatches[i], shown[i]);
    ImGui::Dummy(ImVec2(lw, ImGui::GetFrameHeight()));
  }

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const PlotRect r = shared_axis_rect(origin, avail, axis);
  // In a short window the graph is a thin strip: still worth drawing, with fewer labels.
  if (r.height() < 10.0f || r.width() < 40) return;
  draw_plot_area(dl, r);
  draw_time_grid(dl, r, axis, false);

  // Calls: the limit and the most in flight in each interval, on the left scale.
  const double top = std::max({series_max(pts, &SeriesPoint::limit, axis.t0, axis.t1),
                               series_max(pts, &SeriesPoint::peak_in_flight, axis.t0, axis.t1),
                               double(l.limit), 1.0});
  // A strip too thin for labels (a short window) draws the lines alone; the tooltip has values.
  const bool thin = r.height() < ImGui::GetTextLineHeight() * 2.5f;
  const double vmax = thin ? std::ceil(top * 1.12) : draw_value_grid(dl, r, top * 1.12, nullptr);
  draw_series(dl, r, axis.t0, axis.t1, vmax, pts, &SeriesPoint::peak_in_flight,
              {with_alpha(in_flight_color, 0.8f), 1.0f, true, true});
  draw_series(dl, r, axis.t0, axis.t1, vmax, pts, &SeriesPoint::limit,
              {limit_color, 3.0f, true, false});

  // Latency on its own scale, labelled at the right edge.
  double ms_peak = series_max(pts, &SeriesPoint::call_rtt_ms, axis.t0, axis.t1);
  if (!aimd)
    ms_peak = std::max(ms_peak, series_max(pts, &SeriesPoint::baseline_rtt_ms, axis.t0, axis.t1));
  if (!std::isfinite(ms_peak) || ms_peak <= 0) ms_peak = 1.0;
  // As many labels as fit a line and a half apart.
  const int ticks = std::clamp(int(r.height() / (ImGui::GetTextLineHeight() * 1.5f)), 1, 4);
  const double mstep = nice_step(ms_peak * 1.1, ticks);
  const double mmax = std::max(mstep, std::ceil(ms_peak * 1.1 / mstep) * mstep);
  if (!aimd) {
    draw_series(dl, r, axis.t0, axis.t1, mmax, pts, &SeriesPoint::baseline_rtt_ms,
                {baseline_color, 1.0f, false, false});
  }
  draw_series(dl, r, axis.t0, axis.t1, mmax, pts, &SeriesPoint::call_rtt_ms,
              {rtt_color, 2.0f, false, false});
  for (double v = mstep; !thin && v <= mmax + mstep * 1e-6; v += mstep) {
    const auto y = static_cast<float>(r.max.y - v / mmax * r.height());
    const std::string label = format_value(v) + " ms";
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    dl->AddText(ImVec2(r.max.x - ts.x - 4.0f, std::clamp(y, r.min.y, r.max.y - ts.y)), rtt_color,
                label.c_str());
  }

  // Hover: the values under the mouse.
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (ImGui::IsWindowHovered() && m.x >= r.min.x && m.x <= r.max.x && m.y >= r.min.y &&
      m.y <= r.max.y) {
    const double t = axis.t_of(m.x, r.min.x, r.width());
    if (const SeriesPoint* p = point_at(pts, t)) {
      dl->AddLine(ImVec2(m.x, r.min.y), ImVec2(m.x, r.max.y), IM_COL32(255, 255, 255, 80));
      ImGui::SetTooltip(
          "t = %.2f s\nlimit %.0f\nin flight %.0f (most in the interval %.0f)\n"
          "latency %s\n%s %s\ndownstream latency %s",
          t, p->limit, p->in_flight, p->peak_in_flight, ms_text(p->call_rtt_ms).c_str(),
          l.baseline_name.c_str(), ms_text(p->baseline_rtt_ms).c_str(),
          ms_text(p->downstream_latency_ms).c_str());
    }
  }
  draw_time_cursor(dl, r, axis);
  ImGui::Dummy(avail);
}

}  // namespace poolscope::gui
