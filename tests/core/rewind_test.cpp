// Rewind: the picture rebuilt from the recorded events at an instant must be the picture the
// engine showed live at that instant: randomized runs (resizes, rejections, drops, aborts) are
// compared with the live snapshots taken during them, and the seed lesson with its known shape.
#include "poolscope/rewind.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>

#include "clock.h"
#include "lesson_support.h"
#include "test_support.h"

namespace poolscope {
namespace {

using namespace std::chrono_literals;

// A live snapshot with the interval in which its readings were taken.
struct Live {
  std::shared_ptr<const Snapshot> snap;
  std::int64_t after_ns = 0;
};

std::string describe(const RewoundState& r) {
  std::ostringstream o;
  o << "t=" << r.t_ns << " producer=" << to_string(r.producer) << " holding=" << r.holding
    << " queue=" << r.queue_jobs.size() << "/" << r.queue_capacity << " results=" << r.results_depth
    << "/" << r.results_capacity << " sub=" << r.counters.submitted
    << " done=" << r.counters.completed << " q=" << r.counters.queued
    << " ip=" << r.counters.in_progress << " held=" << r.counters.held << " workers:";
  for (const RewoundWorker& w : r.workers)
    o << " [" << w.slot << " " << to_string(w.state) << " " << w.job << "]";
  return o.str();
}

const RewoundWorker* find_worker(const RewoundState& r, int slot) {
  for (const RewoundWorker& w : r.workers)
    if (w.slot == slot) return &w;
  return nullptr;
}

bool worker_matches(const WorkerView& live, const RewoundWorker* rw) {
  const bool gone = rw == nullptr || rw->state == WorkerState::exited;
  switch (live.state) {
    case WorkerState::starting:  // a thread not started yet: no life recorded
    case WorkerState::exited:    // a slot whose new thread has not run yet keeps "exited"
      return gone || rw->state == WorkerState::idle;
    case WorkerState::retiring:  // asked to leave: finishing what it does, then gone
      return true;
    case WorkerState::idle:
      return !gone && rw->state == WorkerState::idle;
    case WorkerState::running:
    case WorkerState::blocked_result:
    case WorkerState::waiting_downstream:
      return !gone && rw->state == live.state && rw->job == live.job;
  }
  return false;
}

// Checks one live snapshot against the states rebuilt over the interval its readings may come
// from, widened by 1 ms on each side; returns what disagrees.
std::string compare(const Rewind& rw, const Live& live) {
  const Snapshot& s = *live.snap;
  std::vector<RewoundState> around;
  for (std::int64_t t = s.taken_ns - 1'000'000; t <= live.after_ns + 1'000'000; t += 100'000)
    around.push_back(rw.at(t));
  std::ostringstream bad;
  auto in_range = [&](const char* what, std::uint64_t value, auto get) {
    std::uint64_t lo = UINT64_MAX, hi = 0;
    for (const RewoundState& r : around) {
      lo = std::min<std::uint64_t>(lo, get(r));
      hi = std::max<std::uint64_t>(hi, get(r));
    }
    if (value < lo || value > hi)
      bad << what << " live " << value << " rebuilt [" << lo << ", " << hi << "]; ";
  };
  const Counters& c = s.counters;
  in_range("submitted", c.submitted, [](const RewoundState& r) { return r.counters.submitted; });
  in_range("completed", c.completed, [](const RewoundState& r) { return r.counters.completed; });
  in_range("failed", c.failed, [](const RewoundState& r) { return r.counters.failed; });
  in_range("rejected", c.rejected, [](const RewoundState& r) { return r.counters.rejected; });
  in_range("dropped", c.dropped, [](const RewoundState& r) { return r.counters.dropped; });
  in_range("cancelled", c.cancelled, [](const RewoundState& r) { return r.counters.cancelled; });
  // The snapshot reads the ended counts first, then what workers took, then submitted, at
  // moments in [taken_ns, after_ns]: its in-progress and queued counts are differences of
  // readings from different moments, so they are checked against the bounds those readings
  // allow (lo and hi: the rebuilt states at both ends of the interval).
  const RewoundState& lo = around.front();
  const RewoundState& hi = around.back();
  auto bounded = [&](const char* what, std::int64_t value, std::int64_t min, std::int64_t max) {
    if (value < min || value > max)
      bad << what << " live " << value << " allowed [" << min << ", " << max << "]; ";
  };
  auto i64 = [](std::uint64_t v) { return static_cast<std::int64_t>(v); };
  bounded("in_progress", i64(c.in_progress), i64(lo.started) - i64(hi.finished),
          i64(hi.started) - i64(lo.finished));
  // Ended without ever being taken: rejected, dropped, cancelled in the queue or in hand.
  auto untaken_ended = [&](const RewoundState& r) {
    return i64(r.counters.ended()) - i64(r.finished);
  };
  bounded("queued + held", i64(c.queued + c.held),
          i64(lo.counters.submitted) - i64(hi.started) - untaken_ended(hi),
          i64(hi.counters.submitted) - i64(lo.started) - untaken_ended(lo));
  in_range("held", c.held, [](const RewoundState& r) { return r.counters.held; });
  in_range("consumed", c.consumed, [](const RewoundState& r) { return r.counters.consumed; });
  in_range("queue depth", s.queue_depth, [](const RewoundState& r) { return r.queue_jobs.size(); });
  in_range("queue capacity", s.queue_capacity,
           [](const RewoundState& r) { return r.queue_capacity; });
  in_range("results depth", s.results_depth, [](const RewoundState& r) { return r.results_depth; });
  in_range("results capacity", s.results_capacity,
           [](const RewoundState& r) { return r.results_capacity; });

  for (const WorkerView& w : s.workers) {
    const bool seen = std::any_of(around.begin(), around.end(), [&](const RewoundState& r) {
      return worker_matches(w, find_worker(r, w.slot));
    });
    if (!seen) bad << "worker " << w.slot << " live " << to_string(w.state) << " " << w.job << "; ";
  }
  // A thread alive over the whole interval is one the live snapshot lists.
  for (const RewoundWorker& w : around.front().workers) {
    const bool alive_throughout = std::all_of(around.begin(), around.end(), [&](const auto& r) {
      const RewoundWorker* x = find_worker(r, w.slot);
      return x && x->state != WorkerState::exited;
    });
    const bool listed = std::any_of(s.workers.begin(), s.workers.end(),
                                    [&](const WorkerView& v) { return v.slot == w.slot; });
    if (alive_throughout && !listed) bad << "worker " << w.slot << " alive but not live; ";
  }
  const ProducerState ps =
      s.producer.state == ProducerState::idle ? ProducerState::producing : s.producer.state;
  if (!std::any_of(around.begin(), around.end(), [&](const RewoundState& r) {
        return r.producer == ps && r.holding == s.producer.holding;
      }))
    bad << "producer live " << to_string(s.producer.state) << " " << s.producer.holding << "; ";
  const ConsumerState cs =
      s.consumer.state == ConsumerState::idle ? ConsumerState::waiting : s.consumer.state;
  if (!std::any_of(around.begin(), around.end(),
                   [&](const RewoundState& r) { return r.consumer == cs; }))
    bad << "consumer live " << to_string(s.consumer.state) << "; ";
  if (!bad.str().empty()) bad << "\n  rebuilt at taken: " << describe(rw.at(s.taken_ns));
  return bad.str();
}

struct Variant {
  FullPolicy policy = FullPolicy::block;
  bool abort = false;
};

// One randomized run: live snapshots every ~2 ms, a live resize of workers and buffers along
// the way, optionally an abort; then every snapshot is compared with the rebuilt state.
void randomized_run(std::uint32_t seed, Variant v) {
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  ScenarioSpec spec;
  spec.title = "rewind";
  spec.workers = pick(1, 4);
  spec.buffer = pick(0, 5);
  spec.results_buffer = pick(0, 3);
  spec.job_ms = pick(2, 8);
  spec.dist = seed % 2 ? DurationDist::exp : DurationDist::uniform;
  spec.fail = 0.1;
  spec.consumer_ms = pick(0, 1) ? 0.5 : 0.0;
  spec.policy = v.policy;
  spec.seed = seed;
  if (v.policy == FullPolicy::block) {
    spec.jobs = 140;
  } else {
    spec.duration_s = 0.45;
    spec.rate = 1.5 * 1000.0 / spec.job_ms * spec.workers;  // overloaded: the queue fills
  }
  EngineOptions options;
  options.order_kept = 100'000;
  test::Watchdog dog("rewind randomized run", 10s);
  Engine engine(spec, options);
  engine.start();
  std::vector<Live> lives;
  const auto t0 = std::chrono::steady_clock::now();
  bool resized1 = false, resized2 = false, aborted = false;
  while (!engine.finished()) {
    dog.kick();
    Live l;
    l.snap = engine.snapshot_now();
    l.after_ns = now_ns();
    lives.push_back(std::move(l));
    const double t = test::seconds_since(t0);
    if (!resized1 && t > 0.08) {
      resized1 = true;
      ScenarioSpec next = spec;
      next.workers = pick(1, 5);
      next.buffer = pick(0, 6);
      next.results_buffer = pick(0, 4);
      engine.apply(next);
      spec = next;
    }
    if (!resized2 && t > 0.17) {
      resized2 = true;
      test::set_workers(engine, pick(1, 5));
      test::set_buffer(engine, pick(0, 6));
    }
    if (v.abort && !aborted && t > 0.25) {
      aborted = true;
      engine.shutdown(ShutdownMode::abort);
    }
    ASSERT_LT(t, 8.0) << "the run did not end";
    std::this_thread::sleep_for(2ms);
  }
  ASSERT_TRUE(engine.wait_finished(5s));
  const auto final_snap = engine.snapshot_now();
  const Rewind rw(*final_snap);
  // Enough live pictures to compare with (fewer under a sanitizer, which slows each snapshot
  // tenfold: on a busy machine a 0.45 s run then leaves time for only a handful).
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
  ASSERT_GE(lives.size(), 4u);
#else
  ASSERT_GE(lives.size(), 10u);
#endif

  // At the end, the rebuilt counters are the engine's own, exactly.
  const RewoundState end = rw.at(rw.end_ns());
  const Counters& fc = final_snap->counters;
  EXPECT_EQ(end.counters.submitted, fc.submitted);
  EXPECT_EQ(end.counters.completed, fc.completed);
  EXPECT_EQ(end.counters.failed, fc.failed);
  EXPECT_EQ(end.counters.rejected, fc.rejected);
  EXPECT_EQ(end.counters.dropped, fc.dropped);
  EXPECT_EQ(end.counters.cancelled, fc.cancelled);
  EXPECT_EQ(end.counters.consumed, fc.consumed);
  EXPECT_EQ(end.counters.queued + end.counters.in_progress + end.counters.held, 0u);
  if (v.policy == FullPolicy::reject) {
    EXPECT_GT(fc.rejected, 0u);
  }
  if (v.policy == FullPolicy::drop_oldest) {
    EXPECT_GT(fc.dropped, 0u);
  }

  // A thread preempted between acting and stamping the event (a worker between taking a job and
  // reading the clock for its start) makes the record lag the live counters by the preemption,
  // which on a loaded machine can exceed the tolerance. Quiet, 1-3% of snapshots disagree; with
  // the suite running two tests at once on two cores, up to 5%: one in ten may. A mistake in the
  // rebuild disagrees with most.
  int mismatches = 0;
  std::string first_bad;
  for (const Live& l : lives) {
    if (l.snap->phase == RunPhase::finished) continue;
    const std::string bad = compare(rw, l);
    if (bad.empty()) continue;
    if (++mismatches <= 3)
      first_bad +=
          "\n at " + std::to_string(double(l.snap->taken_ns - rw.start_ns()) / 1e6) + " ms: " + bad;
  }
  const auto allowed = std::max<std::size_t>(3, lives.size() / 10);
  EXPECT_LE(std::size_t(mismatches), allowed) << "of " << lives.size() << " snapshots" << first_bad;
  if (mismatches > 0)
    std::printf("[ note     ] seed %u: %d of %zu snapshots disagree%s\n", seed, mismatches,
                lives.size(), first_bad.c_str());
  // Every rebuilt instant adds up.
  for (std::int64_t t = rw.start_ns(); t <= rw.end_ns(); t += 1'000'000)
    ASSERT_TRUE(rw.at(t).counters.adds_up()) << describe(rw.at(t));
}

TEST(Rewind, MatchesLiveSnapshotsWithBlockingAndResizes) {
  for (std::uint32_t seed : {1u, 2u, 3u}) randomized_run(seed, {FullPolicy::block, false});
}

TEST(Rewind, MatchesLiveSnapshotsWithRejections) {
  for (std::uint32_t seed : {4u, 5u}) randomized_run(seed, {FullPolicy::reject, false});
}

TEST(Rewind, MatchesLiveSnapshotsWithDropOldest) {
  for (std::uint32_t seed : {6u, 7u}) randomized_run(seed, {FullPolicy::drop_oldest, false});
}

TEST(Rewind, MatchesLiveSnapshotsThroughAnAbort) {
  randomized_run(8, {FullPolicy::block, true});
  randomized_run(9, {FullPolicy::drop_oldest, true});
}

// Spawn mode has no queue and no workers: each job runs on a thread of its own. Rebuilt, nothing
// waits longer than its thread's creation, the jobs running are those the engine counted under
// way at that moment, and the end is the engine's own count.
TEST(Rewind, SpawnModeJobsRunOnTheirOwnThreadsNotInAQueue) {
  ScenarioSpec spec;
  spec.title = "rewind spawn";
  spec.mode = PoolMode::spawn;
  spec.jobs = 150;
  spec.job_ms = 40;
  spec.rate = 500;
  spec.fail = 0.2;
  test::Watchdog dog("rewind spawn mode", 10s);
  Engine engine(spec);
  engine.start();
  std::vector<Live> lives;
  while (!engine.finished()) {
    dog.kick();
    Live l;
    l.snap = engine.snapshot_now();
    l.after_ns = now_ns();
    lives.push_back(std::move(l));
    std::this_thread::sleep_for(3ms);
  }
  const auto final_snap = engine.snapshot_now();
  const Rewind rw(*final_snap);
  std::uint64_t most = 0;
  for (std::int64_t t = rw.start_ns(); t <= rw.end_ns(); t += 1'000'000) {
    const RewoundState r = rw.at(t);
    // A job waits only while its thread is being created, never for a worker: no longer than
    // the longest creation the engine measured (its queue wait in spawn mode).
    // So every job waiting at t was submitted within that long before t.
    const auto longest_ns = std::int64_t((final_snap->queue_wait_ms.max + 0.01) * 1e6);
    const std::uint64_t recent = r.counters.submitted - rw.at(t - longest_ns).counters.submitted;
    ASSERT_LE(r.queue_jobs.size(), recent) << describe(r);
    ASSERT_TRUE(r.counters.adds_up()) << describe(r);
    most = std::max(most, r.counters.in_progress);
    EXPECT_EQ(rewound_snapshot(*final_snap, r).process.spawned_live, int(r.counters.in_progress));
  }
  EXPECT_GE(most, 10u) << "about 20 jobs overlap (500/s x 40 ms)";
  const RewoundState end = rw.at(rw.end_ns());
  EXPECT_EQ(end.counters.completed, final_snap->counters.completed);
  EXPECT_EQ(end.counters.failed, final_snap->counters.failed);
  EXPECT_EQ(end.counters.in_progress, 0u);
  EXPECT_GT(end.counters.failed, 0u);
  int mismatches = 0, compared = 0;
  for (const Live& l : lives) {
    if (l.snap->phase != RunPhase::running) continue;
    ++compared;
    std::int64_t lo = INT64_MAX, hi = 0;
    for (std::int64_t t = l.snap->taken_ns - 1'000'000; t <= l.after_ns + 1'000'000; t += 100'000) {
      lo = std::min<std::int64_t>(lo, std::int64_t(rw.at(t).counters.in_progress));
      hi = std::max<std::int64_t>(hi, std::int64_t(rw.at(t).counters.in_progress));
    }
    // The engine's own count of jobs under way (its threads also live a little before and
    // after their job: creation, the result's send, the exit).
    const auto live = std::int64_t(l.snap->counters.in_progress);
    if (live < lo || live > hi) ++mismatches;
  }
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
  ASSERT_GE(compared, 3);  // a sanitizer slows each snapshot tenfold
#else
  ASSERT_GE(compared, 10);
#endif
  EXPECT_LE(mismatches * 20, compared) << mismatches << " of " << compared << " disagree";
}

// The seed lesson (3 workers, 5 one-second jobs): at 0.5 s three jobs run and two wait; at 1.5 s
// two workers run the jobs that started at 1.0 s, one has exited, the queue is empty, and 3
// jobs have completed.
TEST(Rewind, SeedLessonAtHalfAndOneAndAHalfSeconds) {
  test::Watchdog dog("seed lesson rewind", 10s);
  Engine engine(testing::preset("02-seed-program.json"));
  const auto snap = test::run_to_end(engine);
  const Rewind rw(*snap);

  const RewoundState early = rw.at_s(0.5);
  EXPECT_EQ(early.queue_jobs, (std::vector<std::uint64_t>{4, 5}));
  EXPECT_EQ(early.queue_capacity, 5u);
  EXPECT_EQ(early.counters.in_progress, 3u);
  EXPECT_EQ(early.counters.queued, 2u);
  EXPECT_EQ(early.producer, ProducerState::done);

  const RewoundState r = rw.at_s(1.5);
  ASSERT_EQ(r.workers.size(), 3u) << describe(r);
  int running = 0, exited = 0;
  std::vector<std::uint64_t> jobs;
  for (const RewoundWorker& w : r.workers) {
    if (w.state == WorkerState::running) {
      ++running;
      jobs.push_back(w.job);
    }
    if (w.state == WorkerState::exited) ++exited;
  }
  EXPECT_EQ(running, 2) << describe(r);
  EXPECT_EQ(exited, 1) << describe(r);
  std::sort(jobs.begin(), jobs.end());
  EXPECT_EQ(jobs, (std::vector<std::uint64_t>{4, 5}));
  // Those jobs started at 1.0 s (when the first three ended).
  for (const RewoundWorker& w : r.workers) {
    if (w.state != WorkerState::running) continue;
    const RewoundState before = rw.at_s(0.99);
    const RewoundWorker* then = find_worker(before, w.slot);
    ASSERT_NE(then, nullptr);
    EXPECT_NE(then->job, w.job) << "job " << w.job << " already ran at 0.99 s";
    const RewoundState after = rw.at_s(1.02);
    const RewoundWorker* now = find_worker(after, w.slot);
    ASSERT_NE(now, nullptr);
    EXPECT_EQ(now->job, w.job) << "job " << w.job << " had not started by 1.02 s";
  }
  EXPECT_TRUE(r.queue_jobs.empty());
  EXPECT_EQ(r.counters.completed, 3u);
  EXPECT_EQ(r.counters.in_progress, 2u);
  EXPECT_EQ(r.counters.submitted, 5u);
  EXPECT_TRUE(r.counters.adds_up());
  EXPECT_EQ(r.consumer, ConsumerState::waiting);
  EXPECT_TRUE(r.findings.empty());
}

// What the views show at a rewound instant: the seed lesson at 1.5 s, as a snapshot. The
// instant's parts are rebuilt; the whole-run figures stay the record's.
TEST(Rewind, TheRewoundSnapshotIsThePictureOfThatInstant) {
  test::Watchdog dog("rewound snapshot", 10s);
  Engine engine(testing::preset("02-seed-program.json"));
  const auto snap = test::run_to_end(engine);
  const Rewind rw(*snap);
  const Snapshot s = rewound_snapshot(*snap, rw.at_s(1.5));
  EXPECT_TRUE(s.rewound);
  EXPECT_FALSE(snap->rewound);
  EXPECT_EQ(s.taken_ns, snap->start_ns + 1'500'000'000);
  EXPECT_EQ(s.phase, RunPhase::running);
  EXPECT_EQ(s.counters.completed, 3u);
  EXPECT_EQ(s.counters.in_progress, 2u);
  EXPECT_TRUE(s.counters.adds_up());
  EXPECT_EQ(s.queue_depth, 0u);
  EXPECT_TRUE(s.queue_jobs.empty());
  EXPECT_EQ(s.producer.state, ProducerState::done);
  ASSERT_EQ(s.workers.size(), 2u) << "the exited worker is not drawn";
  for (const WorkerView& w : s.workers) {
    EXPECT_EQ(w.state, WorkerState::running);
    EXPECT_NEAR(double(w.since_ns - s.start_ns) * 1e-9, 1.0, 0.05) << "job " << w.job;
  }
  EXPECT_EQ(s.completion_order.size(), 3u);
  EXPECT_EQ(s.submission_order.size(), 5u);
  // Whole-run figures are the record's.
  EXPECT_EQ(s.elapsed_s, snap->elapsed_s);
  EXPECT_EQ(s.latency_ms.count, snap->latency_ms.count);
  EXPECT_EQ(s.timeline, snap->timeline);

  // At 0.5 s: jobs 4 and 5 wait in the queue, by id, oldest first.
  const Snapshot early = rewound_snapshot(*snap, rw.at_s(0.5));
  EXPECT_EQ(early.queue_jobs, (std::vector<std::uint64_t>{4, 5}));
  EXPECT_EQ(early.queue_depth, 2u);
  EXPECT_EQ(early.workers.size(), 3u);
}

// Stepping visits every instant at which a job moved, in order, and nothing past the ends.
TEST(Rewind, SteppingVisitsEveryChangeInOrder) {
  test::Watchdog dog("rewind stepping", 10s);
  Engine engine(testing::preset("02-seed-program.json"));
  const auto snap = test::run_to_end(engine);
  const Rewind rw(*snap);
  std::vector<std::int64_t> forward;
  for (std::int64_t t = rw.start_ns(); t < rw.end_ns();) {
    const std::int64_t next = rw.next_change(t);
    ASSERT_GT(next, t);
    forward.push_back(next);
    t = next;
  }
  ASSERT_FALSE(forward.empty());
  EXPECT_EQ(forward.back(), rw.end_ns());
  EXPECT_EQ(rw.next_change(rw.end_ns()), rw.end_ns());
  // Every job's start (the instant its worker took it) is among the steps, and the picture
  // there differs from the one a nanosecond before.
  for (const LaneTimeline& lane : snap->timeline->lanes) {
    if (lane.lane < first_worker_lane) continue;
    for (const auto& b : lane.blocks)
      for (const Segment& seg : b->segments) {
        if (seg.state != SegmentState::running) continue;
        EXPECT_TRUE(std::binary_search(forward.begin(), forward.end(), seg.start_ns))
            << "job " << seg.job << "'s start";
        EXPECT_EQ(rw.at(seg.start_ns).counters.in_progress,
                  rw.at(seg.start_ns - 1).counters.in_progress + 1 -
                      (rw.at(seg.start_ns).counters.completed -
                       rw.at(seg.start_ns - 1).counters.completed))
            << "job " << seg.job;
      }
  }
  // Backwards: the same instants in reverse, down to the start.
  std::vector<std::int64_t> backward;
  for (std::int64_t t = rw.end_ns(); t > rw.start_ns();) {
    const std::int64_t prev = rw.previous_change(t);
    ASSERT_LT(prev, t);
    backward.push_back(prev);
    t = prev;
  }
  EXPECT_EQ(backward.back(), rw.start_ns());
  EXPECT_EQ(rw.previous_change(rw.start_ns()), rw.start_ns());
}

// On one row: a worker's job boundaries are exactly the starts and ends of its jobs, and at each
// one its picture changes (another job, or none); its changes include them and stay on its row.
TEST(Rewind, SteppingOnOneRowVisitsItsJobBoundaries) {
  test::Watchdog dog("rewind row stepping", 10s);
  Engine engine(testing::preset("02-seed-program.json"));
  const auto snap = test::run_to_end(engine);
  const Rewind rw(*snap);
  // The row of a worker that ran two jobs.
  Lane lane = 0;
  for (const LaneTimeline& row : snap->timeline->lanes) {
    int ran = 0;
    for (const auto& b : row.blocks)
      for (const Segment& seg : b->segments) ran += seg.state == SegmentState::running;
    if (row.lane >= first_worker_lane && ran >= 2) lane = row.lane;
  }
  ASSERT_NE(lane, 0u);
  std::vector<std::int64_t> expected;
  std::vector<std::int64_t> all_changes;
  for (const LaneTimeline& row : snap->timeline->lanes) {
    if (row.lane != lane) continue;
    for (const auto& b : row.blocks)
      for (const Segment& seg : b->segments) {
        all_changes.insert(all_changes.end(), {seg.start_ns, seg.end_ns});
        if (seg.state == SegmentState::running)
          expected.insert(expected.end(), {seg.start_ns, seg.end_ns});
      }
  }
  for (auto* v : {&expected, &all_changes}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  ASSERT_GE(expected.size(), 4u) << "the worker ran at least two jobs";
  const auto jobs = Rewind::RowSteps::job_boundaries;
  std::vector<std::int64_t> visited;
  for (std::int64_t t = rw.start_ns(); t < rw.end_ns();) {
    const std::int64_t next = rw.next_change(t, lane, jobs);
    ASSERT_GT(next, t);
    if (next < rw.end_ns() || std::binary_search(expected.begin(), expected.end(), next))
      visited.push_back(next);
    t = next;
  }
  EXPECT_EQ(visited, expected);
  const int slot = lane - first_worker_lane;
  for (std::int64_t t : expected) {
    const RewoundState at_t = rw.at(t), just_before = rw.at(t - 1);
    const RewoundWorker* now = find_worker(at_t, slot);
    const RewoundWorker* before = find_worker(just_before, slot);
    ASSERT_NE(now, nullptr);
    const bool changed = !before || before->job != now->job || before->state != now->state;
    EXPECT_TRUE(changed) << "nothing changed on the row at " << t - rw.start_ns() << ": "
                         << to_string(now->state) << " job " << now->job;
  }
  // Back from the end: the same boundaries in reverse.
  std::vector<std::int64_t> back;
  for (std::int64_t t = rw.end_ns(); t > rw.start_ns();) {
    const std::int64_t prev = rw.previous_change(t, lane, jobs);
    ASSERT_LT(prev, t);
    if (prev > rw.start_ns() || std::binary_search(expected.begin(), expected.end(), prev))
      back.push_back(prev);
    t = prev;
  }
  std::reverse(back.begin(), back.end());
  EXPECT_EQ(back, expected);
  // Every change on the row is a step, and no step is another row's.
  for (std::int64_t t = rw.start_ns(); t < rw.end_ns();) {
    const std::int64_t next = rw.next_change(t, lane, Rewind::RowSteps::changes);
    if (next < rw.end_ns()) {
      EXPECT_TRUE(std::binary_search(all_changes.begin(), all_changes.end(), next)) << next;
    }
    t = next;
  }
}

// A blocked producer holds its job: held, not queued, and named as the job in its hand.
TEST(Rewind, BlockedProducerHoldsItsJob) {
  test::Watchdog dog("held job rewind", 10s);
  Engine engine(test::sleep_spec(1, 1, 4, 100.0));
  const auto snap = test::run_to_end(engine);
  const Rewind rw(*snap);
  // At 50 ms: job 1 runs, job 2 waits in the queue, job 3 is in the producer's hand.
  const RewoundState r = rw.at_s(0.05);
  EXPECT_EQ(r.producer, ProducerState::blocked) << describe(r);
  EXPECT_EQ(r.holding, 3u);
  EXPECT_EQ(r.counters.held, 1u);
  EXPECT_EQ(r.queue_jobs, (std::vector<std::uint64_t>{2}));
  ASSERT_EQ(r.workers.size(), 1u);
  EXPECT_EQ(r.workers[0].job, 1u);
  EXPECT_STREQ(line_role(r.producer), "producer_send");
  EXPECT_STREQ(line_role(r.workers[0].state), "worker_body");
}

// Capacity changes mid-run are part of the record: before the change, the old capacity.
TEST(Rewind, CapacityFollowsALiveResize) {
  test::Watchdog dog("capacity rewind", 10s);
  Engine engine(test::sleep_spec(2, 3, 12, 20.0));
  engine.start();
  std::this_thread::sleep_for(40ms);
  const std::int64_t before = now_ns();
  test::set_buffer(engine, 7);
  const std::int64_t after = now_ns();
  ASSERT_TRUE(engine.wait_finished(10s));
  const Rewind rw(*engine.snapshot_now());
  EXPECT_EQ(rw.at(before - 1).queue_capacity, 3u);
  EXPECT_EQ(rw.at(after + 1).queue_capacity, 7u);
}

// A deadlock finding appears from the instant it fired, not before.
TEST(Rewind, FindingsAppearWhenTheyFired) {
  test::Watchdog dog("findings rewind", 10s);
  auto run = testing::run_engine(testing::preset("06-wait-before-drain.json"), 6.0);
  ASSERT_FALSE(run.snap->findings.empty());
  const Rewind rw(*run.snap);
  const double at = run.snap->findings.front().at_s;
  EXPECT_TRUE(rw.at_s(at - 0.01).findings.empty());
  EXPECT_FALSE(rw.at_s(at + 0.001).findings.empty());
}

}  // namespace
}  // namespace poolscope
