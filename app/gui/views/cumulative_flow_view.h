// CumulativeFlowView: jobs arrived (entered the queue), started (left it: taken by a worker,
// or dropped / cancelled there) and finished (left the system) counted over time, on the
// timeline's time axis. Little's law made visible: at any instant the vertical gap between
// arrived and finished is the number of jobs in the system, and the horizontal gap from an
// arrival to the matching departure is the time in it; the cursor (or the mouse) reads both.
// UI thread only.
#pragma once

#include <cstdint>
#include <vector>

#include "poolscope/snapshot.h"
#include "ui/time_axis.h"

namespace poolscope::gui {

class CumulativeFlowView {
 public:
  // Draws the header's remainder and the graph into the current window's content region.
  void Draw(const Snapshot& snap, const TimeAxis& axis);

  // The counts at t_s (seconds since the run started), from the record last drawn.
  struct Reading {
    std::uint64_t arrived = 0, started = 0, finished = 0;
    // The job that arrived last by t_s: how long until as many jobs had finished (first in,
    // first out); negative when that had not happened by the end of the record.
    double time_in_system_s = -1.0;
    double arrival_s = 0.0;  // when that last arrival came (seconds since the run started)
  };
  Reading read(const Snapshot& snap, double t_s) const;

 private:
  void rebuild(const Snapshot& snap);

  const TimelineData* built_from_ = nullptr;
  double built_at_ = -1.0;                                  // UI clock
  std::vector<std::int64_t> arrived_, started_, finished_;  // sorted instants
};

}  // namespace poolscope::gui
