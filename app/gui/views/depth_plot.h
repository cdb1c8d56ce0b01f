// Draws the job queue's depth as the exact step function the engine recorded (TimelineData's
// depth steps), decimated to one vertical stroke per pixel column where steps crowd together.
// Pure drawing on an ImDrawList; UI thread only.
#pragma once

#include <imgui.h>

#include <cstdint>

#include "poolscope/timeline.h"
#include "ui/plot.h"
#include "ui/time_axis.h"

namespace poolscope::gui {

// Largest depth in force anywhere in the axis' window up to now_s (0 when nothing is recorded).
std::uint32_t depth_max_in_view(const TimelineData& tl, const TimeAxis& axis, double now_s);

// The steps in the axis' window, up to now_s (the last step holds until then), in `color` with
// a light fill under them; clipped to r.
void draw_depth_steps(ImDrawList* dl, const PlotRect& r, const TimeAxis& axis,
                      const TimelineData& tl, double now_s, double vmax, ImU32 color);

}  // namespace poolscope::gui
