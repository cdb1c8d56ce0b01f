// ThroughputView: completed jobs per second over time, queue wait and end-to-end latency
// percentiles (p50/p95/p99) over time, and each worker's utilization. UI thread only.
#pragma once

#include "poolscope/snapshot.h"

namespace poolscope::gui {

class ThroughputView {
 public:
  // Draws into the current window's remaining content region; a pinned `baseline` run's
  // series are drawn behind as dim ghosts on the same scales.
  void Draw(const Snapshot& snap, const Snapshot* baseline = nullptr);
  // Ghost lines the last frame drew (for tests).
  int last_ghost_lines() const { return ghost_lines_; }

 private:
  int ghost_lines_ = 0;
};

}  // namespace poolscope::gui
