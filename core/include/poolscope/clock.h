// The engine's single clock: steady, monotonic, in nanoseconds since an arbitrary epoch.
#pragma once

#include <chrono>
#include <cstdint>

namespace poolscope {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Nanos = std::chrono::nanoseconds;

inline std::int64_t now_ns() {
  return std::chrono::duration_cast<Nanos>(Clock::now().time_since_epoch()).count();
}

inline TimePoint from_ns(std::int64_t ns) { return TimePoint(Nanos(ns)); }

inline std::int64_t ms_to_ns(double ms) { return static_cast<std::int64_t>(ms * 1e6); }

}  // namespace poolscope
