// "Export slide…": a dialog for the slide's window (typed start and end, or the timeline's
// current view), whether the job queue's depth goes above the timeline, the file name and the
// formats (SVG, PNG at 2×). Pushes cmd::ExportSlide; the host writes the files after the frame.
// Owns only the dialog's fields; UI thread only.
#pragma once

#include <array>

#include "commands.h"
#include "ui/time_axis.h"

namespace poolscope::gui {

class SlideDialog {
 public:
  // Opens the dialog with the window set to the current view, within [0, recorded_s].
  void open(const TimeAxis& axis, double recorded_s);
  // Call every frame in the window that opened it.
  void draw(double recorded_s, Commands& cmds);

 private:
  bool open_ = false;
  double t0_ = 0.0, t1_ = 1.0;
  double view_t0_ = 0.0, view_t1_ = 1.0;
  bool depth_ = true, pipeline_ = false, svg_ = true, png_ = true;
  std::array<char, 512> path_{};
};

}  // namespace poolscope::gui
