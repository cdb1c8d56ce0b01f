// SweepView: "Sweep workers" — starts a sizing sweep of the current settings (through commands;
// App owns the SweepRunner) and plots throughput and p95 latency against workers, the knee
// marked, the previous sweep as a grey ghost curve, and the Universal Scalability Law fitted to the
// throughput (curve, residuals, α, β, N*, R² and warnings). UI thread only.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "commands.h"
#include "poolscope/usl.h"
#include "sweep_runner.h"

namespace poolscope::gui {

class SweepView {
 public:
  SweepView();
  void Draw(const SweepRunner& runner, Commands& cmds);
  // The USL fit of the sweep the last frame showed (empty: too few points, or none).
  const std::optional<UslFit>& fit() const { return fit_; }

 private:
  std::array<char, 64> workers_text_{};
  float seconds_per_point_ = 2.0f;
  std::string error_;
  std::optional<UslFit> fit_;  // of the current sweep's points, refitted when they change
  std::size_t fit_points_ = 0;
  std::string fit_label_;

  const UslFit* usl_of(const SweepRunner::Result& cur);
  void draw_fit(const UslFit& fit, const SweepRunner::Result& cur);
};

}  // namespace poolscope::gui
