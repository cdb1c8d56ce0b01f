// Timeline data queries (segment counts, depth at an instant) and event names.
#include "poolscope/timeline.h"

#include "poolscope/snapshot.h"

namespace poolscope {

std::size_t LaneTimeline::segment_count() const {
  std::size_t n = 0;
  for (const auto& b : blocks) n += b->segments.size();
  return n;
}

std::size_t TimelineData::total_segments() const {
  std::size_t n = 0;
  for (const auto& l : lanes) n += l.segment_count();
  return n;
}

std::int64_t TimelineData::depth_at(std::int64_t t_ns) const {
  std::int64_t found = -1;
  for_each_depth_step(t_ns, t_ns, [&](const DepthStep& st) {
    if (st.t_ns <= t_ns) found = st.depth;
  });
  return found;
}

std::string_view to_string(EventKind k) {
  switch (k) {
    case EventKind::job_submitted: return "job submitted";
    case EventKind::producer_blocked_begin: return "producer blocked begin";
    case EventKind::producer_blocked_end: return "producer blocked end";
    case EventKind::job_started: return "job started";
    case EventKind::job_finished: return "job finished";
    case EventKind::job_failed: return "job failed";
    case EventKind::job_timed_out: return "job timed out";
    case EventKind::downstream_wait_begin: return "downstream wait begin";
    case EventKind::downstream_wait_end: return "downstream wait end";
    case EventKind::result_blocked_begin: return "result blocked begin";
    case EventKind::result_blocked_end: return "result blocked end";
    case EventKind::result_consumed: return "result consumed";
    case EventKind::consumer_busy_begin: return "consumer busy begin";
    case EventKind::consumer_busy_end: return "consumer busy end";
    case EventKind::worker_idle_begin: return "idle begin";
    case EventKind::worker_idle_end: return "idle end";
    case EventKind::worker_started: return "worker started";
    case EventKind::worker_retired: return "worker retired";
    case EventKind::job_rejected: return "job rejected";
    case EventKind::job_dropped: return "job dropped";
    case EventKind::job_cancelled: return "job cancelled";
    case EventKind::producer_waiting_begin: return "producer waiting begin";
    case EventKind::producer_waiting_end: return "producer waiting end";
    case EventKind::result_send_failed: return "result send failed";
    case EventKind::jobs_submitted_run:
      return "jobs submitted (run)";
    case EventKind::results_consumed_run:
      return "results consumed (run)";
    case EventKind::jobs_ran_run:
      return "jobs ran (run)";
    case EventKind::jobs_ran_run_end:
      return "jobs ran (run end)";
  }
  return "?";
}

std::optional<SegmentState> open_segment_state(WorkerState s) {
  switch (s) {
    case WorkerState::running:
    case WorkerState::retiring:
      return SegmentState::running;
    case WorkerState::idle:
      return SegmentState::idle;
    case WorkerState::waiting_downstream:
      return SegmentState::waiting_downstream;
    case WorkerState::blocked_result:
      return SegmentState::blocked_result;
    case WorkerState::starting:
    case WorkerState::exited:
      break;
  }
  return std::nullopt;
}

}  // namespace poolscope
