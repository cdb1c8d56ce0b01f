// The adaptive concurrency limits: each algorithm's answer to a latency step (fed a made-up RTT
// series, no clock), the limiter's permits under threads, the scenario keys, and an engine run in
// which no more calls are in flight than the limit allows.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "job.h"
#include "limit_algorithms.h"
#include "limiter.h"
#include "poolscope/engine.h"
#include "test_support.h"

namespace poolscope {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t ms = 1'000'000;

// Feeds `n` samples of `rtt_ns` with the limit fully used (in flight = limit), as a loaded
// service would; returns the limit after each.
std::vector<int> feed(LimitAlgorithm& a, std::int64_t rtt_ns, int n) {
  std::vector<int> out;
  for (int i = 0; i < n; ++i) out.push_back(a.update(rtt_ns, a.limit(), false));
  return out;
}

// The first sample (1-based) at which the limit is below `before`, or 0 when none is.
int first_below(const std::vector<int>& limits, int before) {
  for (std::size_t i = 0; i < limits.size(); ++i)
    if (limits[i] < before) return int(i) + 1;
  return 0;
}
int first_above(const std::vector<int>& limits, int before) {
  for (std::size_t i = 0; i < limits.size(); ++i)
    if (limits[i] > before) return int(i) + 1;
  return 0;
}

TEST(LimitAlgorithms, Log10RootMatchesTheLibrarysTable) {
  EXPECT_EQ(log10_root(0), 1);
  EXPECT_EQ(log10_root(9), 1);
  EXPECT_EQ(log10_root(99), 1);
  EXPECT_EQ(log10_root(100), 2);
  EXPECT_EQ(log10_root(999), 2);
  EXPECT_EQ(log10_root(1000), 3);
}

TEST(LimitAlgorithms, AimdGrowsByOneAndBacksOffOnASlowCall) {
  AimdLimit a(LimitTuning{20, 1, 200, 15.0});
  EXPECT_EQ(a.limit(), 20);
  const auto steady = feed(a, 10 * ms, 10);
  EXPECT_EQ(steady.back(), 30);  // +1 per sample while the limit is in use
  // Doubled RTT, now over the 15 ms timeout: x0.9 at the first sample.
  const auto slow = feed(a, 20 * ms, 5);
  EXPECT_EQ(first_below(slow, 30), 1);
  EXPECT_EQ(slow[0], 27);
  EXPECT_LT(slow.back(), 20);
  // Back to 10 ms: additive increase again.
  const int low = a.limit();
  const auto back = feed(a, 10 * ms, 3);
  EXPECT_EQ(back, (std::vector<int>{low + 1, low + 2, low + 3}));
}

TEST(LimitAlgorithms, AimdDoesNotGrowWhenTheLimitIsNotUsedAndBacksOffOnDrops) {
  AimdLimit a(LimitTuning{20, 1, 200, 0.0});
  EXPECT_EQ(a.update(10 * ms, 9, false), 20);  // 9 x 2 < 20: app limited
  EXPECT_EQ(a.update(10 * ms, 10, false), 21);
  EXPECT_EQ(a.update(10 * ms, 10, true), 18);  // a drop: int(21 x 0.9)
  // The defaults: min 20 holds the limit up; the default timeout is 5 s.
  AimdLimit d(LimitTuning{});
  EXPECT_EQ(d.update(6000 * ms, 20, false), 20);
  EXPECT_EQ(d.update(4000 * ms, 20, false), 21);
}

TEST(LimitAlgorithms, VegasShrinksWhenTheRttDoublesAndRegrowsWhenItFalls) {
  VegasLimit v(LimitTuning{20, 1, 100, 0.0}, 1);
  const auto steady = feed(v, 10 * ms, 6);
  EXPECT_EQ(steady[0], 20);      // the first sample only sets the no-load RTT
  EXPECT_GT(steady.back(), 20);  // no queue seen: grows by beta = 6 log10 L
  const int before = v.limit();
  // 20 ms against a 10 ms no-load RTT: queue = L/2 > beta, shrink by log10 L per sample.
  const auto slow = feed(v, 20 * ms, 30);
  EXPECT_GE(first_below(slow, before), 1);
  EXPECT_LE(first_below(slow, before), 2);
  EXPECT_TRUE(std::is_sorted(slow.rbegin(), slow.rend()));  // never grows meanwhile
  EXPECT_LT(slow.back(), before - 10);
  const int low = v.limit();
  const auto back = feed(v, 10 * ms, 3);
  EXPECT_EQ(first_above(back, low), 1);
}

TEST(LimitAlgorithms, VegasLearnsARaisedBaselineByProbing) {
  // A downstream that got slower for good: the periodic probe takes the current RTT as the new
  // no-load RTT, after which the limit stops falling and grows again.
  VegasLimit v(LimitTuning{20, 1, 100, 0.0}, 7);
  feed(v, 10 * ms, 5);
  const auto slow = feed(v, 30 * ms, 400);
  const auto lowest = *std::min_element(slow.begin(), slow.end());
  EXPECT_GT(slow.back(), lowest);
  EXPECT_DOUBLE_EQ(v.baseline_ns(), double(30 * ms));
}

TEST(LimitAlgorithms, VegasProbeMultiplierSetsHowSoonItReprobes) {
  // The same slower downstream: with the default multiplier (30) the no-load RTT is re-probed
  // within 30 x limit samples; with 1000 it is not, and the limit keeps reading a queue.
  VegasLimit often(LimitTuning{20, 1, 100, 0.0, 0}, 7);
  VegasLimit rarely(LimitTuning{20, 1, 100, 0.0, 1000}, 7);
  for (VegasLimit* v : {&often, &rarely}) {
    feed(*v, 10 * ms, 5);
    feed(*v, 30 * ms, 600);
  }
  EXPECT_DOUBLE_EQ(often.baseline_ns(), double(30 * ms));
  EXPECT_DOUBLE_EQ(rarely.baseline_ns(), double(10 * ms));
  EXPECT_LT(rarely.limit(), often.limit());
}

TEST(LimitAlgorithms, Gradient2ShrinksWhenTheRttDoublesAndRegrowsWhenItFalls) {
  Gradient2Limit g(LimitTuning{20, 1, 200, 0.0});
  const auto steady = feed(g, 10 * ms, 20);
  EXPECT_GT(steady.back(), 20);  // gradient 1: + queue x smoothing per sample
  EXPECT_NEAR(g.baseline_ns(), double(10 * ms), 1.0);
  const int before = g.limit();
  // 20 ms against a ~10 ms long-window RTT: gradient 1.5 x 10 / 20 = 0.75.
  const auto slow = feed(g, 20 * ms, 40);
  EXPECT_GE(first_below(slow, before), 1);
  EXPECT_LE(first_below(slow, before), 3);
  EXPECT_LT(slow.back(), before);
  const int low = g.limit();
  const auto back = feed(g, 10 * ms, 5);
  EXPECT_GE(first_above(back, low), 1);
  EXPECT_LE(first_above(back, low), 3);
}

TEST(LimitAlgorithms, Gradient2CreepsUpWhileTheLatencyRisesSlowly) {
  // The behaviour users report: latency tripling over a thousand samples, a little at a time.
  // The long-window average keeps up well enough that tolerance x long / short stays >= 1, so
  // the limit keeps growing instead of holding the latency down.
  Gradient2Limit g(LimitTuning{10, 1, 1000, 0.0});
  feed(g, 10 * ms, 20);
  const int start = g.limit();
  double rtt = 10 * ms;
  for (int i = 0; i < 1000; ++i) {
    rtt *= 1.0011;
    g.update(std::int64_t(rtt), g.limit(), false);
  }
  EXPECT_GT(rtt, 29.0 * ms);
  EXPECT_GT(g.limit(), start + 100);
  // Vegas, fed the same series, holds the limit down: it compares with the no-load minimum.
  VegasLimit v(LimitTuning{10, 1, 1000, 0.0}, 1);
  feed(v, 10 * ms, 20);
  rtt = 10 * ms;
  for (int i = 0; i < 1000; ++i) {
    rtt *= 1.0011;
    v.update(std::int64_t(rtt), v.limit(), false);
  }
  EXPECT_LT(v.limit(), g.limit() / 2);
}

TEST(LimitAlgorithms, Gradient2KeepsItsLimitWhenAppLimited) {
  Gradient2Limit g(LimitTuning{40, 1, 200, 0.0});
  for (int i = 0; i < 20; ++i) EXPECT_EQ(g.update(10 * ms, 19, false), 40);  // 19 < 40 / 2
}

TEST(Limiter, NeverAdmitsMoreCallsThanTheLimit) {
  Limiter limiter;
  limiter.configure(LimitPolicy::aimd, LimitTuning{3, 3, 3, 0.0}, 1);  // pinned at 3
  std::atomic<int> holding{0}, peak{0};
  std::vector<std::jthread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 30; ++i) {
        const int permit = limiter.acquire({});
        ASSERT_GT(permit, 0);
        const int now = ++holding;
        int p = peak.load();
        while (now > p && !peak.compare_exchange_weak(p, now)) {
        }
        std::this_thread::sleep_for(200us);
        --holding;
        limiter.release(200'000, permit, false);
      }
    });
  }
  threads.clear();
  EXPECT_EQ(peak.load(), 3);
  const LimitView v = limiter.view();
  EXPECT_EQ(v.admitted, 240u);
  EXPECT_EQ(v.samples, 240u);
  EXPECT_EQ(v.in_flight, 0);
  EXPECT_GE(v.min_headroom, 0);
}

TEST(Limiter, AWaitForAPermitEndsWhenStopped) {
  Limiter limiter;
  limiter.configure(LimitPolicy::aimd, LimitTuning{1, 1, 1, 0.0}, 1);
  ASSERT_EQ(limiter.acquire({}), 1);
  EXPECT_TRUE(limiter.would_wait());
  std::stop_source stop;
  const auto t0 = std::chrono::steady_clock::now();
  std::jthread waiter([&] { EXPECT_EQ(limiter.acquire(stop.get_token()), 0); });
  std::this_thread::sleep_for(50ms);
  stop.request_stop();
  waiter.join();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
  EXPECT_EQ(limiter.view().in_flight, 1);  // the stopped wait took no permit
  limiter.release_unmeasured();
  EXPECT_EQ(limiter.view().in_flight, 0);
}

TEST(LimitScenario, KeysParseAndBadValuesAreNamed) {
  std::string error;
  auto spec = parse_scenario(R"({"limit": "vegas", "limit_min": 2, "downstream_latency_ms": 20,
      "downstream_steps": [{"at_s": 5, "ms": 60}, {"at_s": 10, "ms": 20}]})",
                             error);
  ASSERT_TRUE(spec) << error;
  EXPECT_EQ(spec->limit, LimitPolicy::vegas);
  EXPECT_EQ(spec->limit_min, 2);
  ASSERT_EQ(spec->downstream_steps.size(), 2u);
  EXPECT_DOUBLE_EQ(spec->downstream_latency_at(4.9), 20.0);
  EXPECT_DOUBLE_EQ(spec->downstream_latency_at(5.0), 60.0);
  EXPECT_DOUBLE_EQ(spec->downstream_latency_at(12.0), 20.0);
  // Written back and read again: the same spec.
  auto again = parse_scenario(scenario_to_json(*spec), error);
  ASSERT_TRUE(again) << error;
  EXPECT_EQ(*again, *spec);

  const auto fails = [](std::string_view json) {
    std::string e;
    EXPECT_FALSE(parse_scenario(json, e)) << json;
    return e;
  };
  EXPECT_EQ(fails(R"({"limit": "fast"})"),
            "limit: \"fast\" is not one of none, aimd, vegas, gradient2");
  EXPECT_EQ(fails(R"({"limit_min": 3})"),
            "limit_min tunes an adaptive limit: set limit to aimd, vegas or gradient2 too");
  EXPECT_EQ(fails(R"({"limit": "aimd", "limit_min": 30, "limit_max": 10})"),
            "limit_min and limit_max: 30 > 10 (the lowest limit must not be above the highest)");
  EXPECT_EQ(fails(R"({"limit": "gradient2", "limit_initial": 5})"),
            "limit_initial: 5 is outside limit_min..limit_max (20..200)");
  EXPECT_EQ(fails(R"({"limit": "vegas", "limit_timeout_ms": 100})"),
            "limit_timeout_ms applies to limit aimd only (vegas reads latency, not timeouts)");
  EXPECT_EQ(fails(R"({"limit": "aimd", "limit_probe_multiplier": 100})"),
            "limit_probe_multiplier applies to limit vegas only (only Vegas probes for a new "
            "no-load latency)");
  EXPECT_EQ(fails(R"({"limit_probe_multiplier": 100})"),
            "limit_probe_multiplier tunes an adaptive limit: set limit to aimd, vegas or gradient2 "
            "too");
  EXPECT_EQ(fails(R"({"limit": "vegas", "mode": "spawn"})"),
            "mode: spawn cannot be combined with limit (it has no pool and no job queue; use "
            "mode pool)");
  EXPECT_EQ(fails(R"({"limit_max": 20000, "limit": "aimd"})"),
            "limit_max: 20000 is out of range (allowed 1..10000, or 0 for none)");
  EXPECT_EQ(fails(R"({"downstream_latency_ms": -1})"),
            "downstream_latency_ms: -1 is out of range (allowed 0..600000)");
  EXPECT_EQ(fails(R"({"downstream_steps": {"at_s": 1, "ms": 2}})"),
            "downstream_steps: {\"at_s\":1,\"ms\":2} is not a list (expected a list like "
            "[{\"at_s\": 5, \"ms\": 40}])");
  EXPECT_EQ(fails(R"({"downstream_steps": [{"at_s": 5, "ms": 40}, {"at_s": 2, "ms": 10}]})"),
            "downstream_steps[1].at_s: 2 is not after the step before it (5); list the steps in "
            "time order");
  EXPECT_EQ(fails(R"({"downstream_steps": [{"at_s": 5, "ms": -4}]})"),
            "downstream_steps[0].ms: -4 is out of range (allowed 0..600000)");
  EXPECT_EQ(fails(R"({"downstream_steps": [{"at_s": 5}]})"),
            "downstream_steps[0]: needs both at_s (seconds into the run) and ms (the new "
            "latency)");
  EXPECT_EQ(fails(R"({"downstream_steps": [{"at_s": 5, "ms": 1, "speed": 2}]})"),
            "downstream_steps[0]: unknown key \"speed\" (known keys: at_s, ms)");
  EXPECT_EQ(fails(R"({"downstream_steps": [{"at_s": "soon", "ms": 1}]})"),
            "downstream_steps[0].at_s: \"soon\" is not a number");
  // The command line names its options.
  ScenarioSpec cli;
  cli.limit_max = 4;
  EXPECT_EQ(validate(cli, KeyStyle::cli),
            "--limit-max tunes an adaptive limit: set --limit to aimd, vegas or gradient2 too");
}

// Max number of jobs running at once, from the per-job records (start..end).
int max_overlap(const std::vector<JobRecord>& records) {
  std::vector<std::pair<std::int64_t, int>> edges;
  for (const JobRecord& r : records) {
    if (r.outcome != JobOutcome::ok || r.start_ns == 0) continue;
    edges.emplace_back(r.start_ns, +1);
    edges.emplace_back(r.end_ns, -1);
  }
  std::sort(edges.begin(), edges.end());  // an end before a start at the same instant
  int now = 0, peak = 0;
  for (const auto& [t, d] : edges) peak = std::max(peak, now += d);
  return peak;
}

TEST(LimitEngine, CallsInFlightNeverExceedTheLimit) {
  // Twelve workers, but the limit may not pass 3: never more than 3 jobs call at once.
  ScenarioSpec s = test::sleep_spec(12, 100, 60, 0.0);
  s.downstream_latency_ms = 10;
  s.limit = LimitPolicy::aimd;
  s.limit_initial = 2;
  s.limit_min = 1;
  s.limit_max = 3;
  Engine engine(s);
  const auto snap = test::run_to_end(engine);
  test::expect_settled(snap->counters);
  EXPECT_EQ(snap->counters.completed, 60u);
  EXPECT_EQ(snap->limit.policy, LimitPolicy::aimd);
  EXPECT_EQ(snap->limit.samples, 60u);
  EXPECT_GE(snap->limit.min_headroom, 0);
  EXPECT_EQ(snap->limit.max_limit, 3);  // it grew from 2 to its max
  EXPECT_EQ(max_overlap(engine.job_records()), 3);
  // Without a limit the same run overlaps all twelve.
  s.limit = LimitPolicy::none;
  s.limit_initial = s.limit_min = s.limit_max = 0;
  Engine free_run(s);
  test::run_to_end(free_run);
  EXPECT_GT(max_overlap(free_run.job_records()), 6);
}

TEST(LimitEngine, AWaitForAPermitEndsOnCancel) {
  // One permit, long calls: the other workers wait for it; a cancel ends the run within a second.
  ScenarioSpec s = test::sleep_spec(6, 50, 40, 0.0);
  s.downstream_latency_ms = 5000;
  s.limit = LimitPolicy::aimd;
  s.limit_initial = s.limit_min = s.limit_max = 1;
  Engine engine(s);
  engine.start();
  std::this_thread::sleep_for(200ms);
  const auto t0 = std::chrono::steady_clock::now();
  engine.shutdown(ShutdownMode::cancel);
  ASSERT_TRUE(engine.wait_finished(2s));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
  const auto snap = engine.snapshot_now();
  test::expect_settled(snap->counters);
  EXPECT_EQ(snap->limit.in_flight, 0);
}

TEST(LimitEngine, TheDownstreamLatencyFollowsItsSteps) {
  ScenarioSpec s = test::sleep_spec(4, 100, 1000, 0.0);
  s.jobs.reset();
  s.duration_s = 0.8;
  s.rate = 100;
  s.downstream_latency_ms = 5;
  s.downstream_steps = {{0.4, 40}};
  Engine engine(s);
  const auto snap = test::run_to_end(engine);
  test::expect_settled(snap->counters);
  double before = 0, after = 0;
  for (const SeriesPoint& p : snap->series) {
    if (p.t_s < 0.35) before = std::max(before, p.downstream_latency_ms);
    if (p.t_s > 0.45) after = std::max(after, p.downstream_latency_ms);
  }
  EXPECT_DOUBLE_EQ(before, 5.0);
  EXPECT_DOUBLE_EQ(after, 40.0);
  EXPECT_GE(snap->service_ms.max, 39.0);  // the jobs really took the new latency
}

}  // namespace
}  // namespace poolscope

namespace poolscope {
namespace {

TEST(DownstreamOrder, AFreedConnectionGoesToTheOldestWaiterNotANewcomer) {
  // The latencies the limits measure include waiting for a connection: a newcomer that takes a
  // connection freed for a waiter (or a waiter passed over many times) made them noisy.
  Downstream d;
  d.set_limit(1);
  ASSERT_TRUE(d.acquire({}));
  std::mutex m;
  std::vector<std::string> order;
  std::atomic<bool> waiting{false};
  std::jthread waiter([&] {
    waiting = true;
    ASSERT_TRUE(d.acquire({}));
    {
      std::lock_guard lk(m);
      order.push_back("waiter");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    d.release();
  });
  while (!waiting) std::this_thread::yield();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the waiter is queued
  d.release();
  ASSERT_TRUE(d.acquire({}));  // the newcomer: must queue behind the waiter
  {
    std::lock_guard lk(m);
    order.push_back("newcomer");
  }
  d.release();
  waiter.join();
  EXPECT_EQ(order, (std::vector<std::string>{"waiter", "newcomer"}));
  EXPECT_EQ(d.in_use(), 0);
}

}  // namespace
}  // namespace poolscope
