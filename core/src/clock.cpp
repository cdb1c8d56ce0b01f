// The engine's clock: TSC calibration against the steady clock, and the fallback.
#include "clock.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace poolscope::detail {

namespace {

#if defined(__x86_64__)
// CPUID 0x80000007 EDX bit 8: the TSC runs at a constant rate in every power state.
bool invariant_tsc() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(0x80000000u, &a, &b, &c, &d) || a < 0x80000007u) return false;
  __get_cpuid(0x80000007u, &a, &b, &c, &d);
  return (d & (1u << 8)) != 0;
}

// One (steady_clock, TSC) pair: the TSC read just before and just after the clock read, their
// midpoint taken, keeping the tightest of a few tries, so a preemption between the two reads
// (microseconds on a busy VM) cannot skew the pair.
struct Pair {
  std::int64_t ns;
  double tsc;
};
Pair tight_pair() {
  Pair best{0, 0};
  std::uint64_t best_gap = ~0ull;
  for (int i = 0; i < 16; ++i) {
    const std::uint64_t a = __rdtsc();
    const std::int64_t ns = steady_now_ns();
    const std::uint64_t b = __rdtsc();
    if (b >= a && b - a < best_gap) {
      best_gap = b - a;
      best = {ns, static_cast<double>(a) + static_cast<double>(b - a) * 0.5};
    }
  }
  return best;
}

TscCalibration calibrate() {
  TscCalibration cal;
  if (!invariant_tsc()) return cal;
  const Pair p0 = tight_pair();
  // 20 ms of reference between two tight pairs: the scale is then good to a few parts per
  // million.
  while (steady_now_ns() - p0.ns < 20'000'000) {
  }
  const Pair p1 = tight_pair();
  if (p1.tsc <= p0.tsc) return cal;
  cal.ns_per_tick = static_cast<double>(p1.ns - p0.ns) / (p1.tsc - p0.tsc);
  cal.base_ns = p1.ns;
  cal.base_tsc = static_cast<std::uint64_t>(p1.tsc);
  cal.usable = cal.ns_per_tick > 0.01 && cal.ns_per_tick < 100.0;
  return cal;
}
#endif

}  // namespace

const TscCalibration& tsc_calibration() {
#if defined(__x86_64__)
  static const TscCalibration cal = calibrate();
#else
  static const TscCalibration cal;
#endif
  return cal;
}

}  // namespace poolscope::detail
