// Summary: the mean, percentiles and maximum of a set of durations, as the snapshot and the sweep
// report them (computed from the engine's internal histograms).
#pragma once

#include <cstdint>

namespace poolscope {

struct Summary {
  double mean = 0, p50 = 0, p95 = 0, p99 = 0, max = 0;  // in the unit asked for
  std::uint64_t count = 0;
};

}  // namespace poolscope
