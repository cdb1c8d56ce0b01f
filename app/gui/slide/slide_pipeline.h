// A slide's pipeline strip: the producer, the job queue, the workers, the results queue and the
// consumer as they were at one instant (the window's end), rebuilt by core's Rewind from the
// recorded timeline, drawn as the slide's own shapes (so the SVG and the PNG agree).
#pragma once

#include <vector>

#include "poolscope/rewind.h"
#include "slide/slide_scene.h"

namespace poolscope::gui {

struct SlideBox {
  float x0, y0, x1, y1;
};

// Appends the strip's items, inside `area`, for the state `at` (at_s: its instant, seconds of
// the run, for the label placed in the gutter from `label_x`).
void add_pipeline_strip(const RewoundState& at, double at_s, float label_x, const SlideBox& area,
                        const MeasureText& measure, std::vector<SlideItem>& items);

}  // namespace poolscope::gui
