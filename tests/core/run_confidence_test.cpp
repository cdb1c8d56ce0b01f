// A run's intervals from per-job records, on simulated queues whose theory is known: an M/M/1
// and an M/M/2 queue (first come, first served, the records a run would leave), a run that
// starts with a backlog (a warm-up to cut), and runs with too few jobs.
#include "poolscope/run_confidence.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "poolscope/theory.h"
#include "poolscope/theory_check.h"

namespace poolscope {
namespace {

constexpr std::int64_t kStart = 1'000'000'000;  // the run's start, ns

// `jobs` arrivals (Poisson at `rate`, or evenly spaced), exponential (or fixed) service of mean
// `service_s`, `c` FCFS servers; the consumer takes each result 0.1 ms after it is done.
// `backlog` jobs arrive all at the start on top of the steady stream.
std::vector<JobRecord> simulate(int c, double rate, double service_s, std::size_t jobs,
                                std::uint64_t seed, bool poisson = true, bool exp_service = true,
                                std::size_t backlog = 0) {
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> gap(rate), service(1.0 / service_s);
  std::vector<double> free_at(std::size_t(c), 0.0);
  std::vector<JobRecord> out;
  double t = 0.0;
  for (std::size_t i = 0; i < jobs + backlog; ++i) {
    if (i >= backlog) t += poisson ? gap(rng) : 1.0 / rate;
    auto server = std::min_element(free_at.begin(), free_at.end());
    const double begin = std::max(t, *server);
    const double end = begin + (exp_service ? service(rng) : service_s);
    *server = end;
    JobRecord r;
    r.id = i + 1;
    r.submit_ns = kStart + std::int64_t(t * 1e9);
    r.start_ns = kStart + std::int64_t(begin * 1e9);
    r.end_ns = kStart + std::int64_t(end * 1e9);
    r.consumed_ns = r.end_ns + 100'000;
    r.worker = int(server - free_at.begin());
    r.outcome = JobOutcome::ok;
    r.ended_by = EventKind::result_consumed;
    out.push_back(r);
  }
  return out;
}

TEST(RunConfidence, MM1IntervalsContainTheTheory) {
  // λ = 100/s, S = 5 ms: ρ = 0.5, Wq = ρS/(1-ρ) = 5 ms, latency = Wq + S + 0.1 ms.
  const auto records = simulate(1, 100.0, 0.005, 40'000, 11);
  const RunConfidence rc = measure_confidence(records, kStart, 1);
  ASSERT_TRUE(rc.valid) << rc.reason;
  EXPECT_TRUE(rc.throughput_per_s.contains(100.0))
      << rc.throughput_per_s.lo << " " << rc.throughput_per_s.hi;
  EXPECT_TRUE(rc.utilization.contains(0.5)) << rc.utilization.lo << " " << rc.utilization.hi;
  EXPECT_TRUE(rc.queue_wait_ms.contains(5.0)) << rc.queue_wait_ms.lo << " " << rc.queue_wait_ms.hi;
  EXPECT_TRUE(rc.latency_ms.contains(10.1)) << rc.latency_ms.lo << " " << rc.latency_ms.hi;
  // Intervals narrow enough to mean something.
  EXPECT_LT(rc.throughput_per_s.half_width, 3.0);
  EXPECT_LT(rc.queue_wait_ms.half_width, 1.0);
  // Poisson arrivals and exponential service: both SCVs near 1.
  EXPECT_NEAR(rc.arrival_rate_per_s, 100.0, 2.0);
  EXPECT_NEAR(rc.arrival_scv, 1.0, 0.05);
  EXPECT_NEAR(rc.service_ms, 5.0, 0.1);
  EXPECT_NEAR(rc.service_scv, 1.0, 0.05);
}

TEST(RunConfidence, MM2WaitMatchesErlangC) {
  const double rate = 300.0, s = 0.005;
  const auto theory = mmc(rate, s, 2);
  ASSERT_TRUE(theory && theory->stable);
  const RunConfidence rc = measure_confidence(simulate(2, rate, s, 60'000, 5), kStart, 2);
  ASSERT_TRUE(rc.valid) << rc.reason;
  EXPECT_TRUE(rc.queue_wait_ms.contains(theory->wait_s * 1e3))
      << theory->wait_s * 1e3 << " not in " << rc.queue_wait_ms.lo << " " << rc.queue_wait_ms.hi;
  EXPECT_TRUE(rc.utilization.contains(theory->utilization));
  // A wrong model does not: M/M/1 at the same per-server load waits far longer.
  const auto one = mmc(rate / 2, s, 1);
  EXPECT_FALSE(agrees(rc.queue_wait_ms, one->wait_s * 1e3));
}

TEST(RunConfidence, DeterministicArrivalsAndServiceHaveZeroScv) {
  const RunConfidence rc =
      measure_confidence(simulate(1, 100.0, 0.004, 2000, 1, false, false), kStart, 1);
  ASSERT_TRUE(rc.valid);
  EXPECT_NEAR(rc.arrival_scv, 0.0, 1e-6);
  EXPECT_NEAR(rc.service_scv, 0.0, 1e-6);
  EXPECT_NEAR(rc.queue_wait_ms.mean, 0.0, 1e-6);  // D/D/1 at ρ = 0.4 never waits
}

TEST(RunConfidence, ABacklogAtTheStartIsCutAsWarmUp) {
  // 400 jobs at once, then λ = 100/s against one server of 5 ms: the backlog takes about 4 s
  // to clear (it drains at 200 - 100 = 100 jobs/s), after which the queue is stable.
  const auto records = simulate(1, 100.0, 0.005, 20'000, 3, true, true, 400);
  const RunConfidence rc = measure_confidence(records, kStart, 1);
  ASSERT_TRUE(rc.valid);
  EXPECT_GT(rc.warmup_s, 2.5);
  EXPECT_LT(rc.warmup_s, 30.0);
  EXPECT_TRUE(rc.queue_wait_ms.contains(5.0)) << rc.queue_wait_ms.lo << " " << rc.queue_wait_ms.hi;
  // With no warm-up dropped, the backlog's waits would dominate: compare the whole-run mean.
  double all = 0;
  for (const JobRecord& r : records) all += double(r.start_ns - r.submit_ns) / 1e6;
  EXPECT_GT(all / double(records.size()), rc.queue_wait_ms.hi);
}

TEST(RunConfidence, AThousandJobRunKnowsItsThroughputWithinFifteenPercent) {
  // `poolscope run`'s short open-loop check (M/M/4, λ = 400/s, S = 5 ms, about 1000 jobs in
  // 2.5 s): on the queue's own records, free of a busy machine's stalls, the interval is a
  // measurement, not a wide shrug, for every sample drawn.
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const RunConfidence rc = measure_confidence(simulate(4, 400.0, 0.005, 1000, seed), kStart, 4);
    ASSERT_TRUE(rc.valid) << rc.reason;
    const Interval& t = rc.throughput_per_s;
    ASSERT_TRUE(t.valid) << t.reason;
    EXPECT_LT(t.hi - t.lo, 0.3 * t.mean) << "seed " << seed << ": " << t.lo << " " << t.hi;
    EXPECT_GT(t.hi - t.lo, 0.0) << "seed " << seed;
  }
}

TEST(RunConfidence, ASkewedSampleStillHasNoNegativeWait) {
  // D/D/1 never waits, but five of the last jobs waited half a second (a stall): one batch of
  // twenty holds all the wait, and the symmetric t interval around its small mean reaches below
  // 0 ms. A wait cannot be negative: the interval ends at 0 and still holds the mean.
  auto records = simulate(1, 100.0, 0.004, 2000, 1, false, false);
  for (std::size_t i = records.size() - 30; i < records.size() - 25; ++i)
    records[i].submit_ns -= 500'000'000;
  const RunConfidence rc = measure_confidence(records, kStart, 1);
  ASSERT_TRUE(rc.valid) << rc.reason;
  const Interval& w = rc.queue_wait_ms;
  ASSERT_TRUE(w.valid) << w.reason;
  EXPECT_GT(w.half_width, w.mean) << "the t interval alone would reach below 0";
  EXPECT_EQ(w.lo, 0.0);
  EXPECT_TRUE(w.contains(w.mean));
  EXPECT_DOUBLE_EQ(w.hi, w.mean + w.half_width);
  for (const Interval* i : {&rc.throughput_per_s, &rc.utilization, &rc.latency_ms})
    EXPECT_GE(i->lo, 0.0);
}

TEST(RunConfidence, TooFewJobsSaysSo) {
  const RunConfidence rc = measure_confidence(simulate(1, 100.0, 0.005, 150, 2), kStart, 1);
  EXPECT_FALSE(rc.valid);
  EXPECT_NE(rc.reason.find("an interval needs 200"), std::string::npos) << rc.reason;
  EXPECT_FALSE(rc.throughput_per_s.valid);
  EXPECT_EQ(rc.latency_ms.reason, rc.reason);
  EXPECT_FALSE(measure_confidence({}, kStart, 1).valid);
}

TEST(RunConfidence, AVaryingPoolHasNoUtilizationIntervalButTheRest) {
  const RunConfidence rc = measure_confidence(simulate(2, 250.0, 0.005, 5'000, 4), kStart, 0);
  ASSERT_TRUE(rc.valid) << rc.reason;
  EXPECT_TRUE(rc.throughput_per_s.valid);
  EXPECT_TRUE(rc.queue_wait_ms.valid);
  EXPECT_FALSE(rc.utilization.valid);
  EXPECT_NE(rc.utilization.reason.find("varies"), std::string::npos);

  ScenarioSpec spec;
  spec.workers = 3;
  EXPECT_EQ(fixed_pool_size(spec), 3);
  spec.io_workers = 2;
  EXPECT_EQ(fixed_pool_size(spec), 5);
  spec.autoscale_min = 1;
  spec.autoscale_max = 8;
  EXPECT_EQ(fixed_pool_size(spec), 0);
  spec = ScenarioSpec{};
  spec.mode = PoolMode::spawn;
  EXPECT_EQ(fixed_pool_size(spec), 0);
}

ScenarioSpec open_spec(int workers, double rate, double job_ms) {
  ScenarioSpec spec;
  spec.workers = workers;
  spec.rate = rate;
  spec.job_ms = job_ms;
  return spec;
}

TEST(TheoryCheck, MD1AgreesWithAllenCunneenNotWithMM1) {
  // Poisson arrivals, fixed 5 ms service, λ = 140/s: ρ = 0.7. Pollaczek-Khinchine gives
  // Wq = ρS / (2(1-ρ)) = 5.83 ms exactly, half of M/M/1's 11.67 ms; Allen–Cunneen with cs² = 0
  // is exact here.
  const auto records = simulate(1, 140.0, 0.005, 60'000, 21, true, false);
  const TheoryCheck c =
      check_theory(open_spec(1, 140.0, 5.0), measure_confidence(records, kStart, 1));
  ASSERT_TRUE(c.valid) << c.reason;
  EXPECT_NEAR(c.from_settings.wait_ms, 0.7 * 5.0 / 0.3, 1e-9);
  EXPECT_FALSE(c.from_settings.wait_agrees);
  EXPECT_FALSE(c.from_measured.wait_agrees);
  ASSERT_TRUE(c.allen_cunneen.valid);
  EXPECT_NEAR(c.allen_cunneen.cs2, 0.0, 1e-6);
  EXPECT_NEAR(c.allen_cunneen.ca2, 1.0, 0.05);
  EXPECT_TRUE(c.allen_cunneen.agrees)
      << c.allen_cunneen.wait_ms << " vs " << c.wait_ms.lo << " " << c.wait_ms.hi;
  EXPECT_TRUE(c.from_settings.utilization_agrees);
}

TEST(TheoryCheck, SettingsAndMeasuredDifferWhenTheJobsRunLongerThanConfigured) {
  // Configured 4 ms but the jobs take 5 ms (as sleeps overshoot): only the prediction from the
  // measured inputs agrees.
  const auto records = simulate(2, 250.0, 0.005, 60'000, 8);
  const TheoryCheck c =
      check_theory(open_spec(2, 250.0, 4.0), measure_confidence(records, kStart, 2));
  ASSERT_TRUE(c.valid) << c.reason;
  EXPECT_NEAR(c.from_settings.utilization, 0.5, 1e-9);
  EXPECT_NEAR(c.from_measured.service_ms, 5.0, 0.1);
  EXPECT_FALSE(c.from_settings.utilization_agrees);
  EXPECT_TRUE(c.from_measured.utilization_agrees);
  EXPECT_FALSE(c.from_settings.wait_agrees);
  EXPECT_TRUE(c.from_measured.wait_agrees);
  EXPECT_TRUE(c.allen_cunneen.agrees);  // both SCVs near 1: the same as M/M/c
}

TEST(TheoryCheck, ClosedLoopAndTooLittleDataSayWhy) {
  ScenarioSpec closed;
  closed.workers = 2;
  const auto records = simulate(2, 250.0, 0.005, 5'000, 8);
  const TheoryCheck c = check_theory(closed, measure_confidence(records, kStart, 2));
  EXPECT_FALSE(c.valid);
  EXPECT_NE(c.reason.find("closed loop"), std::string::npos);
  const TheoryCheck few = check_theory(open_spec(1, 100, 5), measure_confidence({}, kStart, 1));
  EXPECT_FALSE(few.valid);
  EXPECT_NE(few.reason.find("interval needs"), std::string::npos) << few.reason;
}

}  // namespace
}  // namespace poolscope
