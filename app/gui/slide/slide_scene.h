// A slide: the timeline of a window of the run (and, optionally, the job queue's depth and the
// pipeline at the window's end above it)
// as a flat list of shapes and texts in drawing order, with a title, the legend, the time axis
// and the teacher's markers, and nothing of the UI. Built once from the recorded timeline; the
// SVG writer and the PNG rasterizer both draw exactly this list, so the two files agree.
// A value type; building it reads only the snapshot it is given.
#pragma once

#include <imgui.h>

#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "poolscope/snapshot.h"

namespace poolscope::gui {

// The slide's text styles: sizes in slide units (SVG font-size: the em), DejaVu Sans.
enum class SlideFont { title, subtitle, body, small, marker };
inline constexpr int slide_font_count = 5;
float slide_font_em(SlideFont f);
bool slide_font_bold(SlideFont f);

// Shapes, in slide units (y down). `role` names what a shape is ("block", "tick-label", ...):
// written as the SVG element's class, so that tests and people can find the parts.
struct SlideRect {
  float x0, y0, x1, y1;
  ImU32 color;
  std::string_view role;
};
struct SlideLine {
  float x0, y0, x1, y1;
  ImU32 color;
  float width;
  std::string_view role;
};
struct SlideTriangle {
  float x0, y0, x1, y1, x2, y2;
  ImU32 color;
  std::string_view role;
};
enum class TextAnchor { start, middle, end };
struct SlideText {
  float x, baseline;
  SlideFont font;
  ImU32 color;
  TextAnchor anchor;
  std::string text;
  std::string_view role;
};
using SlideItem = std::variant<SlideRect, SlideLine, SlideTriangle, SlideText>;

struct SlideScene {
  float width = 1280.0f, height = 720.0f;
  ImU32 background = 0;
  std::vector<SlideItem> items;  // drawn in this order
  // Where the window's seconds [t0_s, t1_s] lie across the slide: x0 .. x1.
  double t0_s = 0.0, t1_s = 0.0;
  float plot_x0 = 0.0f, plot_x1 = 0.0f;
};

// Width of `text` in slide units at a font's size (the fonts the PNG is drawn with measure it).
using MeasureText = std::function<float(std::string_view text, SlideFont font)>;

struct SlideOptions {
  double t0_s = 0.0, t1_s = 0.0;  // the window, seconds since the run started; t0 < t1
  bool depth = true;              // the job queue's depth graph above the timeline
  bool pipeline = false;          // the pipeline as it was at the window's end, above them
  std::string title;              // the scenario's title (the window is added to it)
  std::vector<Marker> markers;    // the teacher's notes; those inside the window are drawn
  float width = 1280.0f, height = 720.0f;
};

// The slide for `snap` (which must carry a timeline): every recorded segment that overlaps the
// window, clipped to it, and the threads' open states up to the snapshot's instant.
SlideScene build_slide(const Snapshot& snap, const SlideOptions& options,
                       const MeasureText& measure);

// "1.5", "2.25": seconds with as many decimals as the value needs (up to 4).
std::string seconds_text(double t_s);

}  // namespace poolscope::gui
