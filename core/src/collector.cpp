#include "collector.h"

#include <algorithm>
#include <cstdint>

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
  for (const Event& e : scratch_) {
    if (e.value != 0 && carries_depth(e.kind))
      depth_pending_.push_back(DepthStep{e.t_ns, e.value - 1});
    apply(w, e);
  }
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
  if (w.blocks.empty() || w.blocks.back()->segments.size() >= SegmentBlock::block_capacity) {
    auto b = std::make_shared<SegmentBlock>();
    b->segments.reserve(SegmentBlock::block_capacity);
    w.blocks.push_back(std::move(b));
  } else if (w.tail_shared) {
    // A snapshot may still share the tail block: copy on write, never change what it sees.
    auto b = std::make_shared<SegmentBlock>(*w.blocks.back());
    b->segments.reserve(SegmentBlock::block_capacity);
    w.blocks.back() = std::move(b);
  }
  w.tail_shared = false;
  w.blocks.back()->segments.push_back(s);
  ++w.count;
  // Rolling window: drop whole blocks once the lane holds more than it may keep.
  while (w.blocks.size() > 1 && w.count - w.blocks.front()->segments.size() >= segments_per_lane_) {
    w.count -= w.blocks.front()->segments.size();
    dropped_segments_ += w.blocks.front()->segments.size();
    complete_from_ns_ = std::max(complete_from_ns_, w.blocks.front()->last_end_ns());
    w.blocks.erase(w.blocks.begin());
  }
}

void Collector::append_instant(InstantLog& log, const Event& e) {
  if (log.blocks.empty() || log.blocks.back()->items.size() >= InstantBlock::block_capacity) {
    auto b = std::make_shared<InstantBlock>();
    b->items.reserve(InstantBlock::block_capacity);
    log.blocks.push_back(std::move(b));
  } else if (log.tail_shared) {
    auto b = std::make_shared<InstantBlock>(*log.blocks.back());  // copy on write
    b->items.reserve(InstantBlock::block_capacity);
    log.blocks.back() = std::move(b);
  }
  log.tail_shared = false;
  log.blocks.back()->items.push_back(JobInstant{e.t_ns, e.job});
  ++log.count;
  while (log.blocks.size() > 1 &&
         log.count - log.blocks.front()->items.size() >= segments_per_lane_) {
    log.count -= log.blocks.front()->items.size();
    complete_from_ns_ = std::max(complete_from_ns_, log.blocks.front()->items.back().t_ns);
    log.blocks.erase(log.blocks.begin());
  }
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
  if (!depth_blocks_.empty()) {
    const DepthStep& last = depth_blocks_.back()->steps.back();
    // A reading older than the last committed step arrived too late to be placed; the steps
    // around it already tell the depth there. An unchanged depth is no step.
    if (step.t_ns < last.t_ns || step.depth == last.depth) return;
  }
  if (depth_blocks_.empty() || depth_blocks_.back()->steps.size() >= DepthBlock::block_capacity) {
    auto b = std::make_shared<DepthBlock>();
    b->steps.reserve(DepthBlock::block_capacity);
    depth_blocks_.push_back(std::move(b));
  } else if (depth_tail_shared_) {
    auto b = std::make_shared<DepthBlock>(*depth_blocks_.back());  // copy on write
    b->steps.reserve(DepthBlock::block_capacity);
    depth_blocks_.back() = std::move(b);
  }
  depth_tail_shared_ = false;
  depth_blocks_.back()->steps.push_back(step);
  ++depth_steps_;
  while (depth_blocks_.size() > 1 &&
         depth_steps_ - depth_blocks_.front()->steps.size() >= segments_per_lane_) {
    depth_steps_ -= depth_blocks_.front()->steps.size();
    depth_blocks_.erase(depth_blocks_.begin());
  }
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
    lt.blocks.assign(w.blocks.begin(), w.blocks.end());
    w.tail_shared = true;
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
  data->submits.assign(submits_.blocks.begin(), submits_.blocks.end());
  data->consumed.assign(consumed_.blocks.begin(), consumed_.blocks.end());
  submits_.tail_shared = consumed_.tail_shared = true;
  data->complete_from_ns = complete_from_ns_;
  if (marks_.size() >= options_.marks_kept && !marks_.empty())
    data->complete_from_ns = std::max(data->complete_from_ns, marks_.front().t_ns);
  data->depth.assign(depth_blocks_.begin(), depth_blocks_.end());
  depth_tail_shared_ = true;
  if (!depth_pending_.empty()) {
    // Readings not yet settled (commit_depth left them sorted) show as a tail block.
    auto tail = std::make_shared<DepthBlock>();
    for (const DepthStep& st : depth_pending_) {
      const DepthStep* last = !tail->steps.empty()     ? &tail->steps.back()
                              : !depth_blocks_.empty() ? &depth_blocks_.back()->steps.back()
                                                       : nullptr;
      if (last && (st.t_ns < last->t_ns || st.depth == last->depth)) continue;
      tail->steps.push_back(st);
    }
    if (!tail->steps.empty()) data->depth.push_back(std::move(tail));
  }
  return data;
}

}  // namespace poolscope
