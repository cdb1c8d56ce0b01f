// The time axis shared by the queue-depth graph and the timeline, so both show the same seconds at
// the same pixels. Follows live time until the user zooms or pans; "Live" returns to following.
// UI-thread state; not thread-safe.
#pragma once

#include <algorithm>
#include <optional>

namespace poolscope::gui {

struct TimeAxis {
  double span_s = 10.0;  // visible width in seconds
  double end_s = 10.0;   // right edge when not live
  bool live = true;
  // Resolved once per frame by resolve(): the visible interval, in seconds since run start.
  double t0 = 0.0;
  double t1 = 10.0;
  // Left gutter (row labels / y axis) shared by both views so that their plots line up.
  float gutter_px = 80.0f;
  // The rewind cursor (seconds since the run started), drawn by every view on this axis; unset
  // while the views show the present. Set each frame by the App from its RewindCursor.
  std::optional<double> cursor_s;
  double cursor_speed = 0.25;  // its playback speed (a fraction of real time), for the controls
  std::optional<int> cursor_row;  // the timeline row (lane) its row steps move on
  static constexpr double playback_speeds[] = {0.1, 0.25, 0.5, 1.0};

  static constexpr double min_span_s = 1e-4;
  static constexpr double max_span_s = 3600.0;

  void resolve(double now_s) {
    if (live) end_s = std::max(now_s, span_s);
    t1 = end_s;
    t0 = t1 - span_s;
  }
  // Zooms by `factor` (< 1: in) keeping time `at_s` under the same pixel; stops following.
  void zoom_at(double at_s, double factor) {
    const double new_span = std::clamp(span_s * factor, min_span_s, max_span_s);
    const double frac = span_s > 0 ? (at_s - t0) / span_s : 1.0;
    const double new_t0 = at_s - frac * new_span;
    span_s = new_span;
    end_s = new_t0 + new_span;
    live = false;
    t0 = new_t0;
    t1 = end_s;
  }
  void pan_by(double dt_s) {
    end_s = t1 + dt_s;
    live = false;
    t1 = end_s;
    t0 = t1 - span_s;
  }
  // Shows [from_s, to_s] and stops following (a finished run, fitted whole).
  void fit(double from_s, double to_s) {
    span_s = std::clamp(to_s - from_s, min_span_s, max_span_s);
    end_s = from_s + span_s;
    live = false;
    t1 = end_s;
    t0 = from_s;
  }
  void follow_live(double span) {
    span_s = std::clamp(span, min_span_s, max_span_s);
    live = true;
  }
  double x_of(double t, float x0, float width) const {
    return double(x0) + (t - t0) / span_s * double(width);
  }
  double t_of(float x, float x0, float width) const {
    return t0 + double(x - x0) / double(width) * span_s;
  }
};

}  // namespace poolscope::gui
