// Small graph-drawing helpers on ImDrawList (Debian has no ImPlot): nice tick steps, time and value
// labels, grids, and polylines decimated to the pixel columns they cover.
#pragma once

#include <imgui.h>

#include <optional>
#include <span>
#include <string>

#include "poolscope/snapshot.h"
#include "ui/time_axis.h"

namespace poolscope::gui {

// A step of 1, 2 or 5 x 10^k that puts about `target` ticks in `range`.
double nice_step(double range, int target);
// "1.5 s", "250 ms", "40 µs": a time tick label, precise enough for ticks `step_s` apart.
std::string format_time(double t_s, double step_s);
// "1.2k", "35", "0.5": a compact value label.
std::string format_value(double v);
// "1.20 s" / "35.0 ms" / "120 µs": a duration for tooltips and stats.
std::string format_duration_ms(double ms);

struct PlotRect {
  ImVec2 min;  // the plotting area, excluding axis labels
  ImVec2 max;
  float width() const { return max.x - min.x; }
  float height() const { return max.y - min.y; }
};

// Reserves a graph `height` high across the width left in the window: a left gutter as wide as
// `widest_y_label`, and under the plot a row for the x labels (or, without, a thin margin).
// The plotting area, or nothing when it is too small to draw in.
std::optional<PlotRect> reserve_graph(float height, const char* widest_y_label,
                                      bool x_labels = true);

// The plotting area of a graph on the timeline's time axis: from `origin`, `avail` wide and
// high, with the timeline's left gutter and right edge, so that all share pixels per second.
PlotRect shared_axis_rect(ImVec2 origin, ImVec2 avail, const TimeAxis& axis);

// The plotting area's own background (a shade darker than the panel, so plots read as plots)
// and its frame.
void draw_plot_area(ImDrawList* dl, const PlotRect& r);
// The rewind cursor's line across `r`, when the axis has a cursor in view.
void draw_time_cursor(ImDrawList* dl, const PlotRect& r, const TimeAxis& axis);
// Vertical grid lines and time labels (below the rect when labels_below) for `axis`.
void draw_time_grid(ImDrawList* dl, const PlotRect& r, const TimeAxis& axis, bool labels_below);
// Horizontal grid lines with value labels in the gutter left of the rect; returns the y max used
// (a nice number >= max_value).
double draw_value_grid(ImDrawList* dl, const PlotRect& r, double max_value, const char* unit);

// A polyline of the series field `field` over time, mapped through [t0, t1] x [0, vmax] into r
// and clipped to r. Only the points in [t0, t1] (and one either side) are emitted. A point without
// data (NaN) breaks the line: a gap, not a drop to 0; a lone point between gaps is a dot.
struct SeriesStyle {
  ImU32 color = IM_COL32_WHITE;
  float thickness = 2.0f;  // whole pixels: ImGui draws those with one textured quad per segment
  bool step = false;       // hold each value until the next point (sampled depth)
  bool fill = false;       // shade the area under the line
};
void draw_series(ImDrawList* dl, const PlotRect& r, double t0, double t1, double vmax,
                 std::span<const SeriesPoint> points, double SeriesPoint::*field,
                 const SeriesStyle& style);
// Largest value of `field` over the points in [t0, t1] (NaN: no data, ignored).
double series_max(std::span<const SeriesPoint> points, double SeriesPoint::*field, double t0,
                  double t1);

// A legend item at (x, y): a short line in `color`, then `label`; x moves past it.
void line_legend_item(ImDrawList* dl, float& x, float y, ImU32 color, const char* label);

}  // namespace poolscope::gui
