// FlightPanel: the flight recorder's controls in the Controls tab (on/off, the p99 threshold, how
// many seconds each recording keeps) and where the last recording went. Edits the settings the
// App owns; UI thread only.
#pragma once

#include <imgui.h>

#include <map>
#include <optional>
#include <string>

#include "cli/flight_recorder.h"

namespace poolscope::gui {

class FlightPanel {
 public:
  // `dir`: where recordings go; `last`: the last recording's files ("" for none yet).
  void Draw(cli::FlightSettings& settings, const std::string& dir, const std::string& last);

  // Where a widget ("flight_enabled", "flight_p99", "flight_seconds") was drawn last frame.
  struct Rect {
    ImVec2 min, max;
  };
  std::optional<Rect> widget_rect(const std::string& key) const;

 private:
  std::map<std::string, Rect, std::less<>> rects_;
};

}  // namespace poolscope::gui
