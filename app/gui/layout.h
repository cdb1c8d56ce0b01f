// The fixed window layout, computed from the display size: controls in a column on the left;
// on the right the pipeline and the stats, then the queue depth over the timeline (sharing their
// time axis), then the throughput graphs. On a narrow window (a 1024-wide projector) the stats
// go under the controls, so that the pipeline keeps the width its columns need. Panels never
// overlap. Pure function.
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
  PanelRect lesson_graph;  // a lesson's own graph on the shared time axis (size 0: none)
};

Layout compute_layout(ImVec2 display, float ui_scale);
// The layout with room for a lesson's graph under the timeline, taken from the throughput row.
Layout with_lesson_graph(Layout l, float ui_scale);
// The adaptive limit's graph, taken from the timeline's foot: it needs more height than a lesson
// graph (two scales), and the throughput graphs keep theirs; in a short window (presentation mode
// at 1440x900) the throughput graphs and the timeline's rows both give way, each down to a floor.
Layout with_limit_graph(Layout l, float ui_scale);

}  // namespace poolscope::gui
