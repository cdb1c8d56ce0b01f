// Timeline data: per lane, time-ordered state segments built from events by the collector.
// Segments live in immutable blocks shared between the collector and every snapshot, so a
// snapshot copies pointers, not segments.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "poolscope/events.h"

namespace poolscope {

enum class SegmentState : std::uint8_t {
  running,             // a job runs (job id set); outcome says how it ended
  idle,                // a worker waits for a job; the consumer waits for a result
  blocked_result,      // a worker waits to send its result (results queue full)
  waiting_downstream,  // a worker waits for a downstream connection
  blocked_submit,      // the producer waits to submit (job queue full)
  producer_waiting,    // the producer waits for the next arrival (open loop)
  consuming,           // the consumer handles a result (its per-result delay)
};
inline constexpr int segment_state_count = 7;
// Names (state_names.cpp): to_string for people, to_id for machine-readable output, brief for
// a narrow box. Every name is a string literal, so .data() is a NUL-terminated C string.
std::string_view to_string(SegmentState s);
std::string_view to_id(SegmentState s);
std::string_view brief(SegmentState s);

enum class JobOutcome : std::uint8_t { ok, failed, timed_out, cancelled, none };
std::string_view to_string(JobOutcome o);
std::string_view to_id(JobOutcome o);

struct Segment {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::uint64_t job = 0;  // running / consuming: the job id
  SegmentState state = SegmentState::idle;
  JobOutcome outcome = JobOutcome::none;
  std::uint8_t job_class = 0;  // running: the job's class bits (Job::high, Job::io)
};

// Up to block_capacity segments, sorted by start time. Immutable once published.
struct SegmentBlock {
  static constexpr std::size_t block_capacity = 4096;
  std::vector<Segment> segments;
  std::int64_t first_start_ns() const { return segments.empty() ? 0 : segments.front().start_ns; }
  std::int64_t last_end_ns() const { return segments.empty() ? 0 : segments.back().end_ns; }
};

struct LaneTimeline {
  Lane lane = 0;
  std::string name;  // "producer", "consumer", "worker 3"
  std::vector<std::shared_ptr<const SegmentBlock>> blocks;
  // A worker lane's thread lifetimes, [start, end): a slot's thread may exit (pool shrunk, jobs
  // drained) and a new one start in it later. end is INT64_MAX while the thread lives.
  std::vector<std::pair<std::int64_t, std::int64_t>> lives;
  std::size_t segment_count() const;
};

// Instant marks: rejections, drops and cancellations (shown on the producer's row), and failed
// result sends (shown on the row of the worker that tried, `lane`).
struct Mark {
  std::int64_t t_ns = 0;
  std::uint64_t job = 0;
  EventKind kind = EventKind::job_rejected;
  Lane lane = producer_lane;
  std::uint32_t value = 0;  // result_send_failed: how many results were lost
};

// The job queue's depth as a step function: from t_ns on, `depth` jobs wait in the queue (jobs
// handed to a waiting worker never count). Built from the depth readings that submits, starts and
// cancellations carry (and the collector's own samples), so a step falls exactly where the
// timeline shows the job that caused it.
struct DepthStep {
  std::int64_t t_ns = 0;
  std::uint32_t depth = 0;
};

// Up to block_capacity steps, time-ordered. Immutable once published.
struct DepthBlock {
  static constexpr std::size_t block_capacity = 4096;
  std::vector<DepthStep> steps;
};

// A job's instant on a thread with no segment of its own: its submission (producer) or the
// consumer taking its result. What the rewind needs to place each job in time.
struct JobInstant {
  std::int64_t t_ns = 0;
  std::uint64_t job = 0;
};

// Up to block_capacity instants, time-ordered. Immutable once published.
struct InstantBlock {
  static constexpr std::size_t block_capacity = 4096;
  std::vector<JobInstant> items;
};

// Spawn mode: a job's run on a thread of its own (no lane: thousands of short-lived threads),
// [start, end); end is INT64_MAX and outcome none while it still runs.
struct SpawnedRun {
  std::uint64_t job = 0;
  std::int64_t start_ns = 0;
  std::int64_t end_ns = INT64_MAX;
  JobOutcome outcome = JobOutcome::none;
};

// Up to block_capacity runs, in the order they ended. Immutable once published.
struct SpawnedBlock {
  static constexpr std::size_t block_capacity = 4096;
  std::vector<SpawnedRun> runs;
};

// The channels' capacities from t_ns on (a live resize of a buffer adds a step).
struct CapacityStep {
  std::int64_t t_ns = 0;
  std::uint32_t jobs = 0;
  std::uint32_t results = 0;
};

struct TimelineData {
  std::vector<LaneTimeline> lanes;                       // producer, consumer, then workers by slot
  std::vector<Mark> marks;                               // most recent marks, time-ordered
  std::vector<std::shared_ptr<const DepthBlock>> depth;  // queue depth steps, oldest first
  // Pauses, [start, end) in steady-clock ns (end = now for a pause still going on): the time that
  // every statistic leaves out, drawn as bands.
  std::vector<std::pair<std::int64_t, std::int64_t>> pauses;
  std::int64_t start_ns = 0;  // run start: the zero of the time axis
  // For rebuilding any instant (rewind): every submission and every result taken by the
  // consumer, the capacities over time, and when the producer and the consumer finished
  // (0: not yet).
  std::vector<std::shared_ptr<const InstantBlock>> submits;
  std::vector<std::shared_ptr<const InstantBlock>> consumed;
  std::vector<CapacityStep> capacity;
  // Spawn mode: the job threads' runs, ended ones (oldest first) and those still running.
  std::vector<std::shared_ptr<const SpawnedBlock>> spawned;
  std::vector<SpawnedRun> spawned_running;
  std::int64_t producer_done_ns = 0;
  std::int64_t consumer_done_ns = 0;
  // The rolling window dropped records older than this (0: the window holds the whole run).
  std::int64_t complete_from_ns = 0;
  std::size_t total_segments() const;
  // The queue depth at t_ns, or -1 before the first recorded step.
  std::int64_t depth_at(std::int64_t t_ns) const;
  // Calls f(step) for every step that is in force somewhere in [t0_ns, t1_ns], in time order:
  // the one in force at t0_ns first (if any), then every step starting inside.
  template <class F>
  void for_each_depth_step(std::int64_t t0_ns, std::int64_t t1_ns, F&& f) const;
};

template <class F>
void TimelineData::for_each_depth_step(std::int64_t t0_ns, std::int64_t t1_ns, F&& f) const {
  // The last block starting at or before t0 holds the step in force at t0.
  auto first = std::upper_bound(depth.begin(), depth.end(), t0_ns,
                                [](std::int64_t t, const std::shared_ptr<const DepthBlock>& b) {
                                  return t < b->steps.front().t_ns;
                                });
  if (first != depth.begin()) --first;
  for (auto b = first; b != depth.end(); ++b) {
    const std::vector<DepthStep>& steps = (*b)->steps;
    auto it = std::upper_bound(steps.begin(), steps.end(), t0_ns,
                               [](std::int64_t t, const DepthStep& st) { return t < st.t_ns; });
    if (it != steps.begin()) --it;
    for (; it != steps.end(); ++it) {
      if (it->t_ns > t1_ns) return;
      f(*it);
    }
  }
}

}  // namespace poolscope
