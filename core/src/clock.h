// The engine's clock: steady, monotonic, in nanoseconds in std::chrono::steady_clock's domain.
// Event timestamps are the hottest path of the engine (one per job per thread), so on x86-64
// machines with an invariant TSC, now_ns() reads the TSC (~10 ns) scaled by a calibration
// against steady_clock taken once at start-up; elsewhere it reads steady_clock (~30 ns).
// Waits and sleeps always use steady_clock itself, so a calibration error can only shift
// recorded timestamps by a few microseconds per second, never make a wait wrong.
#pragma once

#include <chrono>
#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace poolscope {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Nanos = std::chrono::nanoseconds;

inline std::int64_t steady_now_ns() {
  return std::chrono::duration_cast<Nanos>(Clock::now().time_since_epoch()).count();
}

namespace detail {
struct TscCalibration {
  bool usable = false;
  std::int64_t base_ns = 0;
  std::uint64_t base_tsc = 0;
  double ns_per_tick = 0.0;
};
// Measured once (thread-safe static initialisation), immutable afterwards.
const TscCalibration& tsc_calibration();
}  // namespace detail

inline std::int64_t now_ns() {
#if defined(__x86_64__)
  static const detail::TscCalibration& cal = detail::tsc_calibration();
  if (cal.usable)
    return cal.base_ns + static_cast<std::int64_t>(static_cast<double>(__rdtsc() - cal.base_tsc) *
                                                   cal.ns_per_tick);
#endif
  return steady_now_ns();
}

inline TimePoint from_ns(std::int64_t ns) { return TimePoint(Nanos(ns)); }

inline std::int64_t ms_to_ns(double ms) { return static_cast<std::int64_t>(ms * 1e6); }

}  // namespace poolscope
