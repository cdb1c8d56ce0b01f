// QueueDepthView: the job queue's depth over time with its capacity as a line, on the timeline's
// time axis (same pixels per second, same left edge); or, at a click, the cumulative flow of
// jobs on the same axis. UI thread only.
#pragma once

#include <vector>

#include "poolscope/scenario.h"
#include "poolscope/snapshot.h"
#include "ui/time_axis.h"
#include "views/cumulative_flow_view.h"

namespace poolscope::gui {

class QueueDepthView {
 public:
  // Draws into the current window's remaining content region.
  // `markers`: the teacher's notes, drawn as lines at their instants (their text is on the
  // timeline below).
  void Draw(const Snapshot& snap, const TimeAxis& axis, const std::vector<Marker>& markers = {});
  // The top of the value scale last drawn (tests: the scale fits what is shown).
  double last_vmax() const { return last_vmax_; }
  // The panel's other graph: the cumulative flow of jobs (its "flow" / "depth" buttons).
  void show_flow(bool on) { show_flow_ = on; }
  bool showing_flow() const { return show_flow_; }
  const CumulativeFlowView& flow() const { return flow_; }

 private:
  double last_vmax_ = 0;
  bool show_flow_ = false;
  CumulativeFlowView flow_;
};

}  // namespace poolscope::gui
