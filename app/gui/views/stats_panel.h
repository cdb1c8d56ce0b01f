// StatsPanel: the accounting counters shown as the equation they satisfy (submitted = completed +
// failed + rejected + dropped + cancelled + queued + in progress), a stacked bar of the same,
// producer blocked share, throughput and latency percentiles. UI thread only.
#pragma once

#include "poolscope/snapshot.h"

namespace poolscope::gui {

class StatsPanel {
 public:
  // With a pinned `baseline` run, one more line: this run's differences from it.
  void Draw(const Snapshot& snap, const Snapshot* baseline = nullptr);
};

}  // namespace poolscope::gui
