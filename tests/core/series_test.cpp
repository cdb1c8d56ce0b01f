// The live graphs' points: throughput over a whole window from the first point on (no start-up
// spike), and no wait or latency where no job started or finished (a gap, not 0 ms).
#include <gtest/gtest.h>

#include <cmath>

#include "poolscope/engine.h"
#include "test_support.h"

namespace poolscope {
namespace {

using namespace std::chrono_literals;

// Lesson 3's shape: bursts of 8 jobs every 500 ms, two workers at 50 ms per job, so each burst is
// done within about 200 ms and nothing happens until the next one.
ScenarioSpec bursts() {
  ScenarioSpec s = test::sleep_spec(2, 16, 0, 50.0);
  s.jobs.reset();
  s.duration_s = 1.3;
  s.burst = 8;
  s.burst_every_ms = 500;
  return s;
}

TEST(Series, TheFirstWindowsThroughputIsNotInflated) {
  Engine engine(bursts());
  const auto snap = test::run_to_end(engine);
  ASSERT_FALSE(snap->series.empty());
  int early = 0;
  double peak = 0;
  for (const SeriesPoint& p : snap->series) {
    peak = std::max(peak, p.throughput_per_s);
    if (p.t_s >= 0.45) continue;
    // At most the first burst (8 jobs) has completed, in the run's first second: 8 jobs in the
    // last second is at most 8/s, whatever part of that second the run has lasted.
    EXPECT_LE(p.throughput_per_s, 8.0 + 1e-9) << "at " << p.t_s << " s";
    ++early;
  }
  EXPECT_GE(early, 2);
  // Arrivals average 16/s; a whole second holds two or three bursts.
  EXPECT_GE(peak, 8.0);
  EXPECT_LE(peak, 24.0 / 0.999);
}

TEST(Series, IntervalsWithoutJobsHaveNoWaitOrLatency) {
  Engine engine(bursts());
  const auto snap = test::run_to_end(engine);
  int gaps = 0, values = 0;
  for (const SeriesPoint& p : snap->series) {
    for (const double v : {p.latency_p50_ms, p.latency_p99_ms, p.wait_p50_ms, p.wait_p99_ms}) {
      (std::isnan(v) ? gaps : values) += 1;
    }
    // Latency includes the 50 ms job: every point with data shows at least that (the old 0 ms
    // between bursts was no data drawn as data).
    if (!std::isnan(p.latency_p50_ms)) {
      EXPECT_GE(p.latency_p50_ms, 45.0) << "at " << p.t_s << " s";
    }
    if (!std::isnan(p.latency_p99_ms)) {
      EXPECT_GE(p.latency_p99_ms, 45.0) << "at " << p.t_s << " s";
    }
    EXPECT_EQ(std::isnan(p.wait_p50_ms), std::isnan(p.wait_p99_ms));
  }
  // Between bursts (about 200..500 ms after each) no job starts or finishes.
  EXPECT_GT(gaps, 0);
  EXPECT_GT(values, 0);
}

}  // namespace
}  // namespace poolscope
