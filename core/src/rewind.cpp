// Rewind: each job's life is read once from the timeline (when it was submitted, entered the
// queue, was held by a blocked producer, taken, ended, and when its result entered and left the
// results queue); an instant is then a pass over those lives plus a lookup per thread row.
#include "poolscope/rewind.h"

#include <algorithm>
#include <cmath>

namespace poolscope {

namespace {

// The last element of a block list whose key is <= t (blocks and their items time-ordered).
template <class Blocks, class Items, class Key>
auto last_at_or_before(const Blocks& blocks, Items items, Key key, std::int64_t t)
    -> const std::remove_reference_t<decltype(items(*blocks.front()).front())>* {
  auto b = std::upper_bound(blocks.begin(), blocks.end(), t, [&](std::int64_t v, const auto& blk) {
    return items(*blk).empty() || v < key(items(*blk).front());
  });
  while (b != blocks.begin()) {
    --b;
    const auto& v = items(**b);
    auto it = std::upper_bound(v.begin(), v.end(), t,
                               [&](std::int64_t x, const auto& item) { return x < key(item); });
    if (it != v.begin()) return &*std::prev(it);
  }
  return nullptr;
}

}  // namespace

Rewind::Rewind(const Snapshot& s)
    : timeline_(s.timeline), findings_(s.findings), start_ns_(s.start_ns) {
  const bool finished = s.phase == RunPhase::finished;
  end_ns_ = finished ? s.start_ns + std::llround(s.elapsed_s * 1e9) : s.taken_ns;
  if (!timeline_) return;
  const TimelineData& tl = *timeline_;
  for (const auto& b : tl.submits)
    for (const JobInstant& i : b->items) {
      JobLife& j = job(i.job);
      j.submit = std::min(j.submit, i.t_ns);
      j.enqueued = std::min(j.enqueued, i.t_ns);
    }
  read_lanes(tl);
  read_marks(tl);
  read_results(tl, finished);
  read_spawned(tl);
  index_.clear();
  // Every instant at which the picture changes: each job's moves, and each thread's segments.
  for (const JobLife& j : jobs_)
    for (std::int64_t t : {j.submit, j.enqueued, j.held_from, j.held_to, j.taken, j.ended,
                           j.result_in, j.result_out, j.consumed})
      if (t != never) changes_.push_back(t);
  for (const LaneTimeline& lane : tl.lanes)
    for (const auto& b : lane.blocks)
      for (const Segment& seg : b->segments) {
        changes_.push_back(seg.start_ns);
        changes_.push_back(seg.end_ns);
      }
  std::sort(changes_.begin(), changes_.end());
  changes_.erase(std::unique(changes_.begin(), changes_.end()), changes_.end());
  std::sort(jobs_.begin(), jobs_.end(),
            [](const JobLife& a, const JobLife& b) { return a.id < b.id; });
}

Rewind::JobLife& Rewind::job(std::uint64_t id) {
  auto [it, fresh] = index_.try_emplace(id, jobs_.size());
  if (fresh) {
    JobLife j;
    j.id = id;
    jobs_.push_back(j);
  }
  return jobs_[it->second];
}

void Rewind::read_lanes(const TimelineData& tl) {
  for (const LaneTimeline& lane : tl.lanes) {
    const bool producer = lane.lane == producer_lane;
    if (lane.lane == consumer_lane) continue;  // read with the results
    for (const auto& b : lane.blocks)
      for (const Segment& seg : b->segments) {
        switch (seg.state) {
          case SegmentState::blocked_submit: {
            // The job in the producer's hand: submitted, not queued until its send went through.
            JobLife& j = job(seg.job);
            j.held_from = seg.start_ns;
            j.held_to = seg.end_ns;
            j.submit = std::min(j.submit, seg.start_ns);
            if (j.enqueued != never) j.enqueued = std::max(j.enqueued, seg.end_ns);
            break;
          }
          case SegmentState::waiting_downstream:
            if (seg.job != 0) {
              JobLife& j = job(seg.job);
              j.taken = std::min(j.taken, seg.start_ns);
            }
            break;
          case SegmentState::running: {
            JobLife& j = job(seg.job);
            if (producer) j.submit = std::min(j.submit, seg.start_ns);  // caller-runs
            j.taken = std::min(j.taken, seg.start_ns);
            // Outcome none: still running when the timeline was taken.
            if (seg.outcome != JobOutcome::none) end_job(j, seg.outcome, seg.end_ns);
            break;
          }
          case SegmentState::blocked_result:
            // The result entered the results queue when the blocked send went through.
            if (seg.job != 0) job(seg.job).result_in = seg.end_ns;
            break;
          case SegmentState::idle:
          case SegmentState::producer_waiting:
          case SegmentState::consuming:
            break;
        }
      }
  }
}

void Rewind::read_marks(const TimelineData& tl) {
  for (const Mark& m : tl.marks) {
    JobLife& j = job(m.job);
    // A job rejected, or dropped or cancelled before it ever entered the queue, was submitted
    // then (those have no submission of their own).
    j.submit = std::min(j.submit, m.t_ns);
    switch (m.kind) {
      case EventKind::job_rejected:
        j.fate = Fate::rejected;
        break;
      case EventKind::job_dropped:
        j.fate = Fate::dropped;
        break;
      case EventKind::job_cancelled:
        j.fate = Fate::cancelled;
        break;
      default:
        continue;
    }
    j.ended = std::min(j.ended, m.t_ns);
  }
}

void Rewind::read_results(const TimelineData& tl, bool finished) {
  for (const LaneTimeline& lane : tl.lanes) {
    if (lane.lane != consumer_lane) continue;
    for (const auto& b : lane.blocks)
      for (const Segment& seg : b->segments)
        if (seg.state == SegmentState::consuming && seg.job != 0) {
          JobLife& j = job(seg.job);
          j.result_out = std::min(j.result_out, seg.start_ns);  // taken, then handled
        }
  }
  for (const auto& b : tl.consumed)
    for (const JobInstant& i : b->items) {
      JobLife& j = job(i.job);
      j.result_out = std::min(j.result_out, i.t_ns);
      j.consumed = std::min(j.consumed, i.t_ns);
    }
  // A finished run's consumer drained the results queue to its close: a result it never took
  // never entered (an aborted send, or a send on the closed channel).
  if (finished)
    for (JobLife& j : jobs_)
      if (j.result_out == never) j.result_in = never;
}

void Rewind::end_job(JobLife& j, JobOutcome outcome, std::int64_t t_ns) {
  j.ended = t_ns;
  switch (outcome) {
    case JobOutcome::ok:
      j.fate = Fate::completed;
      break;
    case JobOutcome::failed:
      j.fate = Fate::failed;
      break;
    case JobOutcome::timed_out:
      j.fate = Fate::timed_out;
      break;
    case JobOutcome::cancelled:
    case JobOutcome::none:
      j.fate = Fate::cancelled;
      break;
  }
  // A cancelled job sends no result.
  if (j.fate != Fate::cancelled) j.result_in = std::min(j.result_in, t_ns);
}

void Rewind::read_spawned(const TimelineData& tl) {
  const auto read = [&](const SpawnedRun& run) {
    JobLife& j = job(run.job);
    j.taken = std::min(j.taken, run.start_ns);
    if (run.end_ns != INT64_MAX) end_job(j, run.outcome, run.end_ns);
  };
  for (const auto& b : tl.spawned)
    for (const SpawnedRun& run : b->runs) read(run);
  for (const SpawnedRun& run : tl.spawned_running) read(run);
}

std::int64_t Rewind::window_start_ns() const {
  return timeline_ ? std::max(start_ns_, timeline_->complete_from_ns) : start_ns_;
}

const Segment* Rewind::segment_at(const LaneTimeline& lane, std::int64_t t_ns) const {
  const Segment* s = last_at_or_before(
      lane.blocks, [](const SegmentBlock& b) -> const std::vector<Segment>& { return b.segments; },
      [](const Segment& seg) { return seg.start_ns; }, t_ns);
  return s && t_ns < s->end_ns ? s : nullptr;
}

std::int64_t Rewind::next_change(std::int64_t t_ns) const {
  const auto it = std::upper_bound(changes_.begin(), changes_.end(), t_ns);
  return it != changes_.end() && *it <= end_ns_ ? *it : std::max(t_ns, end_ns_);
}

std::int64_t Rewind::previous_change(std::int64_t t_ns) const {
  const auto it = std::lower_bound(changes_.begin(), changes_.end(), t_ns);
  return it != changes_.begin() && *std::prev(it) >= start_ns_ ? *std::prev(it) : start_ns_;
}

std::vector<std::int64_t> Rewind::row_instants(Lane lane, RowSteps steps) const {
  std::vector<std::int64_t> instants;
  if (!timeline_) return instants;
  for (const LaneTimeline& row : timeline_->lanes) {
    if (row.lane != lane) continue;
    for (const auto& b : row.blocks)
      for (const Segment& seg : b->segments) {
        const bool job = seg.state == SegmentState::running || seg.state == SegmentState::consuming;
        if (steps == RowSteps::job_boundaries && !job) continue;
        for (std::int64_t t : {seg.start_ns, seg.end_ns})
          if (t >= start_ns_ && t <= end_ns_) instants.push_back(t);
      }
  }
  std::sort(instants.begin(), instants.end());
  instants.erase(std::unique(instants.begin(), instants.end()), instants.end());
  return instants;
}

std::int64_t Rewind::next_change(std::int64_t t_ns, Lane lane, RowSteps steps) const {
  const std::vector<std::int64_t> instants = row_instants(lane, steps);
  const auto it = std::upper_bound(instants.begin(), instants.end(), t_ns);
  return it != instants.end() ? *it : std::max(t_ns, end_ns_);
}

std::int64_t Rewind::previous_change(std::int64_t t_ns, Lane lane, RowSteps steps) const {
  const std::vector<std::int64_t> instants = row_instants(lane, steps);
  const auto it = std::lower_bound(instants.begin(), instants.end(), t_ns);
  return it != instants.begin() ? *std::prev(it) : start_ns_;
}

RewoundState Rewind::at_s(double t_s) const { return at(start_ns_ + std::llround(t_s * 1e9)); }

RewoundState Rewind::at(std::int64_t t_ns) const {
  RewoundState r;
  const std::int64_t t = std::clamp(t_ns, start_ns_, std::max(start_ns_, end_ns_));
  r.t_ns = t;
  r.in_window = t >= window_start_ns();
  if (!timeline_) return r;
  const TimelineData& tl = *timeline_;

  // Jobs: each in exactly one state at t, so the counters add up by construction.
  Counters& c = r.counters;
  std::vector<std::pair<std::int64_t, std::uint64_t>> queued;  // (entered, id)
  for (const JobLife& j : jobs_) {
    if (j.submit > t) continue;
    ++c.submitted;
    if (j.consumed <= t) ++c.consumed;
    if (j.taken <= t) {
      ++r.started;
      if (j.ended <= t) ++r.finished;
    }
    if (j.result_in <= t && t < j.result_out) ++r.results_depth;
    if (j.ended <= t) {
      switch (j.fate) {
        case Fate::completed:
          ++c.completed;
          break;
        case Fate::timed_out:
          ++c.timed_out;
          [[fallthrough]];
        case Fate::failed:
          ++c.failed;
          break;
        case Fate::rejected:
          ++c.rejected;
          break;
        case Fate::dropped:
          ++c.dropped;
          break;
        case Fate::cancelled:
        case Fate::none:
          ++c.cancelled;
          break;
      }
    } else if (j.taken <= t) {
      ++c.in_progress;
    } else if (j.held_from <= t && t < j.held_to) {
      ++c.held;
    } else {
      ++c.queued;
      queued.emplace_back(j.enqueued != never ? j.enqueued : j.submit, j.id);
    }
  }

  // Capacity steps are few (one per live change): the last one in force at t.
  for (const CapacityStep& st : tl.capacity) {
    if (st.t_ns > t && &st != &tl.capacity.front()) break;
    r.queue_capacity = st.jobs;
    r.results_capacity = st.results;
  }

  const bool paused = std::any_of(tl.pauses.begin(), tl.pauses.end(),
                                  [&](const auto& p) { return p.first <= t && t < p.second; });
  for (const LaneTimeline& lane : tl.lanes) {
    const Segment* seg = segment_at(lane, t);
    if (lane.lane == producer_lane) {
      r.producer_since_ns = seg ? seg->start_ns : t;
      if (tl.producer_done_ns != 0 && t >= tl.producer_done_ns) {
        r.producer = ProducerState::done;
      } else if (seg && seg->state == SegmentState::blocked_submit) {
        r.producer = paused ? ProducerState::paused : ProducerState::blocked;
        r.holding = seg->job;
      } else if (seg && seg->state == SegmentState::producer_waiting) {
        r.producer = ProducerState::waiting_arrival;
      } else if (seg && seg->state == SegmentState::running) {
        r.producer = ProducerState::running_job;
      } else {
        r.producer = paused ? ProducerState::paused : ProducerState::producing;
      }
    } else if (lane.lane == consumer_lane) {
      r.consumer_since_ns = seg ? seg->start_ns : t;
      if (tl.consumer_done_ns != 0 && t >= tl.consumer_done_ns)
        r.consumer = ConsumerState::done;
      else if (seg && seg->state == SegmentState::consuming)
        r.consumer = ConsumerState::consuming;
      else
        r.consumer = ConsumerState::waiting;
    } else {
      bool started = false, alive = false;
      for (const auto& [from, to] : lane.lives) {
        started = started || from <= t;
        alive = alive || (from <= t && t < to);
      }
      if (!started) continue;
      RewoundWorker w;
      w.slot = slot_of_lane(lane.lane);
      w.state = alive ? WorkerState::idle : WorkerState::exited;
      if (alive && seg) {
        switch (seg->state) {
          case SegmentState::running:
            w.state = WorkerState::running;
            break;
          case SegmentState::blocked_result:
            w.state = WorkerState::blocked_result;
            break;
          case SegmentState::waiting_downstream:
            w.state = WorkerState::waiting_downstream;
            break;
          default:
            break;
        }
        if (w.state != WorkerState::idle) w.job = seg->job;
      }
      if (seg) {
        w.since_ns = seg->start_ns;
      } else {
        for (const auto& [from, to] : lane.lives)
          if (from <= t) w.since_ns = alive ? from : to;
      }
      r.workers.push_back(w);
    }
  }
  std::sort(r.workers.begin(), r.workers.end(),
            [](const RewoundWorker& a, const RewoundWorker& b) { return a.slot < b.slot; });

  // The oldest queued jobs go to the workers waiting for one: handed over, they no longer wait
  // in the queue (Go's len(jobs) leaves them out; the counters still count them as queued).
  const auto waiting = static_cast<std::size_t>(
      std::count_if(r.workers.begin(), r.workers.end(),
                    [](const RewoundWorker& w) { return w.state == WorkerState::idle; }));
  std::sort(queued.begin(), queued.end());
  const std::size_t handed = std::min(waiting, queued.size());
  r.queue_jobs.reserve(queued.size() - handed);
  for (std::size_t i = handed; i < queued.size(); ++i) r.queue_jobs.push_back(queued[i].second);

  for (const Finding& f : findings_) {
    // A send on a closed channel carries no time of its own; it can only happen once the
    // producer has finished (the results were closed after its last send).
    const bool timeless = f.at_s == 0.0;
    const std::int64_t at = timeless ? (tl.producer_done_ns != 0 ? tl.producer_done_ns : never)
                                     : start_ns_ + std::llround(f.at_s * 1e9);
    if (at <= t) r.findings.push_back(f);
  }
  return r;
}

Snapshot rewound_snapshot(const Snapshot& record, const RewoundState& at) {
  Snapshot s = record;
  s.rewound = true;
  // The instant is taken_ns; elapsed_s stays the record's, which every whole-run figure (rates,
  // shares) is a share of.
  s.taken_ns = at.t_ns;
  const std::int64_t end_ns = record.start_ns + std::llround(record.elapsed_s * 1e9);
  // Before the recording's end the run was under way (the pauses say when it was paused).
  if (at.t_ns < end_ns && record.phase != RunPhase::not_started) s.phase = RunPhase::running;
  if (s.timeline) {
    for (const auto& [from, to] : s.timeline->pauses)
      if (from <= at.t_ns && at.t_ns < to) s.phase = RunPhase::paused;
  }
  s.counters = at.counters;
  // Spawn mode: a thread per running job.
  if (record.spec.mode == PoolMode::spawn) s.process.spawned_live = int(at.counters.in_progress);
  s.queue_jobs = at.queue_jobs;
  s.queue_depth = at.queue_jobs.size();
  s.queue_capacity = at.queue_capacity;
  s.results_depth = at.results_depth;
  s.results_capacity = at.results_capacity;
  s.producer.state = at.producer;
  s.producer.holding = at.holding;
  s.producer.since_ns = at.producer_since_ns != 0 ? at.producer_since_ns : at.t_ns;
  s.producer.closed_jobs = at.producer == ProducerState::done;
  s.consumer.state = at.consumer;
  s.consumer.since_ns = at.consumer_since_ns != 0 ? at.consumer_since_ns : at.t_ns;
  s.consumer.waiting_for_workers = false;
  s.workers.clear();
  for (const RewoundWorker& w : at.workers) {
    if (w.state == WorkerState::exited) continue;
    WorkerView v;
    v.slot = w.slot;
    v.state = w.state;
    v.job = w.job;
    v.since_ns = w.since_ns;
    v.io_pool = w.slot >= io_worker_slot_base;
    s.workers.push_back(v);
  }
  s.findings = at.findings;
  // The order strips as far as they had got: the first jobs submitted and consumed by then.
  if (s.submission_order.size() > at.counters.submitted)
    s.submission_order.resize(at.counters.submitted);
  if (s.completion_order.size() > at.counters.consumed)
    s.completion_order.resize(at.counters.consumed);
  return s;
}

const char* line_role(ProducerState s) {
  switch (s) {
    case ProducerState::blocked:
      return "producer_send";
    case ProducerState::waiting_arrival:
      return "producer_wait";
    case ProducerState::running_job:
      return "producer_run";
    case ProducerState::paused:
      return "producer_paused";
    case ProducerState::done:
      return "producer_close";
    case ProducerState::idle:
    case ProducerState::producing:
      return "producer_loop";
  }
  return "producer_loop";
}

const char* line_role(WorkerState s) {
  switch (s) {
    case WorkerState::idle:
      return "worker_range";
    case WorkerState::running:
    case WorkerState::retiring:
      return "worker_body";
    case WorkerState::waiting_downstream:
      return "worker_downstream";
    case WorkerState::blocked_result:
      return "worker_result_send";
    case WorkerState::exited:
      return "worker_done";
    case WorkerState::starting:
      return "worker_start";
  }
  return "worker_range";
}

const char* line_role(ConsumerState s) {
  switch (s) {
    case ConsumerState::consuming:
      return "consumer_body";
    case ConsumerState::done:
      return "consumer_done";
    case ConsumerState::idle:
    case ConsumerState::waiting:
      return "consumer_range";
  }
  return "consumer_range";
}

}  // namespace poolscope
