// CodePanel: the Go program the current settings describe (core's go_program), with syntax
// colors, the mistake lessons' wrong line marked, and each line some thread is on lit in that
// thread's state color with who is there ("producer blocked 1.2 s", "3 workers waiting").
// "Copy" puts the program on the clipboard. Reads snapshots only; UI thread only.
#pragma once

#include <imgui.h>

#include <vector>

#include "poolscope/go_program.h"
#include "poolscope/snapshot.h"

namespace poolscope::gui {

class CodePanel {
 public:
  // `mono`: the program's font (null: the current font). Sizes follow the loaded fonts, which
  // follow the UI scale and presentation mode.
  void Draw(const Snapshot& snap, ImFont* mono);

  // What the last Draw showed (tests): the program and the lines lit.
  const GoProgram& program() const { return program_; }
  const std::vector<LineOccupancy>& lit() const { return lit_; }

 private:
  void refresh(const ScenarioSpec& spec);

  bool have_program_ = false;
  ScenarioSpec spec_;  // the settings program_ was written for
  GoProgram program_;
  std::vector<LineOccupancy> lit_;
  bool follow_ = true;  // keep the lit lines in view (off once the reader scrolls)
};

// The color a thread's state is drawn in everywhere (the pipeline, the timeline).
ImU32 thread_color(const ThreadOnLine& t);

}  // namespace poolscope::gui
