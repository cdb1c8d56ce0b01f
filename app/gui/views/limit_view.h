// LimitGraph: an adaptive concurrency limit at work (scenario key `limit`), on the timeline's time
// axis: the limit, the downstream calls in flight under it, and on a right-hand scale in ms the
// calls' latency beside the algorithm's baseline (Vegas's no-load RTT, Gradient2's long-window
// RTT) and the downstream's own latency setting. UI thread only.
#pragma once

#include "poolscope/snapshot.h"
#include "ui/time_axis.h"

namespace poolscope::gui {

class LimitGraph {
 public:
  // Whether a run of `spec` has a limit to show.
  static bool wanted(const ScenarioSpec& spec) { return spec.limit != LimitPolicy::none; }
  // Draws into the current window's remaining content region.
  void Draw(const Snapshot& snap, const TimeAxis& axis);
};

}  // namespace poolscope::gui
