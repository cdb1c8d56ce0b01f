// Plot helpers: tick steps, time and value labels, grid lines on the shared time axis, and
// series drawn as polylines decimated to pixel columns.
#include "ui/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "ui/palette.h"

namespace poolscope::gui {
namespace {

std::string printf_string(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

// Index of the first point with t_s >= t (points are time-ordered).
std::size_t lower_index(std::span<const SeriesPoint> points, double t) {
  const auto it = std::lower_bound(points.begin(), points.end(), t,
                                   [](const SeriesPoint& p, double v) { return p.t_s < v; });
  return static_cast<std::size_t>(it - points.begin());
}

}  // namespace

double nice_step(double range, int target) {
  if (!(range > 0) || target < 1) return 1.0;
  const double raw = range / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  const double nice = norm < 1.5 ? 1.0 : norm < 3.5 ? 2.0 : norm < 7.5 ? 5.0 : 10.0;
  return nice * mag;
}

std::string format_time(double t_s, double step_s) {
  const double a = std::fabs(step_s);
  if (a >= 0.999) return printf_string("%.0f s", t_s);
  if (a >= 0.0999) return printf_string("%.1f s", t_s);
  if (a >= 0.00999) return printf_string("%.2f s", t_s);
  if (a >= 0.000999) return printf_string("%.3f s", t_s);
  return printf_string("%.4f s", t_s);
}

std::string format_value(double v) {
  const double a = std::fabs(v);
  if (a >= 1e6) return printf_string("%.1fM", v / 1e6);
  if (a >= 1e4) return printf_string("%.0fk", v / 1e3);
  if (a >= 1e3) return printf_string("%.1fk", v / 1e3);
  if (a >= 10 || a == std::floor(a)) return printf_string("%.0f", v);
  if (a >= 1) return printf_string("%.1f", v);
  return printf_string("%.2f", v);
}

std::string format_duration_ms(double ms) {
  // Thresholds at the rounding points, so 999.7 ms reads "1.00 s", not "1000 ms".
  if (ms >= 999.5) return printf_string("%.2f s", ms / 1000.0);
  if (ms >= 99.95) return printf_string("%.0f ms", ms);
  if (ms >= 0.9995) return printf_string("%.1f ms", ms);
  return printf_string("%.0f µs", ms * 1000.0);
}

PlotRect shared_axis_rect(ImVec2 origin, ImVec2 avail, const TimeAxis& axis) {
  const float line_h = ImGui::GetTextLineHeight();
  return {ImVec2(origin.x + axis.gutter_px, origin.y + line_h * 0.5f),
          ImVec2(origin.x + avail.x - 8.0f - 4.0f, origin.y + avail.y - 2.0f)};
}

void draw_plot_area(ImDrawList* dl, const PlotRect& r) {
  dl->AddRectFilled(r.min, r.max, colors::plot_bg);
  dl->AddRect(r.min, r.max, colors::plot_frame);
}

std::optional<PlotRect> reserve_graph(float height, const char* widest_y_label, bool x_labels) {
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  const float line_h = ImGui::GetTextLineHeight();
  const float gutter = ImGui::CalcTextSize(widest_y_label).x + 8.0f;
  const float pad = x_labels ? 4.0f : 2.0f, below = x_labels ? line_h + 4.0f : 2.0f;
  const PlotRect r{ImVec2(o.x + gutter, o.y + pad), ImVec2(o.x + w - 6, o.y + height - below)};
  ImGui::Dummy(ImVec2(w, height));
  if (r.width() < 40 || (x_labels && r.height() < line_h)) return std::nullopt;
  return r;
}

void draw_time_cursor(ImDrawList* dl, const PlotRect& r, const TimeAxis& axis) {
  if (!axis.cursor_s || *axis.cursor_s < axis.t0 || *axis.cursor_s > axis.t1) return;
  // Snapped to a pixel center so that the 2 px line is crisp in every view alike.
  const float x =
      std::floor(static_cast<float>(axis.x_of(*axis.cursor_s, r.min.x, r.width()))) + 0.5f;
  dl->AddLine(ImVec2(x, r.min.y), ImVec2(x, r.max.y), colors::cursor, 2.0f);
}

void draw_time_grid(ImDrawList* dl, const PlotRect& r, const TimeAxis& axis, bool labels_below) {
  const float label_w = ImGui::CalcTextSize("00.000 s").x;
  const int target = std::max(2, static_cast<int>(r.width() / (label_w * 1.6f)));
  const double step = nice_step(axis.span_s, target);
  const double first = std::ceil(axis.t0 / step) * step;
  for (double t = first; t <= axis.t1 + step * 1e-6; t += step) {
    const auto x = static_cast<float>(axis.x_of(t, r.min.x, r.width()));
    if (x < r.min.x - 0.5f || x > r.max.x + 0.5f) continue;
    dl->AddLine(ImVec2(x, r.min.y), ImVec2(x, r.max.y), colors::grid);
    if (!labels_below) continue;
    const std::string label = format_time(std::fabs(t) < step * 1e-6 ? 0.0 : t, step);
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    const float lx = std::clamp(x - ts.x * 0.5f, r.min.x, r.max.x - ts.x);
    dl->AddLine(ImVec2(x, r.max.y), ImVec2(x, r.max.y + 3.0f), colors::axis);
    dl->AddText(ImVec2(lx, r.max.y + 3.0f), colors::text_dim, label.c_str());
  }
}

double draw_value_grid(ImDrawList* dl, const PlotRect& r, double max_value, const char* unit) {
  const int target =
      std::max(1, static_cast<int>(r.height() / (ImGui::GetTextLineHeight() * 1.8f)));
  const double step = nice_step(std::max(max_value, 1e-9), target);
  const double vmax = std::max(step, std::ceil(max_value / step - 1e-9) * step);
  const float lh = ImGui::GetTextLineHeight();
  for (double v = 0; v <= vmax + step * 1e-6; v += step) {
    const auto y = static_cast<float>(r.max.y - v / vmax * r.height());
    dl->AddLine(ImVec2(r.min.x, y), ImVec2(r.max.x, y), v == 0 ? colors::axis : colors::grid);
    const std::string label = format_value(v);
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    const float ly = std::clamp(y - lh * 0.5f, r.min.y - lh * 0.5f, r.max.y - lh * 0.5f);
    dl->AddText(ImVec2(r.min.x - ts.x - 4.0f, ly), colors::text_dim, label.c_str());
  }
  if (unit != nullptr && *unit != '\0') {
    dl->AddText(ImVec2(r.min.x + 4.0f, r.min.y), colors::text_dim, unit);
  }
  return vmax;
}

void draw_series(ImDrawList* dl, const PlotRect& r, double t0, double t1, double vmax,
                 std::span<const SeriesPoint> points, double SeriesPoint::*field,
                 const SeriesStyle& style) {
  if (points.empty() || !(t1 > t0) || !(vmax > 0)) return;
  std::size_t i0 = lower_index(points, t0);
  std::size_t i1 = lower_index(points, t1);
  if (i0 > 0) --i0;  // one point either side so the line reaches the edges
  if (i1 < points.size()) ++i1;
  if (i1 <= i0) return;
  const double sx = double(r.width()) / (t1 - t0);
  const double sy = double(r.height()) / vmax;
  dl->PushClipRect(r.min, r.max, true);
  // One stretch of points with data at a time: a point without (NaN) ends the stretch, so that
  // the line has a gap there instead of falling to 0.
  std::vector<ImVec2> line;
  line.reserve(std::min<std::size_t>(i1 - i0, static_cast<std::size_t>(r.width())) * 2 + 4);
  auto flush = [&] {
    if (line.size() == 1) {
      // A lone point between gaps: a dot, or it would not show at all.
      dl->AddCircleFilled(line[0], style.thickness, style.color, 8);
    } else if (line.size() > 1) {
      if (style.fill) {
        // Vertical strips under the line: convex quads, unlike one big concave polygon.
        const ImU32 fill = with_alpha(style.color, 0.18f);
        for (std::size_t i = 1; i < line.size(); ++i) {
          const ImVec2 a = line[i - 1], b = line[i];
          if (b.x <= a.x) continue;
          dl->AddQuadFilled(ImVec2(a.x, r.max.y), a, b, ImVec2(b.x, r.max.y), fill);
        }
      }
      dl->AddPolyline(line.data(), static_cast<int>(line.size()), style.color, ImDrawFlags_None,
                      style.thickness);
    }
    line.clear();
  };
  // One point per couple of pixels (the largest value in it, so peaks survive): llvmpipe pays
  // for every vertex, and more points than pixels show nothing more.
  constexpr float bucket_px = 3.0f;
  float bucket_x = -1e30f;
  bool gap = false;  // a point without data since the last one drawn
  for (std::size_t i = i0; i < i1; ++i) {
    const SeriesPoint& p = points[i];
    const double v = p.*field;
    if (!std::isfinite(v)) {
      gap = true;
      continue;
    }
    const auto x = static_cast<float>(r.min.x + (p.t_s - t0) * sx);
    const auto y = static_cast<float>(r.max.y - std::min(v, vmax * 1.05) * sy);
    if (!line.empty() && x - bucket_x < bucket_px) {
      line.back().y = std::min(line.back().y, y);  // screen y grows downward: min = largest
      gap = false;                                 // a gap narrower than a bucket would not show
      continue;
    }
    if (gap) flush();
    gap = false;
    bucket_x = x;
    if (style.step && !line.empty()) {
      // A flat stretch needs no points in between (the capacity line is usually flat).
      if (line.back().y == y && line.size() >= 2 && line[line.size() - 2].y == y) {
        line.back().x = x;
        continue;
      }
      line.emplace_back(x, line.back().y);
    }
    line.emplace_back(x, y);
  }
  flush();
  dl->PopClipRect();
}

double series_max(std::span<const SeriesPoint> points, double SeriesPoint::*field, double t0,
                  double t1) {
  double m = 0;
  for (std::size_t i = lower_index(points, t0); i < points.size() && points[i].t_s <= t1; ++i) {
    if (std::isfinite(points[i].*field)) m = std::max(m, points[i].*field);
  }
  return m;
}

void line_legend_item(ImDrawList* dl, float& x, float y, ImU32 color, const char* label) {
  const float sw = ImGui::GetTextLineHeight();
  const float mid = y + ImGui::GetTextLineHeight() * 0.5f;
  dl->AddLine(ImVec2(x, mid), ImVec2(x + sw, mid), color, 3.0f);
  dl->AddText(ImVec2(x + sw + 4, y), colors::text_dim, label);
  x += sw + 4 + ImGui::CalcTextSize(label).x + 14;
}

}  // namespace poolscope::gui
