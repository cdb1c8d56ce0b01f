// The run's pauses as bands across a plot on the shared time axis: time that every statistic
// leaves out, so the views show it as its own thing rather than as waiting or idling.
#pragma once

#include <imgui.h>

#include "poolscope/timeline.h"
#include "ui/plot.h"
#include "ui/time_axis.h"

namespace poolscope::gui {

// Tints each pause inside r; with `label`, writes "paused" at the top of bands wide enough.
void draw_pause_bands(ImDrawList* dl, const PlotRect& r, const TimeAxis& axis,
                      const TimelineData& tl, bool label);

}  // namespace poolscope::gui
