// The teacher's markers on the timeline: a line at each marker's instant with its note on a
// plate at the top, and the right-click menu that adds one ("Add marker here…", then the note)
// or removes the one under the mouse. Owns only its menu's state; UI thread only.
#pragma once

#include <imgui.h>

#include <array>
#include <optional>
#include <vector>

#include "commands.h"
#include "poolscope/scenario.h"
#include "ui/time_axis.h"

namespace poolscope::gui {

// The markers' lines alone across [y0, y1] of the plot [x0, x1] (the graphs on the timeline's time
// axis draw them too, so that a note on the timeline points at the same instant above it).
void draw_marker_lines(ImDrawList* dl, const std::vector<Marker>& markers, const TimeAxis& axis,
                       float x0, float x1, float y0, float y1);

class TimelineMarkers {
 public:
  // Lines and notes of the markers in view, across [y0, y1] of the plot [x0, x1].
  void draw(ImDrawList* dl, const std::vector<Marker>& markers, const TimeAxis& axis, float x0,
            float x1, float y0, float y1);
  // A right click in the plot opens the menu at that instant; call every frame, in the
  // timeline's window, after draw().
  void handle(const std::vector<Marker>& markers, const TimeAxis& axis, float x0, float x1,
              float y0, float y1, Commands& cmds);

 private:
  struct Plate {
    ImVec2 min, max;
    std::size_t index;
  };
  std::vector<Plate> plates_;  // last frame's labels, for a right click on one
  double menu_t_s_ = 0.0;
  std::optional<std::size_t> menu_marker_;  // the marker right-clicked, if any
  bool open_editor_ = false;
  std::array<char, 201> text_{};
};

}  // namespace poolscope::gui
