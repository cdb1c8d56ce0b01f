// The dynamic pool's autoscaler: grows the pool while jobs wait, shrinks it while workers idle.
#include "autoscale.h"

#include <algorithm>

namespace poolscope {

int Autoscaler::step(double t_s, int workers, int min, int max, std::size_t queue_depth,
                     int idle_workers) {
  int target = std::clamp(workers, min, max);
  const bool backlog = queue_depth > 0 && idle_workers == 0;
  const bool calm = queue_depth == 0 && idle_workers > 0;
  if (!calm) calm_since_s_ = -1.0;
  if (calm && calm_since_s_ < 0) calm_since_s_ = t_s;

  if (backlog && t_s - last_change_s_ >= grow_every_s) {
    // Grow by the backlog, at most doubling: a burst is absorbed in a few steps, not dozens,
    // and a short backlog does not summon a crowd.
    const int backlog_jobs = static_cast<int>(std::min<std::size_t>(queue_depth, 1u << 20));
    target = std::min(max, workers + std::max(1, std::min(backlog_jobs, workers)));
  } else if (calm && t_s - calm_since_s_ >= shrink_after_s &&
             t_s - last_change_s_ >= shrink_every_s) {
    // Shrink gently: give back half of the idle workers (at least one).
    target = std::max(min, workers - std::max(1, idle_workers / 2));
  }
  if (target != workers) last_change_s_ = t_s;
  return target;
}

}  // namespace poolscope
