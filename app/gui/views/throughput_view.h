// ThroughputView: completed jobs per second over time, queue wait and end-to-end latency
// percentiles (p50/p95/p99) over time, and each worker's utilization. UI thread only.
#pragma once

#include "poolscope/snapshot.h"

namespace poolscope::gui {

class ThroughputView {
 public:
  // Draws into the current window's remaining content region.
  void Draw(const Snapshot& snap);
};

}  // namespace poolscope::gui
