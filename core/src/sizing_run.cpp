// Verification of a sizing answer: a real open-loop run and its measured queue waits.
#include <algorithm>
#include <chrono>
#include <cmath>

#include "poolscope/engine.h"
#include "poolscope/sizing.h"
#include "poolscope/snapshot.h"
#include "poolscope/sweep.h"

namespace poolscope {

namespace {

constexpr double kWarmupShare = 0.1;
constexpr int kQueueSlots = 1'000'000;  // the key table's largest buffer

constexpr double kMaxRecords = 2e6;  // 80 MB of job records at most

// The q-quantile (nearest rank) and the ranks n·q ± 1.96·√(n·q·(1−q)) around it: a 95% interval
// for the quantile that assumes nothing about the distribution.
WaitMeasurement::Quantile quantile_ms(const std::vector<std::int64_t>& sorted_ns, double q) {
  WaitMeasurement::Quantile out;
  if (sorted_ns.empty()) return out;
  const double n = double(sorted_ns.size());
  auto at_rank = [&](double rank) {  // 1-based, clamped
    const auto i = std::size_t(std::clamp(rank, 1.0, n)) - 1;
    return double(sorted_ns[i]) / 1e6;
  };
  const double spread = 1.959964 * std::sqrt(n * q * (1.0 - q));
  out.value = at_rank(std::ceil(q * n));
  out.lo = at_rank(std::floor(q * n - spread));
  out.hi = at_rank(std::ceil(q * n + spread));
  return out;
}

// Wilson score interval at 95% for k successes in n trials. It treats jobs as independent; waits
// of neighbouring jobs are correlated, so the true interval is wider.
void wilson(std::uint64_t k, std::uint64_t n, double& lo, double& hi) {
  if (n == 0) {
    lo = 0.0;
    hi = 1.0;
    return;
  }
  const double z = 1.959964, nn = double(n), p = double(k) / nn;
  const double centre = (p + z * z / (2 * nn)) / (1 + z * z / nn);
  const double half = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / (1 + z * z / nn);
  lo = std::max(0.0, centre - half);
  hi = std::min(1.0, centre + half);
}

}  // namespace

ScenarioSpec sizing_spec(const SizingQuestion& q, int workers, double seconds, std::uint64_t seed) {
  ScenarioSpec s;
  s.title = "size: " + std::to_string(workers) + " workers";
  s.workers = workers;
  s.rate = q.rate_per_s;
  s.job_ms = q.job_s * 1000.0;
  s.dist = q.dist;
  s.spread = q.spread;
  s.buffer = kQueueSlots;
  s.duration_s = seconds;
  s.jobs.reset();
  s.seed = seed;
  return within_limits(s);
}

WaitMeasurement measure_waits(const SizingQuestion& q, int workers, double seconds,
                              std::stop_token stop, std::uint64_t seed) {
  WaitMeasurement m;
  m.workers = workers;
  EngineOptions options = SweepOptions::quiet_engine();
  const double expected = q.rate_per_s * seconds * 1.5 + 1000.0;
  options.job_records_kept = std::size_t(std::min(expected, kMaxRecords));
  options.marks_kept = options.job_records_kept;
  Engine engine(sizing_spec(q, workers, seconds, seed), options);
  engine.start();
  const auto t0 = std::chrono::steady_clock::now();
  bool ended = false;
  while (!engine.wait_finished(std::chrono::milliseconds(10))) {
    const double ran = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!ended && (stop.stop_requested() || ran >= 3.0 * seconds + 1.0)) {
      ended = true;
      engine.shutdown(ShutdownMode::cancel);
    }
  }
  const auto snap = engine.snapshot_now();
  m.wall_s = snap->elapsed_s;
  const std::int64_t warmup_end = snap->start_ns + std::int64_t(kWarmupShare * seconds * 1e9);
  const auto limit_ns = std::int64_t(std::llround(q.wait_s * 1e9));
  std::vector<std::int64_t> waits;
  std::uint64_t within = 0;
  double sum_ns = 0.0;
  m.lost_records = engine.lost_job_records();
  for (const JobRecord& r : engine.job_records()) {
    if (r.worker == -1 || r.start_ns == 0) {
      if (r.ended_by == EventKind::job_cancelled) ++m.never_started;
      continue;
    }
    if (r.submit_ns < warmup_end) continue;
    const std::int64_t w = std::max<std::int64_t>(0, r.start_ns - r.submit_ns);
    waits.push_back(w);
    sum_ns += double(w);
    if (w <= limit_ns) ++within;
  }
  std::sort(waits.begin(), waits.end());
  m.jobs = waits.size() + m.never_started;
  m.p_within = m.jobs ? double(within) / double(m.jobs) : 0.0;
  wilson(within, m.jobs, m.p_within_lo, m.p_within_hi);
  m.mean_ms = waits.empty() ? 0.0 : sum_ns / double(waits.size()) / 1e6;
  m.p50_ms = quantile_ms(waits, 0.50);
  m.p95_ms = quantile_ms(waits, 0.95);
  m.p99_ms = quantile_ms(waits, 0.99);
  return m;
}

}  // namespace poolscope
