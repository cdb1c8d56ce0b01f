// SweepView: "Sweep workers" — starts a sizing sweep of the current settings (through commands;
// App owns the SweepRunner) and plots throughput and p95 latency against workers, the knee
// marked, the previous sweep as a grey ghost curve. UI thread only.
#pragma once

#include <array>

#include "commands.h"
#include "sweep_runner.h"

namespace poolscope::gui {

class SweepView {
 public:
  SweepView();
  void Draw(const SweepRunner& runner, Commands& cmds);

 private:
  std::array<char, 64> workers_text_{};
  float seconds_per_point_ = 2.0f;
  std::string error_;
};

}  // namespace poolscope::gui
