// The fixed window layout, computed from the display size: controls in a column on the left;
// on the right the pipeline and the stats, then the queue depth over the timeline (sharing their
// time axis), then the throughput graphs. Panels never overlap. Pure function.
#pragma once

#include <imgui.h>

namespace poolscope::gui {

struct PanelRect {
  ImVec2 pos;
  ImVec2 size;
  bool contains(ImVec2 p) const {
    return p.x >= pos.x && p.y >= pos.y && p.x < pos.x + size.x && p.y < pos.y + size.y;
  }
};

struct Layout {
  PanelRect controls, pipeline, stats, queue, timeline, throughput;
};

Layout compute_layout(ImVec2 display, float ui_scale);

}  // namespace poolscope::gui
