// Collector: turns the threads' events into timeline segments, instants and depth steps, and
// keeps the sampled queue-depth statistics.
#include "collector.h"

#include <algorithm>
#include <cstdint>

#include "event_runs.h"

namespace poolscope {

Collector::LaneWindow& Collector::window(Lane lane) {
  if (lane >= lanes_.size()) lanes_.resize(std::size_t{lane} + 1);
  return lanes_[lane];
}

void Collector::drain(const LaneRecorder& rec, const std::string& lane_name) {
  LaneWindow& w = window(rec.lane());
  if (!w.used) {
    w.used = true;
    w.name = lane_name;
  }
  scratch_.clear();
  lost_events_ += rec.ring().read(w.cursor, scratch_);
  expand_runs(scratch_, w.open_run, [&](const Event& e) {
    if (e.value != 0 && carries_depth(e.kind))
      depth_pending_.push_back(DepthStep{e.t_ns, e.value - 1});
    apply(w, e);
  });
}

void Collector::drain_marks_only(const LaneRecorder& rec) {
  // The control lane has no window of its own, only a cursor (a window at index 0xFFFF would make
  // lanes_ 65536 windows long, which every timeline() call then walks).
  scratch_.clear();
  lost_events_ += rec.ring().read(control_cursor_, scratch_);
  for (const Event& e : scratch_) {
    if (e.value != 0 && carries_depth(e.kind))
      depth_pending_.push_back(DepthStep{e.t_ns, e.value - 1});
    add_mark(e);
  }
}

void Collector::drain_spawned(const LaneRecorder& rec) {
  scratch_.clear();
  lost_events_ += rec.ring().read(spawn_cursor_, scratch_);
  for (const Event& e : scratch_) {
    JobOutcome outcome = JobOutcome::none;
    switch (e.kind) {
      case EventKind::job_started:
        spawned_running_[e.job] = e.t_ns;
        continue;
      case EventKind::job_finished:
        outcome = JobOutcome::ok;
        break;
      case EventKind::job_failed:
        outcome = JobOutcome::failed;
        break;
      case EventKind::job_timed_out:
        outcome = JobOutcome::timed_out;
        break;
      case EventKind::job_cancelled:
        outcome = JobOutcome::cancelled;
        break;
      default:
        continue;
    }
    const auto it = spawned_running_.find(e.job);
    const std::int64_t start = it != spawned_running_.end() ? it->second : e.t_ns;
    if (it != spawned_running_.end()) spawned_running_.erase(it);
    spawned_.append(SpawnedRun{e.job, start, e.t_ns, outcome}, segments_per_lane_,
                    [&](const SpawnedBlock& gone) {
                      if (!gone.runs.empty())
                        complete_from_ns_ = std::max(complete_from_ns_, gone.runs.back().end_ns);
                    });
  }
}

void Collector::open(LaneWindow& w, std::int64_t t, SegmentState s, std::uint64_t job) {
  close(w, t);
  w.open = true;
  w.current = Segment{t, t, job, s, JobOutcome::none};
}

void Collector::close(LaneWindow& w, std::int64_t t, JobOutcome outcome) {
  if (!w.open) return;
  w.open = false;
  w.current.end_ns = std::max(t, w.current.start_ns);
  w.current.outcome = outcome;
  append(w, w.current);
}

void Collector::append(LaneWindow& w, const Segment& s) {
  // Rolling window: whole blocks leave once the lane holds more than it may keep.
  w.segments.append(s, segments_per_lane_, [&](const SegmentBlock& gone) {
    dropped_segments_ += gone.segments.size();
    complete_from_ns_ = std::max(complete_from_ns_, gone.last_end_ns());
  });
}

void Collector::append_instant(InstantLog& log, const Event& e) {
  log.append(JobInstant{e.t_ns, e.job}, segments_per_lane_, [&](const InstantBlock& gone) {
    complete_from_ns_ = std::max(complete_from_ns_, gone.items.back().t_ns);
  });
}

void Collector::add_mark(const Event& e) {
  marks_.push_back(Mark{e.t_ns, e.job, e.kind, e.lane, e.value});
  while (marks_.size() > options_.marks_kept) {
    marks_.pop_front();
    ++dropped_marks_;
  }
}

void Collector::apply(LaneWindow& w, const Event& e) {
  const bool running_this =
      w.open && w.current.state == SegmentState::running && w.current.job == e.job;
  switch (e.kind) {
    case EventKind::job_started:
      open(w, e.t_ns, SegmentState::running, e.job);
      w.current.job_class = e.job_class;
      break;
    case EventKind::job_finished:
      if (running_this) close(w, e.t_ns, JobOutcome::ok);
      break;
    case EventKind::job_failed:
      if (running_this) close(w, e.t_ns, JobOutcome::failed);
      break;
    case EventKind::job_timed_out:
      if (running_this) close(w, e.t_ns, JobOutcome::timed_out);
      break;
    case EventKind::job_cancelled:
      if (running_this) close(w, e.t_ns, JobOutcome::cancelled);
      add_mark(e);
      break;
    case EventKind::job_rejected:
    case EventKind::job_dropped:
      add_mark(e);
      break;
    case EventKind::result_send_failed:
      add_mark(e);
      break;
    case EventKind::downstream_wait_begin:
      open(w, e.t_ns, SegmentState::waiting_downstream, e.job);
      break;
    case EventKind::result_blocked_begin:
      open(w, e.t_ns, SegmentState::blocked_result, e.job);
      break;
    case EventKind::worker_idle_begin:
      open(w, e.t_ns, SegmentState::idle, 0);
      break;
    case EventKind::producer_blocked_begin:
      open(w, e.t_ns, SegmentState::blocked_submit, e.job);
      break;
    case EventKind::producer_waiting_begin:
      open(w, e.t_ns, SegmentState::producer_waiting, 0);
      break;
    case EventKind::consumer_busy_begin:
      open(w, e.t_ns, SegmentState::consuming, e.job);
      break;
    case EventKind::downstream_wait_end:
    case EventKind::result_blocked_end:
    case EventKind::worker_idle_end:
    case EventKind::producer_blocked_end:
    case EventKind::producer_waiting_end:
    case EventKind::consumer_busy_end:
      close(w, e.t_ns);
      break;
    case EventKind::worker_retired:
      close(w, e.t_ns);
      if (!w.lives.empty() && w.lives.back().second == INT64_MAX) w.lives.back().second = e.t_ns;
      break;
    case EventKind::worker_started:
      w.lives.emplace_back(e.t_ns, INT64_MAX);
      break;
    case EventKind::job_submitted:
      append_instant(submits_, e);
      break;
    case EventKind::result_consumed:
      append_instant(consumed_, e);
      break;
    case EventKind::jobs_submitted_run:
    case EventKind::results_consumed_run:
    case EventKind::jobs_ran_run:
    case EventKind::jobs_ran_run_end:
      break;  // expanded by drain() before they get here
  }
}

void Collector::sample_depth(std::int64_t t_ns, std::size_t depth, std::size_t capacity,
                             int workers, bool paused) {
  (void)capacity;
  if (last_sample_ns_ != 0 && t_ns > last_sample_ns_ && !paused) {
    const auto dt = t_ns - last_sample_ns_;
    depth_area_ +=
        double(last_depth_ == static_cast<std::size_t>(-1) ? 0 : last_depth_) * double(dt);
    depth_time_ns_ += dt;
    worker_ns_ += double(workers) * double(dt);
  }
  last_sample_ns_ = t_ns;
  max_depth_ = std::max(max_depth_, depth);
  interval_max_depth_ = std::max(interval_max_depth_, depth);
  if (depth != last_depth_) {
    // A change no event reported (a drop-oldest, a capacity change): the sample shows it. Only
    // a run that keeps its timeline commits readings, so only such a run gathers them.
    if (options_.keep_timeline)
      depth_pending_.push_back(DepthStep{t_ns, static_cast<std::uint32_t>(depth)});
    depth_log_.emplace_back(t_ns, static_cast<std::uint32_t>(depth));
    while (depth_log_.size() > 200'000) {
      depth_log_.pop_front();
      ++dropped_depth_changes_;
    }
    last_depth_ = depth;
  }
}

std::size_t Collector::take_interval_max_depth() {
  const std::size_t m = interval_max_depth_;
  interval_max_depth_ = last_depth_ == static_cast<std::size_t>(-1) ? 0 : last_depth_;
  return m;
}

void Collector::add_series_point(const SeriesPoint& p) {
  series_.push_back(p);
  while (series_.size() > options_.series_points_kept) series_.pop_front();
}

void Collector::append_depth(const DepthStep& step) {
  if (!depth_steps_.empty()) {
    const DepthStep& last = depth_steps_.back();
    // A reading older than the last committed step arrived too late to be placed; the steps
    // around it already tell the depth there. An unchanged depth is no step.
    if (step.t_ns < last.t_ns || step.depth == last.depth) return;
  }
  depth_steps_.append(step, segments_per_lane_);
}

void Collector::commit_depth(std::int64_t settled_ns) {
  if (depth_pending_.empty()) return;
  std::stable_sort(depth_pending_.begin(), depth_pending_.end(),
                   [](const DepthStep& a, const DepthStep& b) { return a.t_ns < b.t_ns; });
  const auto settled = std::find_if(depth_pending_.begin(), depth_pending_.end(),
                                    [&](const DepthStep& st) { return st.t_ns > settled_ns; });
  for (auto it = depth_pending_.begin(); it != settled; ++it) append_depth(*it);
  depth_pending_.erase(depth_pending_.begin(), settled);
}

std::shared_ptr<TimelineData> Collector::timeline(std::int64_t start_ns,
                                                  std::int64_t now_ns) const {
  auto data = std::make_shared<TimelineData>();
  data->start_ns = start_ns;
  for (std::size_t i = 0; i < lanes_.size() && i < 0xFFFF; ++i) {
    const LaneWindow& w = lanes_[i];
    if (!w.used) continue;
    LaneTimeline lt;
    lt.lane = static_cast<Lane>(i);
    lt.name = w.name;
    lt.blocks = w.segments.share();
    lt.lives = w.lives;
    if (w.open) {
      // The segment still going (a long job, a blocked producer) shows up to now.
      auto b = std::make_shared<SegmentBlock>();
      Segment s = w.current;
      s.end_ns = std::max(now_ns, s.start_ns);
      b->segments.push_back(s);
      lt.blocks.push_back(std::move(b));
    }
    data->lanes.push_back(std::move(lt));
  }
  data->marks.assign(marks_.begin(), marks_.end());
  data->submits = submits_.share();
  data->consumed = consumed_.share();
  data->spawned = spawned_.share();
  data->spawned_running.reserve(spawned_running_.size());
  for (const auto& [job, start] : spawned_running_)
    data->spawned_running.push_back(SpawnedRun{job, start, INT64_MAX, JobOutcome::none});
  data->complete_from_ns = complete_from_ns_;
  if (marks_.size() >= options_.marks_kept && !marks_.empty())
    data->complete_from_ns = std::max(data->complete_from_ns, marks_.front().t_ns);
  data->depth = depth_steps_.share();
  if (!depth_pending_.empty()) {
    // Readings not yet settled (commit_depth left them sorted) show as a tail block.
    auto tail = std::make_shared<DepthBlock>();
    for (const DepthStep& st : depth_pending_) {
      const DepthStep* last = !tail->steps.empty()    ? &tail->steps.back()
                              : !depth_steps_.empty() ? &depth_steps_.back()
                                                      : nullptr;
      if (last && (st.t_ns < last->t_ns || st.depth == last->depth)) continue;
      tail->steps.push_back(st);
    }
    if (!tail->steps.empty()) data->depth.push_back(std::move(tail));
  }
  return data;
}

}  // namespace poolscope
