// The Universal Scalability Law fitted to a sweep's throughput against workers (usl.h), with
// what the sweep itself says about the fit: an open loop caps throughput at the arrival rate, so
// its fit describes that cap and not the pool. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "poolscope/sweep.h"
#include "poolscope/usl.h"

namespace poolscope {

inline constexpr const char* kUslOpenLoop =
    "open loop: throughput is capped by the arrival rate, so the fit describes that cap, not the "
    "pool";

// fit_usl() on (workers, throughput_per_s) of each point, plus kUslOpenLoop when `open_loop`.
std::optional<UslFit> fit_sweep(const std::vector<SweepPoint>& points, bool open_loop,
                                std::string& error);

}  // namespace poolscope
