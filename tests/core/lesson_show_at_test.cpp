// Every preset says when a picture shows its lesson's point (show_at), and at that moment the
// engine's snapshot does show it: the condition each lesson asks the reader to watch holds.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "lesson_support.h"

namespace poolscope {
namespace {

using testing::has_finding;
using testing::preset;

int count_state(const Snapshot& s, WorkerState st) {
  return static_cast<int>(std::count_if(s.workers.begin(), s.workers.end(),
                                        [&](const WorkerView& w) { return w.state == st; }));
}

double series_peak(const Snapshot& s, double SeriesPoint::*field) {
  double m = 0;
  for (const SeriesPoint& p : s.series) m = std::max(m, p.*field);
  return m;
}

std::set<int> worker_lane_slots(const Snapshot& s) {
  std::set<int> slots;
  if (!s.timeline) return slots;
  for (const LaneTimeline& l : s.timeline->lanes)
    if (slot_of_lane(l.lane) >= 0) slots.insert(slot_of_lane(l.lane));
  return slots;
}

// The largest value of `field` over the graph points in [from_s, to_s].
double series_peak_between(const Snapshot& s, double SeriesPoint::*field, double from_s,
                           double to_s) {
  double m = 0;
  for (const SeriesPoint& p : s.series)
    if (p.t_s >= from_s && p.t_s <= to_s) m = std::max(m, p.*field);
  return m;
}

constexpr int test_spawn_cap = 100;  // spawn mode's lesson without thousands of threads

// What each lesson's picture must show at show_at.
const std::map<std::string, std::function<void(const Snapshot&)>>& checks() {
  static const std::map<std::string, std::function<void(const Snapshot&)>> m{
      {"01-pool-vs-spawn.json",
       [](const Snapshot& s) {
         // Threads climbed to the cap and stay there; the producer waits at it. (At 2 s the
         // first replacements end: the snapshot may fall between a few threads' ends and their
         // replacements' starts, a few short of the cap on a loaded machine.)
         EXPECT_LE(s.process.spawned_live, test_spawn_cap);
         EXPECT_GE(s.process.spawned_live, test_spawn_cap * 9 / 10);
         EXPECT_EQ(s.process.spawn_cap, test_spawn_cap);
         // The producer waits at the cap: most of the run blocked. (At the instant itself it may
         // be spawning the replacement of a thread that just ended: every thread lives 1 s, so
         // at 2 s the first replacements end and are replaced, one every third of a millisecond.)
         EXPECT_GT(s.producer_blocked_s, 0.6 * s.elapsed_s);
         EXPECT_TRUE(s.producer.state == ProducerState::blocked ||
                     s.producer.state == ProducerState::producing)
             << int(s.producer.state);
         EXPECT_GE(series_peak(s, &SeriesPoint::spawned_live), test_spawn_cap * 0.9);
         EXPECT_GE(series_peak(s, &SeriesPoint::threads), double(test_spawn_cap));
         EXPECT_GT(series_peak(s, &SeriesPoint::rss_mb), 0.0);
         EXPECT_TRUE(s.workers.empty());  // no pool
       }},
      {"02-seed-program.json",
       [](const Snapshot& s) {
         EXPECT_EQ(s.phase, RunPhase::finished);
         EXPECT_EQ(s.counters.completed, 5u);
         EXPECT_EQ(s.completion_order.size(), 5u);
         EXPECT_EQ(s.submission_order.size(), 5u);
       }},
      {"03-buffered-vs-unbuffered.json",
       [](const Snapshot& s) { EXPECT_GT(s.producer_blocked_s, 0.05); }},
      {"04-backpressure.json",
       [](const Snapshot& s) {
         EXPECT_EQ(s.max_queue_depth, s.queue_capacity);
         EXPECT_GT(s.producer_blocked_s, 0.1);
       }},
      {"05-forget-close.json",
       [](const Snapshot& s) {
         EXPECT_TRUE(has_finding(s, "leak"));
         EXPECT_EQ(s.counters.completed, 6u);
       }},
      {"06-wait-before-drain.json",
       [](const Snapshot& s) { EXPECT_TRUE(has_finding(s, "deadlock")); }},
      {"07-close-results-early.json",
       [](const Snapshot& s) {
         EXPECT_TRUE(has_finding(s, "send_on_closed"));
         EXPECT_GT(s.counters.sent_on_closed, 0u);
         // Each failed send is marked on the row of the worker that tried.
         ASSERT_TRUE(s.timeline);
         std::uint64_t lost = 0;
         for (const Mark& mk : s.timeline->marks) {
           if (mk.kind != EventKind::result_send_failed) continue;
           EXPECT_GE(slot_of_lane(mk.lane), 0);
           lost += mk.value;
         }
         EXPECT_EQ(lost, s.counters.sent_on_closed);
       }},
      {"08-sizing-cpu-vs-io.json",
       [](const Snapshot& s) {
         const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
         EXPECT_GT(s.counters.completed, 0u);
         // Eight spinning workers on fewer cores: each job takes longer than its CPU time.
         if (cores < 8u) {
           EXPECT_GT(s.service_ms.p50, s.spec.job_ms * 1.2);
         }
       }},
      {"09-slow-consumer.json",
       [](const Snapshot& s) {
         EXPECT_GE(count_state(s, WorkerState::blocked_result), 1);
         EXPECT_GE(s.results_depth + 1, s.results_capacity);
       }},
      {"10-slow-dependency.json",
       [](const Snapshot& s) {
         EXPECT_GE(count_state(s, WorkerState::waiting_downstream), 4);
         EXPECT_EQ(s.downstream_in_use, 4);
       }},
      {"11-errors-and-panics.json",
       [](const Snapshot& s) {
         EXPECT_GT(s.counters.failed, 0u);
         EXPECT_GT(s.counters.completed, s.counters.failed);
       }},
      {"12-timeouts-and-cancellation.json",
       [](const Snapshot& s) { EXPECT_GT(s.counters.timed_out, 0u); }},
      {"13a-dynamic-pool.json",
       [](const Snapshot& s) {
         // The first burst made the pool grow, and the graph recorded it.
         EXPECT_GE(series_peak(s, &SeriesPoint::workers), 4.0);
         EXPECT_GE(s.series.front().workers, 1.0);
       }},
      {"13b-priority-queue.json",
       [](const Snapshot& s) {
         const ClassWaits& w = s.class_waits;
         ASSERT_GT(w.high_ms.count, 0u);
         ASSERT_GT(w.normal_ms.count, 0u);
         EXPECT_LT(w.high_ms.mean, w.normal_ms.mean);
         // The timeline knows each job's class (the view colors the high ones).
         ASSERT_TRUE(s.timeline);
         std::size_t high = 0;
         for (const LaneTimeline& l : s.timeline->lanes)
           for (const auto& b : l.blocks)
             for (const Segment& seg : b->segments)
               high += seg.state == SegmentState::running && (seg.job_class & 1u) ? 1 : 0;
         EXPECT_GT(high, 0u);
       }},
      {"14-adaptive-limits.json",
       [](const Snapshot& s) {
         // Before the downstream slowed (at 6 s) the limit idled above the calls in flight; after
         // it, the calls fill the limit, which sits at about the 8 connections, while the calls'
         // latency shows the slower downstream. The lesson probes rarely, so the no-load latency
         // is still the fast downstream's.
         const double before = series_peak_between(s, &SeriesPoint::limit, 3.0, 5.9);
         const double used_before = series_peak_between(s, &SeriesPoint::peak_in_flight, 3.0, 5.9);
         EXPECT_LT(used_before, before);
         EXPECT_GE(before, 12.0);
         int n = 0, filled = 0, near_capacity = 0;
         for (const SeriesPoint& p : s.series) {
           if (p.t_s < 6.6 || p.t_s > 8.0) continue;
           filled += p.peak_in_flight >= std::min(p.limit, double(s.spec.workers)) ? 1 : 0;
           near_capacity += p.limit >= 5 && p.limit <= 11 ? 1 : 0;
           ++n;
         }
         ASSERT_GT(n, 5);
         EXPECT_GE(filled, n / 2);
         EXPECT_EQ(near_capacity, n);
         EXPECT_EQ(s.limit.policy, LimitPolicy::vegas);
         EXPECT_LT(s.limit.baseline_ms, 30.0);
         EXPECT_DOUBLE_EQ(s.downstream_latency_ms, 60.0);
         EXPECT_GE(series_peak_between(s, &SeriesPoint::call_rtt_ms, 6.5, 8.0), 55.0);
       }},
      {"14b-gradient2-creep.json",
       [](const Snapshot& s) {
         // Under a modest overload Gradient2's limit climbed from 4 to many times the 4
         // connections, the calls' latency with it, and the long-window average it compares
         // with followed the latency up: that is why the limit never came down.
         EXPECT_EQ(s.limit.policy, LimitPolicy::gradient2);
         EXPECT_EQ(s.limit.min_limit, 4);
         EXPECT_GE(s.limit.limit, 16);
         EXPECT_GT(series_peak_between(s, &SeriesPoint::call_rtt_ms, 8.0, 10.0), 3 * 20.0);
         EXPECT_GT(s.limit.baseline_ms, 2 * 20.0);
       }},
      {"13c-separate-pools.json",
       [](const Snapshot& s) {
         // One lane per real thread: 2 CPU workers (slots 0, 1) and 8 I/O workers (1024..).
         std::set<int> expected{0, 1};
         for (int i = 0; i < 8; ++i) expected.insert(io_worker_slot_base + i);
         EXPECT_EQ(worker_lane_slots(s), expected);
         std::set<int> live;
         for (const WorkerView& w : s.workers) live.insert(w.slot);
         EXPECT_EQ(live, expected);
         EXPECT_GT(s.class_waits.io_ms.count, 0u);
       }},
  };
  return m;
}

class LessonAtShowAt : public ::testing::TestWithParam<std::string> {};

TEST_P(LessonAtShowAt, TheSnapshotShowsTheLessonsPoint) {
  const ScenarioSpec spec = preset(GetParam());
  ASSERT_TRUE(spec.show_at.has_value()) << "every lesson says when its picture shows its point";
  const auto check = checks().find(GetParam());
  ASSERT_NE(check, checks().end());
  EngineOptions o;
  o.spawn_cap = test_spawn_cap;
  Engine engine(spec, o);
  engine.start();
  std::this_thread::sleep_for(std::chrono::duration<double>(*spec.show_at));
  const auto snap = engine.snapshot_now();
  engine.shutdown(ShutdownMode::abort);
  ASSERT_TRUE(engine.wait_finished(std::chrono::seconds(10)));
  SCOPED_TRACE("at " + std::to_string(*spec.show_at) + " s");
  check->second(*snap);
}

INSTANTIATE_TEST_SUITE_P(Presets, LessonAtShowAt,
                         ::testing::Values("01-pool-vs-spawn.json", "02-seed-program.json",
                                           "03-buffered-vs-unbuffered.json", "04-backpressure.json",
                                           "05-forget-close.json", "06-wait-before-drain.json",
                                           "07-close-results-early.json",
                                           "08-sizing-cpu-vs-io.json", "09-slow-consumer.json",
                                           "10-slow-dependency.json", "11-errors-and-panics.json",
                                           "12-timeouts-and-cancellation.json",
                                           "13a-dynamic-pool.json", "13b-priority-queue.json",
                                           "13c-separate-pools.json", "14-adaptive-limits.json",
                                           "14b-gradient2-creep.json"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param.substr(0, param.param.find('.'));
                           std::replace(name.begin(), name.end(), '-', '_');
                           return "L" + name;
                         });

// Every numbered preset has a show_at, and the two unnumbered copies too.
TEST(LessonAtShowAt, EveryPresetHasOne) {
  for (const auto& e : std::filesystem::directory_iterator(testing::kScenarios)) {
    if (e.path().extension() != ".json") continue;
    SCOPED_TRACE(e.path().filename().string());
    EXPECT_TRUE(preset(e.path().filename().string()).show_at.has_value());
  }
}

}  // namespace
}  // namespace poolscope
