// Autoscaler: the dynamic pool's policy (lesson 13). It grows the pool when jobs queue up while
// every worker is busy, and shrinks it when workers have sat idle with an empty queue for a
// while, always within [min, max]. Deliberately simple, with cool-downs so it does not flap.
//
// Not thread-safe: one owner calls step() a few times a second.
#pragma once

#include <cstddef>

namespace poolscope {

class Autoscaler {
 public:
  static constexpr double grow_every_s = 0.1;    // at most one growth step per this
  static constexpr double shrink_after_s = 0.5;  // idle this long before one shrink step
  static constexpr double shrink_every_s = 0.25;

  // The worker count to run with now, given the current count, the queue depth and how many of
  // the workers are idle. t_s: seconds since the run started.
  int step(double t_s, int workers, int min, int max, std::size_t queue_depth, int idle_workers);

 private:
  double last_change_s_ = -1e9;
  double calm_since_s_ = -1.0;  // since when the queue is empty with idle workers; < 0: not calm
};

}  // namespace poolscope
