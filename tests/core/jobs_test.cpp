// Jobs: failures become error results and the pool goes on; per-job timeouts count as failed;
// spin jobs really burn CPU; durations are seeded and reproducible; a downstream limit caps
// concurrency.
#include <gtest/gtest.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <future>
#include <numeric>
#include <stop_token>
#include <thread>
#include <vector>

#include "job.h"
#include "poolscope/engine.h"
#include "test_support.h"

namespace poolscope {
namespace {

using namespace std::chrono_literals;
using test::sleep_spec;

// CPU time this thread has used, in seconds.
double thread_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

JobProfile profile(JobKind kind, double ms) {
  JobProfile p;
  p.kind = kind;
  p.mean_ms = ms;
  return p;
}

Job job_of(double ms, bool fail = false) {
  Job j;
  j.id = 7;
  j.duration_ns = ms_to_ns(ms);
  j.will_fail = fail;
  return j;
}

// ---- execute_job on this thread ----

struct Burn {
  double wall_s, cpu_s;
};

Burn run_measured(JobKind kind, double ms, double cpu_fraction = 0.5) {
  JobProfile p = profile(kind, ms);
  p.cpu_fraction = cpu_fraction;
  Sleeper sleeper;
  const double cpu0 = thread_cpu_s();
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(execute_job(job_of(ms), p, now_ns(), {}, sleeper), JobOutcome::ok);
  return {test::seconds_since(t0), thread_cpu_s() - cpu0};
}

// Spin jobs time themselves with the engine's TSC clock, whose scale may differ from steady_clock
// by a few hundred parts per million: durations are compared with 1% of slack.
// CPU time on a shared, loaded machine is noisy (a spinning thread may get a fraction of a core):
// each measurement takes the best of a few tries, and the bounds compare kinds with each other.
double most_cpu(JobKind kind, double ms, double cpu_fraction, double enough) {
  double best = 0;
  for (int i = 0; i < 3 && best < enough; ++i) {
    const Burn b = run_measured(kind, ms, cpu_fraction);
    EXPECT_GE(b.wall_s, 0.99 * ms / 1000.0) << to_string(kind) << " ended early";
    best = std::max(best, b.cpu_s);
  }
  return best;
}
double least_cpu(JobKind kind, double ms, double cpu_fraction) {
  double best = 1e9;
  for (int i = 0; i < 3; ++i) {
    const Burn b = run_measured(kind, ms, cpu_fraction);
    EXPECT_GE(b.wall_s, 0.99 * ms / 1000.0) << to_string(kind) << " ended early";
    best = std::min(best, b.cpu_s);
    if (best < 0.002) break;
  }
  return best;
}

TEST(Jobs, SpinReallyBurnsCpuAndSleepDoesNot) {
  const double spin = most_cpu(JobKind::spin, 200, 0.5, 0.1);
  const double sleep = least_cpu(JobKind::sleep, 200, 0.5);
  EXPECT_GE(spin, 0.025) << "a spin job must compute, not wait";
  EXPECT_LT(sleep, 0.01) << "a sleep job must wait, not compute";
  EXPECT_GT(spin, 4 * sleep);
}

TEST(Jobs, MixedComputesOnlyItsCpuFraction) {
  // All waiting (fraction 0) burns next to nothing; all computing (fraction 1) burns like spin.
  const double none = least_cpu(JobKind::mixed, 200, 0.0);
  const double all = most_cpu(JobKind::mixed, 200, 1.0, 0.1);
  EXPECT_LT(none, 0.01);
  EXPECT_GE(all, 0.025);
  EXPECT_GT(all, 4 * none);
}

TEST(Jobs, AFailingJobThrows) {
  Sleeper sleeper;
  EXPECT_THROW(execute_job(job_of(1, true), profile(JobKind::sleep, 1), now_ns(), {}, sleeper),
               JobFailure);
}

TEST(Jobs, TimeoutCutsTheJobShort) {
  for (JobKind kind : {JobKind::sleep, JobKind::spin, JobKind::mixed}) {
    JobProfile p = profile(kind, 2000);
    p.timeout_ms = 30;
    Sleeper sleeper;
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(execute_job(job_of(2000), p, now_ns(), {}, sleeper), JobOutcome::timed_out)
        << to_string(kind);
    const double took = test::seconds_since(t0);
    EXPECT_GE(took, 0.029);
    EXPECT_LT(took, 0.5);
  }
  // A timeout longer than the job changes nothing.
  JobProfile p = profile(JobKind::sleep, 10);
  p.timeout_ms = 500;
  Sleeper sleeper;
  EXPECT_EQ(execute_job(job_of(10), p, now_ns(), {}, sleeper), JobOutcome::ok);
}

TEST(Jobs, AbortInterruptsEveryKind) {
  for (JobKind kind : {JobKind::sleep, JobKind::spin, JobKind::mixed}) {
    std::stop_source abort;
    Sleeper sleeper;
    auto run = std::async(std::launch::async, [&] {
      return execute_job(job_of(10'000), profile(kind, 10'000), now_ns(), abort.get_token(),
                         sleeper);
    });
    std::this_thread::sleep_for(30ms);
    abort.request_stop();
    ASSERT_EQ(run.wait_for(1s), std::future_status::ready) << to_string(kind);
    EXPECT_EQ(run.get(), JobOutcome::cancelled) << to_string(kind);
  }
}

// ---- the Sleeper ----

TEST(Sleeper, NeverEndsBeforeItsDeadline) {
  Sleeper sleeper(60'000);
  for (int i = 0; i < 40; ++i) {
    const std::int64_t deadline = now_ns() + 1'000'000;
    const auto steady_deadline = Clock::now() + 1ms;
    ASSERT_TRUE(sleeper.sleep_until(deadline, {}));
    EXPECT_GE(now_ns(), deadline) << "sleep " << i;
    EXPECT_GE(Clock::now(), steady_deadline - 5us) << "sleep " << i;  // TSC scale: ppm
  }
  EXPECT_GE(sleeper.lead_ns(), 0);
  EXPECT_LE(sleeper.lead_ns(), 60'000);
}

TEST(Sleeper, AStopEndsALongSleepAtOnce) {
  Sleeper sleeper(60'000);
  std::stop_source stop;
  auto sleeping = std::async(std::launch::async, [&] {
    return sleeper.sleep_until(now_ns() + 10'000'000'000, stop.get_token());
  });
  std::this_thread::sleep_for(30ms);
  const auto t0 = Clock::now();
  stop.request_stop();
  ASSERT_EQ(sleeping.wait_for(1s), std::future_status::ready);
  EXPECT_FALSE(sleeping.get());
  EXPECT_LT(Clock::now() - t0, 1s);
  // Already stopped: returns at once.
  EXPECT_FALSE(sleeper.sleep_until(now_ns() + 10'000'000'000, stop.get_token()));
}

// The poll before a deadline follows how late the timer wakes, not the whole budget: a sleeper
// allowed 5 ms of polling must not poll 5 ms of every 10 ms sleep. (On a loaded machine the
// thread gets less CPU, never more, so the bound cannot fail for the machine's sake.)
TEST(Sleeper, PollsOnlyForTheTimersLatenessNotItsWholeBudget) {
  Sleeper sleeper(5'000'000);
  const double cpu0 = thread_cpu_s();
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(sleeper.sleep_until(now_ns() + 10'000'000, {}));
  const double wall = test::seconds_since(t0), cpu = thread_cpu_s() - cpu0;
  EXPECT_GE(wall, 0.3);
  EXPECT_LT(cpu, 0.2 * wall) << "lead now " << sleeper.lead_ns() << " ns";
}

// ---- durations and failures from the seeded factory ----

std::vector<Job> draw(std::uint64_t seed, const JobProfile& p, int n) {
  JobFactory f(seed);
  std::vector<Job> jobs;
  for (int i = 1; i <= n; ++i) jobs.push_back(f.make(std::uint64_t(i), p));
  return jobs;
}

JobProfile dist_profile(DurationDist d, double mean_ms, double spread, double fail = 0.0) {
  JobProfile p;
  p.dist = d;
  p.mean_ms = mean_ms;
  p.spread = spread;
  p.fail = fail;
  return p;
}

struct Moments {
  double mean, cv, min, max;
};

Moments moments(const std::vector<Job>& jobs) {
  double sum = 0, sum2 = 0, lo = 1e300, hi = 0;
  for (const Job& j : jobs) {
    const double ms = double(j.duration_ns) / 1e6;
    sum += ms;
    sum2 += ms * ms;
    lo = std::min(lo, ms);
    hi = std::max(hi, ms);
  }
  const double n = double(jobs.size());
  const double mean = sum / n;
  return {mean, std::sqrt(std::max(0.0, sum2 / n - mean * mean)) / mean, lo, hi};
}

class Distributions : public ::testing::TestWithParam<DurationDist> {};

TEST_P(Distributions, SameSeedSameJobsOtherSeedOtherJobs) {
  const JobProfile p = dist_profile(GetParam(), 20.0, 0.5, 0.25);
  const auto a = draw(42, p, 500), b = draw(42, p, 500), c = draw(43, p, 500);
  bool differs = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].duration_ns, b[i].duration_ns) << "job " << i;
    ASSERT_EQ(a[i].will_fail, b[i].will_fail) << "job " << i;
    differs = differs || a[i].duration_ns != c[i].duration_ns || a[i].will_fail != c[i].will_fail;
  }
  EXPECT_TRUE(differs) << "another seed must draw other jobs";
}

INSTANTIATE_TEST_SUITE_P(All, Distributions,
                         ::testing::Values(DurationDist::fixed, DurationDist::uniform,
                                           DurationDist::exp, DurationDist::lognormal),
                         [](const auto& param_info) {
                           return std::string(to_string(param_info.param));
                         });

TEST(Jobs, FixedDurationIsExact) {
  const auto m = moments(draw(1, dist_profile(DurationDist::fixed, 12.5, 0.9), 100));
  EXPECT_DOUBLE_EQ(m.min, 12.5);
  EXPECT_DOUBLE_EQ(m.max, 12.5);
}

TEST(Jobs, UniformStaysWithinItsSpread) {
  const auto m = moments(draw(3, dist_profile(DurationDist::uniform, 100.0, 0.4), 20000));
  EXPECT_GE(m.min, 60.0);
  EXPECT_LE(m.max, 140.0);
  EXPECT_NEAR(m.mean, 100.0, 2.0);
  EXPECT_NEAR(m.cv, 0.4 / std::sqrt(3.0), 0.02);  // uniform on mean +- h: sd = h / sqrt(3)
}

TEST(Jobs, ExponentialHasItsMeanAndCvOfOne) {
  const auto m = moments(draw(4, dist_profile(DurationDist::exp, 50.0, 0.0), 20000));
  EXPECT_NEAR(m.mean, 50.0, 2.5);
  EXPECT_NEAR(m.cv, 1.0, 0.06);
  EXPECT_GE(m.min, 0.0);
}

TEST(Jobs, LognormalHasItsMeanAndSpreadAsCv) {
  const auto m = moments(draw(5, dist_profile(DurationDist::lognormal, 30.0, 0.5), 40000));
  EXPECT_NEAR(m.mean, 30.0, 1.0);
  EXPECT_NEAR(m.cv, 0.5, 0.05);
  EXPECT_GT(m.min, 0.0);
}

TEST(Jobs, FailureProbabilityIsHonoured) {
  const auto jobs = draw(6, dist_profile(DurationDist::fixed, 1.0, 0.0, 0.2), 20000);
  const auto fails =
      std::count_if(jobs.begin(), jobs.end(), [](const Job& j) { return j.will_fail; });
  EXPECT_NEAR(double(fails) / 20000.0, 0.2, 0.015);
}

// ---- in the engine ----

TEST(Jobs, FailuresBecomeErrorResultsAndThePoolGoesOn) {
  ScenarioSpec spec = sleep_spec(3, 8, 300, 0.0);
  spec.fail = 0.3;
  spec.seed = 11;
  Engine engine(spec);
  const auto snap = test::run_to_end(engine);
  const Counters& c = snap->counters;
  test::expect_settled(c);
  EXPECT_EQ(c.completed + c.failed, 300u);
  EXPECT_GT(c.failed, 50u);
  EXPECT_LT(c.failed, 130u);
  EXPECT_EQ(c.timed_out, 0u);
  EXPECT_EQ(c.consumed, 300u) << "a failed job still sends an (error) result";
  std::uint64_t failed_records = 0;
  for (const JobRecord& r : engine.job_records()) failed_records += r.outcome == JobOutcome::failed;
  EXPECT_EQ(failed_records, c.failed);

  // The same seed fails the same jobs, whatever the scheduling.
  Engine again(spec);
  const auto snap2 = test::run_to_end(again);
  EXPECT_EQ(snap2->counters.failed, c.failed);
}

TEST(Jobs, EveryJobFailingStillEndsTheRun) {
  ScenarioSpec spec = sleep_spec(2, 4, 50, 1.0);
  spec.fail = 1.0;
  Engine engine(spec);
  const auto snap = test::run_to_end(engine);
  test::expect_settled(snap->counters);
  EXPECT_EQ(snap->counters.failed, 50u);
  EXPECT_EQ(snap->counters.completed, 0u);
}

TEST(Jobs, PerJobTimeoutIsCountedFailed) {
  ScenarioSpec spec = sleep_spec(4, 4, 8, 1000.0);
  spec.timeout_ms = 20;
  Engine engine(spec);
  const auto snap = test::run_to_end(engine);
  const Counters& c = snap->counters;
  test::expect_settled(c);
  EXPECT_EQ(c.failed, 8u);
  EXPECT_EQ(c.timed_out, 8u);
  EXPECT_EQ(c.completed, 0u);
  EXPECT_LT(snap->elapsed_s, 0.5) << "two waves of 20 ms, not of 1 s";
  EXPECT_LT(snap->service_ms.max, 200.0);
  for (const JobRecord& r : engine.job_records()) EXPECT_EQ(r.outcome, JobOutcome::timed_out);
}

TEST(Jobs, SpinJobsInTheEngineShowFullUtilization) {
  ScenarioSpec spec = sleep_spec(1, 2, 3, 60.0);
  spec.job_kind = JobKind::spin;
  Engine engine(spec);
  const auto snap = test::run_to_end(engine);
  EXPECT_EQ(snap->counters.completed, 3u);
  EXPECT_GE(snap->service_ms.p50, 59.0);
  EXPECT_GT(snap->utilization, 0.6);
}

// Runs to the end while sampling; the most connections and the most jobs seen in progress.
std::pair<int, std::uint64_t> peak_concurrency(Engine& engine) {
  engine.start();
  int connections = 0;
  std::uint64_t running = 0;
  const auto t0 = std::chrono::steady_clock::now();
  while (!engine.wait_finished(2ms) && test::seconds_since(t0) < 10.0) {
    const auto snap = engine.snapshot_now();
    connections = std::max(connections, snap->downstream_in_use);
    running = std::max(running, snap->counters.in_progress);
  }
  EXPECT_TRUE(engine.wait_finished(1s));
  return {connections, running};
}

TEST(Jobs, DownstreamLimitCapsConcurrency) {
  // 6 workers but 2 connections: 8 jobs of 100 ms take 4 waves, not 2.
  ScenarioSpec spec = sleep_spec(6, 8, 8, 100.0);
  spec.downstream = 2;
  Engine limited(spec);
  const auto [connections, running] = peak_concurrency(limited);
  const auto snap = limited.snapshot_now();
  test::expect_settled(snap->counters);
  EXPECT_EQ(snap->counters.completed, 8u);
  EXPECT_EQ(connections, 2);
  EXPECT_GE(snap->elapsed_s, 0.38);
  // The running jobs' records never overlap by more than two at a time (1 ms of slack for the
  // gap between a release and the end stamp).
  const auto records = limited.job_records();
  for (const JobRecord& r : records) {
    const std::int64_t t = r.start_ns + 1'000'000;
    const auto overlapping = std::count_if(records.begin(), records.end(), [&](const JobRecord& o) {
      return o.start_ns <= t && o.end_ns > t;
    });
    EXPECT_LE(overlapping, 2) << "job " << r.id;
  }

  // Without the limit the same workers do run more than two jobs at once: the limit, not the
  // pool, was what capped it.
  spec.downstream = 0;
  Engine unlimited(spec);
  const auto [free_connections, free_running] = peak_concurrency(unlimited);
  EXPECT_EQ(free_connections, 0);
  EXPECT_GE(free_running, 3u);
}

TEST(Jobs, DownstreamAcquireWaitsAndCanBeStopped) {
  Downstream d;
  d.set_limit(1);
  std::stop_source never;
  ASSERT_TRUE(d.acquire(never.get_token()));
  EXPECT_TRUE(d.would_wait());
  std::stop_source stop;
  auto second = std::async(std::launch::async, [&] { return d.acquire(stop.get_token()); });
  EXPECT_EQ(second.wait_for(50ms), std::future_status::timeout);
  stop.request_stop();
  ASSERT_EQ(second.wait_for(1s), std::future_status::ready);
  EXPECT_FALSE(second.get());
  EXPECT_EQ(d.in_use(), 1);

  auto third = std::async(std::launch::async, [&] { return d.acquire(never.get_token()); });
  EXPECT_EQ(third.wait_for(50ms), std::future_status::timeout);
  d.set_limit(2);  // raising the limit lets the waiter in
  ASSERT_EQ(third.wait_for(1s), std::future_status::ready);
  EXPECT_TRUE(third.get());
  EXPECT_EQ(d.in_use(), 2);
  d.release();
  d.release();
  EXPECT_EQ(d.in_use(), 0);
}

}  // namespace
}  // namespace poolscope
