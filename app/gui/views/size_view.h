// SizeView: "Size for a target" beside the sweep — the fewest workers that keep P% of queue waits
// within T ms at the current rate and job time (core's size_for_target: Erlang C, or Allen–Cunneen
// for non-exponential jobs), the predicted P(wait ≤ T) against workers, and a button that applies
// that worker count to the live run (through cmd::Apply). UI thread only.
#pragma once

#include <imgui.h>

#include <optional>

#include "commands.h"
#include "poolscope/scenario.h"

namespace poolscope::gui {

class SizeView {
 public:
  void Draw(const ScenarioSpec& current, Commands& cmds);

  // What the last frame showed (for tests): the answer (0 when none) and the apply button.
  struct Rect {
    ImVec2 min, max;
  };
  int answer() const { return answer_; }
  std::optional<Rect> apply_button() const { return apply_button_; }

 private:
  int answer_ = 0;
  std::optional<Rect> apply_button_;
  float wait_ms_ = 0.0f;  // 0: not chosen yet (starts at the job time)
  float percentile_ = 95.0f;
};

}  // namespace poolscope::gui
