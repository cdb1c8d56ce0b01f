#include "poolscope/clock.h"

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

TscCalibration calibrate() {
  TscCalibration cal;
  if (!invariant_tsc()) return cal;
  const std::int64_t ns0 = steady_now_ns();
  const std::uint64_t tsc0 = __rdtsc();
  // 20 ms of reference: the scale is then good to a few parts per million.
  std::int64_t ns1 = ns0;
  while (ns1 - ns0 < 20'000'000) ns1 = steady_now_ns();
  const std::uint64_t tsc1 = __rdtsc();
  if (tsc1 <= tsc0) return cal;
  cal.ns_per_tick = static_cast<double>(ns1 - ns0) / static_cast<double>(tsc1 - tsc0);
  cal.base_ns = ns1;
  cal.base_tsc = tsc1;
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
