// Every lesson preset runs headless (scaled down to keep the suite fast) and its observation
// holds on the real engine.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "lesson_support.h"

namespace poolscope {
namespace {

using testing::has_finding;
using testing::preset;
using testing::run_engine;

TEST(Lessons, EveryPresetRunsHeadlessAndAddsUp) {
  std::set<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(testing::kScenarios))
    if (e.path().extension() == ".json") names.insert(e.path().filename().string());
  int numbered = 0;
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    ScenarioSpec spec = preset(name);
    EXPECT_FALSE(spec.title.empty());
    EXPECT_FALSE(spec.lesson.empty());
    if (std::isdigit(static_cast<unsigned char>(name[0]))) ++numbered;
    EngineOptions o;
    o.spawn_cap = 40;  // spawn mode's lesson without thousands of threads in a test
    // Mistake runs end by themselves once the detector sees them stuck (about a second).
    const auto r = run_engine(spec, spec.expect_finding.empty() ? 0.6 : 5.0, o);
    if (!spec.expect_finding.empty()) {
      EXPECT_TRUE(has_finding(*r.snap, spec.expect_finding));
    }
  }
  EXPECT_GE(numbered, 13);
}

TEST(Lessons, PoolVsSpawnCountsThreads) {
  ScenarioSpec s = preset("01-pool-vs-spawn.json");
  // Closed loop: the producer starts threads as fast as it can, so it reaches the cap even on
  // a slow (sanitized, busy) machine.
  s.rate.reset();
  s.duration_s.reset();
  s.jobs = 60;
  s.job_ms = 200;
  EngineOptions o;
  o.spawn_cap = 30;
  const auto spawned = run_engine(s, 5.0, o);
  EXPECT_EQ(spawned.snap->process.spawned_peak, 30);  // the cap held
  EXPECT_EQ(spawned.snap->process.spawn_cap, 30);
  EXPECT_GT(spawned.snap->producer_blocked_s, 0.0);  // and made the producer wait
  EXPECT_GE(spawned.snap->process.threads_peak, 30);
  EXPECT_GT(spawned.snap->process.rss_peak_mb, 0.0);

  s.mode = PoolMode::pool;
  s.workers = 8;
  const auto pooled = run_engine(s, 5.0, o);
  EXPECT_EQ(pooled.snap->process.spawned_peak, 0);
  EXPECT_LT(pooled.snap->process.threads_peak, spawned.snap->process.threads_peak);
}

TEST(Lessons, SeedProgramOverlapsJobs) {
  ScenarioSpec s = preset("02-seed-program.json");
  s.job_ms = 200;
  const auto r = run_engine(s, 5.0);
  EXPECT_GE(r.snap->elapsed_s, 0.4);
  EXPECT_LT(r.snap->elapsed_s, 0.9);
  EXPECT_EQ(r.snap->counters.completed, 5u);
  std::vector<std::uint64_t> done = r.snap->completion_order;
  std::sort(done.begin(), done.end());
  EXPECT_EQ(done, r.snap->submission_order);  // the same jobs, in whatever order they finished
}

TEST(Lessons, UnbufferedBlocksOnBurstsBufferedAbsorbsThem) {
  ScenarioSpec s = preset("03-buffered-vs-unbuffered.json");
  s.duration_s = 1.0;
  s.burst_every_ms = 250;
  const double blocked_unbuffered = run_engine(s, 5.0).snap->producer_blocked_s;
  s.buffer = 16;
  const double blocked_buffered = run_engine(s, 5.0).snap->producer_blocked_s;
  EXPECT_GT(blocked_unbuffered, 0.05);
  EXPECT_LT(blocked_buffered, blocked_unbuffered / 2);
}

TEST(Lessons, BackpressureBlocksOrRejects) {
  ScenarioSpec s = preset("04-backpressure.json");
  s.job_ms = 20;  // two workers serve 100 jobs/s ...
  s.rate = 200;   // ... and 200 arrive
  s.duration_s = 1.0;
  const auto blocked = run_engine(s, 5.0);
  EXPECT_GT(blocked.snap->producer_blocked_s, 0.0);
  EXPECT_EQ(blocked.snap->max_queue_depth, 8u);
  s.policy = FullPolicy::reject;
  const auto rejected = run_engine(s, 5.0);
  EXPECT_GT(rejected.snap->counters.rejected, 0u);
  EXPECT_GT(rejected.snap->counters.full_arrivals, 0u);
}

TEST(Lessons, ForgottenCloseIsALeak) {
  const auto r = run_engine(preset("05-forget-close.json"), 10.0);
  EXPECT_FALSE(r.capped);  // the detector ended it
  EXPECT_LT(r.wall_s, 4.0);
  ASSERT_TRUE(has_finding(*r.snap, "leak"));
  const Finding& f = r.snap->findings.front();
  EXPECT_NE(f.message.find("3 workers blocked forever on a channel no one will close"),
            std::string::npos)
      << f.message;
  EXPECT_EQ(f.threads, (std::vector<std::string>{"worker 0", "worker 1", "worker 2"}));
  EXPECT_EQ(r.snap->counters.completed, 6u);
}

TEST(Lessons, WaitBeforeDrainIsADeadlockThatCancelRecovers) {
  const auto r = run_engine(preset("06-wait-before-drain.json"), 10.0);
  EXPECT_FALSE(r.capped);
  EXPECT_LT(r.wall_s, 4.0);
  ASSERT_TRUE(has_finding(*r.snap, "deadlock"));
  const Finding& f = r.snap->findings.front();
  EXPECT_NE(f.message.find("all threads are asleep - deadlock!"), std::string::npos) << f.message;
  EXPECT_NE(std::find(f.threads.begin(), f.threads.end(), "consumer"), f.threads.end());
  EXPECT_NE(std::find(f.threads.begin(), f.threads.end(), "worker 0"), f.threads.end());
}

TEST(Lessons, DeadlockWaitsForTheUserWhenAsked) {
  EngineOptions o;
  o.end_on_stall = false;  // the GUI: report, then let the user press Cancel
  Engine engine(preset("06-wait-before-drain.json"), o);
  engine.start();
  const auto t0 = std::chrono::steady_clock::now();
  while (engine.snapshot()->findings.empty() &&
         std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_FALSE(engine.snapshot()->findings.empty());
  EXPECT_FALSE(engine.finished());
  const auto cancel_at = std::chrono::steady_clock::now();
  engine.shutdown(ShutdownMode::cancel);
  EXPECT_TRUE(engine.wait_finished(std::chrono::seconds(1)));  // Cancel recovers within 1 s
  EXPECT_LT(std::chrono::steady_clock::now() - cancel_at, std::chrono::seconds(1));
  EXPECT_TRUE(engine.snapshot_now()->counters.adds_up());
}

TEST(Lessons, EarlyCloseIsASendOnClosedChannel) {
  ScenarioSpec s = preset("07-close-results-early.json");
  s.job_ms = 100;
  const auto r = run_engine(s, 10.0);
  EXPECT_FALSE(r.capped);
  ASSERT_TRUE(has_finding(*r.snap, "send_on_closed"));
  EXPECT_GT(r.snap->counters.sent_on_closed, 0u);
  EXPECT_EQ(r.snap->counters.completed, 10u);  // the jobs ran; their results were lost
}

// Spin jobs burn CPU time, so their throughput cannot pass cores / job time however many
// workers run; sleep jobs keep scaling. Bounds, not exact figures: the machine may be busy.
TEST(Lessons, SpinStopsScalingAtTheCoresSleepKeepsScaling) {
  const int cpus = std::max(1u, std::thread::hardware_concurrency());
  const int many = 4 * cpus;
  ScenarioSpec s = preset("08-sizing-cpu-vs-io.json");
  s.job_ms = 20;
  s.duration_s = 1.0;
  s.workers = many;
  const double spin = run_engine(s, 5.0).snap->throughput_per_s;
  const double cores_bound = cpus * 1000.0 / s.job_ms;
  EXPECT_LE(spin, 1.15 * cores_bound) << "spin throughput passed the cores";

  s.job_kind = JobKind::sleep;
  const double sleep_many = run_engine(s, 5.0).snap->throughput_per_s;
  s.workers = cpus;
  const double sleep_cores = run_engine(s, 5.0).snap->throughput_per_s;
  EXPECT_GT(sleep_many, 2.0 * sleep_cores) << "sleep jobs stopped scaling";
  EXPECT_GT(sleep_many, 1.5 * cores_bound);
}

TEST(Lessons, SlowConsumerSetsThePace) {
  ScenarioSpec s = preset("09-slow-consumer.json");
  s.duration_s = 1.5;
  bool saw_blocked = false;
  const auto r = run_engine(s, 5.0, {}, [&](const Snapshot& snap) {
    for (const WorkerView& w : snap.workers) saw_blocked |= w.state == WorkerState::blocked_result;
  });
  EXPECT_TRUE(saw_blocked);
  EXPECT_LE(r.snap->throughput_per_s, 1.2 * 1000.0 / s.consumer_ms);
}

TEST(Lessons, SlowDependencyCapsThroughput) {
  ScenarioSpec s = preset("10-slow-dependency.json");
  s.duration_s = 1.0;
  int most_in_use = 0;
  const auto r = run_engine(s, 5.0, {}, [&](const Snapshot& snap) {
    most_in_use = std::max(most_in_use, snap.downstream_in_use);
  });
  EXPECT_LE(most_in_use, s.downstream);
  EXPECT_LE(r.snap->throughput_per_s, 1.15 * s.downstream * 1000.0 / s.job_ms);
}

TEST(Lessons, FailuresBecomeErrorResults) {
  ScenarioSpec s = preset("11-errors-and-panics.json");
  s.duration_s = 1.0;
  const auto r = run_engine(s, 5.0);
  EXPECT_GT(r.snap->counters.failed, 0u);
  EXPECT_GT(r.snap->counters.completed, r.snap->counters.failed);
}

TEST(Lessons, TimeoutsCutJobsShort) {
  ScenarioSpec s = preset("12-timeouts-and-cancellation.json");
  s.duration_s = 1.5;
  const auto r = run_engine(s, 5.0);
  EXPECT_GT(r.snap->counters.timed_out, 0u);
  EXPECT_LE(r.snap->service_ms.max, s.timeout_ms * 1.2);
}

TEST(Lessons, DynamicPoolGrowsAndShrinks) {
  ScenarioSpec s = preset("13a-dynamic-pool.json");
  s.duration_s = 3.0;
  s.burst_every_ms = 1500;
  int peak = 0, after_peak_low = 1 << 20;
  run_engine(s, 6.0, {}, [&](const Snapshot& snap) {
    const int w = snap.spec.workers;
    if (w > peak) {
      peak = w;
      after_peak_low = w;
    }
    after_peak_low = std::min(after_peak_low, w);
  });
  EXPECT_GE(peak, 4);
  EXPECT_LE(peak, 16);
  EXPECT_LT(after_peak_low, peak);
}

TEST(Lessons, PriorityQueueServesHighFirst) {
  ScenarioSpec s = preset("13b-priority-queue.json");
  // Closed loop into a large queue: the queue holds every job at once, so the order of service
  // is all that decides the waits.
  s.rate.reset();
  s.duration_s.reset();
  s.jobs = 40;
  s.workers = 1;
  s.job_ms = 10;
  s.dist = DurationDist::fixed;
  s.priority_share = 0.25;
  const auto r = run_engine(s, 5.0);
  const ClassWaits& w = r.snap->class_waits;
  ASSERT_GT(w.high_ms.count, 0u);
  ASSERT_GT(w.normal_ms.count, 0u);
  EXPECT_LT(w.high_ms.mean * 2, w.normal_ms.mean);
  EXPECT_LT(w.high_ms.max, w.normal_ms.max);
}

TEST(Lessons, SeparatePoolsKeepIoJobsFromWaiting) {
  ScenarioSpec s = preset("13c-separate-pools.json");
  s.duration_s = 1.5;
  int io_workers = 0;
  const auto r = run_engine(s, 5.0, {}, [&](const Snapshot& snap) {
    int n = 0;
    for (const WorkerView& w : snap.workers) n += w.io_pool ? 1 : 0;
    io_workers = std::max(io_workers, n);
  });
  EXPECT_EQ(io_workers, s.io_workers);
  ASSERT_GT(r.snap->class_waits.io_ms.count, 0u);
  EXPECT_LT(r.snap->class_waits.io_ms.p95, 50.0);
}

TEST(Lessons, TheoryBesideMeasurement) {
  ScenarioSpec s;
  s.workers = 2;
  s.buffer = 1000;
  s.rate = 100;
  s.job_ms = 10;
  s.dist = DurationDist::exp;
  s.duration_s = 2.0;
  const auto r = run_engine(s, 6.0);
  const TheoryReport& t = r.snap->theory;
  ASSERT_TRUE(t.little.valid);
  EXPECT_NEAR(t.little.l.relative_difference, 0.0, 0.15);  // Little's law holds for any run
  ASSERT_TRUE(t.mmc.valid);
  EXPECT_TRUE(t.mmc.applies);
  EXPECT_NEAR(t.mmc.utilization.predicted, 0.5, 0.1);  // λS/c with the measured S
  EXPECT_NEAR(t.mmc.utilization.measured, t.mmc.utilization.predicted, 0.15);
  EXPECT_TRUE(t.mmck.valid);
  EXPECT_TRUE(t.goetz.valid);
}

}  // namespace
}  // namespace poolscope
