// Bands across a plot on the shared time axis. The run's pauses: time that every statistic
// leaves out, so the views show it as its own thing rather than as waiting or idling. And the
// time before the record is complete: the rolling windows dropped some rows' oldest segments or
// instants there, so gaps must not read as idle threads.
#pragma once

#include <imgui.h>

#include "poolscope/timeline.h"
#include "ui/plot.h"
#include "ui/time_axis.h"

namespace poolscope::gui {

// Tints each pause inside r; with `label`, writes "paused" at the top of bands wide enough.
void draw_pause_bands(ImDrawList* dl, const PlotRect& r, const TimeAxis& axis,
                      const TimelineData& tl, bool label);

// Shades r from the axis' start to where the record is complete (TimelineData::complete_from_ns)
// and says so. Returns the band's right edge, or r.min.x when the whole view is complete.
float draw_not_kept_band(ImDrawList* dl, const PlotRect& r, const TimeAxis& axis,
                         const TimelineData& tl);

}  // namespace poolscope::gui
