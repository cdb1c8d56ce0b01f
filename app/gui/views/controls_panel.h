// ControlsPanel: every setting of the scenario, applied live to the running engine (through
// Commands), and the run buttons Start / Pause-Resume / Drain / Cancel / Abort / Reset. Owns the
// spec being edited; App replaces it when a scenario is loaded. UI thread only.
#pragma once

#include <imgui.h>

#include <map>
#include <optional>
#include <string>

#include "commands.h"
#include "poolscope/scenario.h"
#include "poolscope/snapshot.h"

namespace poolscope::gui {

class ControlsPanel {
 public:
  void set_spec(const ScenarioSpec& spec) { edit_ = spec; }
  const ScenarioSpec& spec() const { return edit_; }
  void set_ui_scale(float scale) { ui_scale_ = scale; }
  // Presentation mode: hide the advanced controls that the scenario leaves at their defaults
  // (a lesson's own settings stay visible).
  void set_simple(bool simple) { simple_ = simple; }

  void Draw(const Snapshot& snap, Commands& cmds);

  // Where the widget for a key ("workers", "buffer", "job_ms", ...) was drawn last frame, in
  // screen pixels: lets tests (and tours) aim input at it.
  struct WidgetRect {
    ImVec2 min, max;
  };
  std::optional<WidgetRect> widget_rect(const std::string& key) const;

 private:
  void draw_run_buttons(const Snapshot& snap, Commands& cmds);
  void draw_pool(const Snapshot& snap, Commands& cmds);
  void draw_jobs(Commands& cmds);
  void draw_arrivals(Commands& cmds);
  void draw_view(Commands& cmds);
  void draw_goetz_marker();
  bool shown(bool non_default) const { return !simple_ || non_default; }

  ScenarioSpec edit_;
  std::map<std::string, WidgetRect, std::less<>> rects_;
  float ui_scale_ = 1.0f;
  bool simple_ = false;
  double last_rate_ = 20.0;  // restored when switching back to rate arrivals
  int last_burst_ = 10;
};

}  // namespace poolscope::gui
