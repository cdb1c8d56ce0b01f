// Rewind: the whole picture of a run at any past instant, rebuilt from its recorded timeline
// (segments, marks, submissions, results taken, capacities, thread lifetimes): the producer and
// the job in its hand, each worker and its job, the job queue's contents, the results queue, the
// consumer, the counters as they were (still adding up) and the findings that had fired.
//
// A Rewind is built once from a snapshot and then answers any number of instants; it holds the
// snapshot's timeline (shared, immutable), so it is safe to query from several threads. An
// instant costs a pass over the window's jobs. Spawn mode's job threads have no rows: the jobs
// running at an instant are its threads then. The separate I/O pool's jobs are listed with the
// main queue's.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "poolscope/snapshot.h"
#include "poolscope/timeline.h"

namespace poolscope {

struct RewoundWorker {
  int slot = 0;
  WorkerState state =
      WorkerState::idle;  // idle, running, waiting_downstream, blocked_result, exited
  std::uint64_t job = 0;  // running / waiting downstream / blocked on results
  std::int64_t since_ns = 0;  // when its current state began (as far as the window shows)
};

struct RewoundState {
  std::int64_t t_ns = 0;  // the instant rebuilt (clamped to the recording's end)
  bool in_window = true;  // false: before the rolling window's start; the picture is partial
  ProducerState producer = ProducerState::producing;
  std::uint64_t holding = 0;           // blocked: the job in the producer's hand (counted as held)
  std::int64_t producer_since_ns = 0;  // when the producer's state began (its segment's start)
  std::int64_t consumer_since_ns = 0;
  std::vector<RewoundWorker> workers;  // every slot started by then, by slot (exited ones too)
  // The jobs waiting in the job queue, oldest first; one being handed to a waiting worker is
  // not waiting any more (it still counts as queued until the worker takes it).
  std::vector<std::uint64_t> queue_jobs;
  std::size_t queue_capacity = 0;
  std::size_t results_depth = 0, results_capacity = 0;
  ConsumerState consumer = ConsumerState::waiting;
  Counters counters;  // job states at t_ns (consumed too); they add up
  // Cumulative flow: jobs taken out of the queue (by a worker, or the producer running it
  // itself) by t_ns, and those of them that had ended. Arrivals are counters.submitted.
  std::uint64_t started = 0, finished = 0;
  std::vector<Finding> findings;  // the findings that had fired by t_ns
};

class Rewind {
 public:
  // From a snapshot with a timeline (EngineOptions::keep_timeline): usually the final one.
  explicit Rewind(const Snapshot& s);

  RewoundState at(std::int64_t t_ns) const;
  // The same, in seconds since the run started.
  RewoundState at_s(double t_s) const;

  std::int64_t start_ns() const { return start_ns_; }
  std::int64_t end_ns() const { return end_ns_; }
  // The earliest instant the window holds completely (the run's start unless it rolled).
  std::int64_t window_start_ns() const;

  // Stepping: the next instant after t_ns (the previous one before it) at which some thread's
  // state or some job's place changed; end_ns() (start_ns()) when there is none.
  std::int64_t next_change(std::int64_t t_ns) const;
  std::int64_t previous_change(std::int64_t t_ns) const;

  // The same on one timeline row (`lane`): every change of its thread's state, or only where a
  // job started or ended on it (a worker's job boundaries; the consumer's results).
  enum class RowSteps { changes, job_boundaries };
  std::int64_t next_change(std::int64_t t_ns, Lane lane, RowSteps steps) const;
  std::int64_t previous_change(std::int64_t t_ns, Lane lane, RowSteps steps) const;

 private:
  static constexpr std::int64_t never = INT64_MAX;
  enum class Fate : std::uint8_t {
    none,
    completed,
    failed,
    timed_out,
    rejected,
    dropped,
    cancelled
  };
  // One job's life in time; `never` where it did not (or not yet) happen.
  struct JobLife {
    std::uint64_t id = 0;
    std::int64_t submit = never;     // the producer offered it
    std::int64_t enqueued = never;   // it entered the job queue
    std::int64_t held_from = never;  // the producer blocked holding it, [held_from, held_to)
    std::int64_t held_to = never;
    std::int64_t taken = never;  // out of the queue: a worker (or the producer) took it
    std::int64_t ended = never;  // finished, failed, or rejected / dropped / cancelled
    std::int64_t result_in = never, result_out = never;  // in the results queue
    std::int64_t consumed = never;  // the consumer done with the result (after its delay)
    Fate fate = Fate::none;
  };
  JobLife& job(std::uint64_t id);
  void read_lanes(const TimelineData& tl);
  void read_marks(const TimelineData& tl);
  void read_results(const TimelineData& tl, bool finished);
  void read_spawned(const TimelineData& tl);
  // The job ended at t_ns with `outcome` (none: it ended without one, as cancelled).
  static void end_job(JobLife& j, JobOutcome outcome, std::int64_t t_ns);
  const Segment* segment_at(const LaneTimeline& lane, std::int64_t t_ns) const;
  // The row's step instants in [start_ns_, end_ns_], sorted, without repeats.
  std::vector<std::int64_t> row_instants(Lane lane, RowSteps steps) const;

  std::shared_ptr<const TimelineData> timeline_;
  std::vector<Finding> findings_;
  std::int64_t start_ns_ = 0, end_ns_ = 0;
  std::vector<JobLife> jobs_;                             // sorted by id once built
  std::vector<std::int64_t> changes_;                     // every change's instant, sorted
  std::unordered_map<std::uint64_t, std::size_t> index_;  // job id -> jobs_ slot (build only)
};

// The views' picture at a rewound instant: `record` (the run as recorded, usually the latest
// snapshot) with everything that describes an instant replaced by `at`: the time (taken_ns), the
// producer, workers, queues (with the queued jobs' ids), consumer, counters, findings and the
// order strips. Whole-run figures (elapsed_s, rates, shares, percentiles, the series and the
// timeline itself) stay the record's. `rewound` is set, and per-worker figures that only exist
// for the present (utilization, jobs done) are 0.
Snapshot rewound_snapshot(const Snapshot& record, const RewoundState& at);

// The Go program's line each thread is on in a state, as a role name ("producer_send",
// "worker_range", "worker_body", "worker_result_send", "consumer_range", ...).
const char* line_role(ProducerState s);
const char* line_role(WorkerState s);
const char* line_role(ConsumerState s);

}  // namespace poolscope
