// PopulationView: how many threads a lesson's run holds over time, on the timeline's time axis.
// Spawn mode (lesson 1): job threads alive against the spawn cap, the process's OS threads, and
// its resident memory (right-hand scale). A dynamic pool (lesson 13a): the pool's worker count
// between its min and max. UI thread only.
#pragma once

#include "poolscope/snapshot.h"
#include "ui/time_axis.h"

namespace poolscope::gui {

class PopulationView {
 public:
  // Whether a run of `spec` has something to show here.
  static bool wanted(const ScenarioSpec& spec);
  // Draws into the current window's remaining content region.
  void Draw(const Snapshot& snap, const TimeAxis& axis);
};

}  // namespace poolscope::gui
