// QueueDepthView: the job queue's depth over time with its capacity as a line, on the timeline's
// time axis (same pixels per second, same left edge). UI thread only.
#pragma once

#include "poolscope/snapshot.h"
#include "ui/time_axis.h"

namespace poolscope::gui {

class QueueDepthView {
 public:
  // Draws into the current window's remaining content region.
  void Draw(const Snapshot& snap, const TimeAxis& axis);
  // The top of the value scale last drawn (tests: the scale fits what is shown).
  double last_vmax() const { return last_vmax_; }

 private:
  double last_vmax_ = 0;
};

}  // namespace poolscope::gui
