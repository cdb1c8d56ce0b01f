// Every state's names, defined once: an id for machine-readable output (JSON, the trace), a
// label for people (reports, tooltips, the legend) and a brief form for the diagram's narrow
// boxes. The GUI adds only colors.
#include "poolscope/snapshot.h"
#include "poolscope/timeline.h"

namespace poolscope {

namespace {

struct Names {
  std::string_view id, label, brief;
};

Names names(SegmentState s) {
  switch (s) {
    case SegmentState::running:
      return {"running", "running", "running"};
    case SegmentState::idle:
      return {"idle", "idle (waiting for a job)", "idle"};
    case SegmentState::blocked_result:
      return {"blocked_result", "blocked sending its result", "blocked"};
    case SegmentState::waiting_downstream:
      return {"waiting_downstream", "waiting for a downstream connection", "waiting"};
    case SegmentState::blocked_submit:
      return {"blocked_submit", "blocked submitting", "BLOCKED"};
    case SegmentState::producer_waiting:
      return {"producer_waiting", "waiting for the next arrival", "next arrival"};
    case SegmentState::consuming:
      return {"consuming", "consuming a result", "consuming"};
  }
  return {"unknown", "?", "?"};
}

Names names(JobOutcome o) {
  switch (o) {
    case JobOutcome::ok:
      return {"ok", "ok", "ok"};
    case JobOutcome::failed:
      return {"failed", "failed", "failed"};
    case JobOutcome::timed_out:
      return {"timed_out", "timed out", "timed out"};
    case JobOutcome::cancelled:
      return {"cancelled", "cancelled", "cancelled"};
    case JobOutcome::none:
      return {"none", "none", "none"};
  }
  return {"unknown", "?", "?"};
}

Names names(WorkerState s) {
  switch (s) {
    case WorkerState::starting:
      return {"starting", "starting", "starting"};
    case WorkerState::idle:
      return {"idle", "idle", "idle"};
    case WorkerState::running:
      return {"running", "running", "running"};
    case WorkerState::waiting_downstream:
      return {"waiting_downstream", "waiting for a downstream connection", "waiting"};
    case WorkerState::blocked_result:
      return {"blocked_result", "blocked sending its result", "blocked"};
    case WorkerState::retiring:
      return {"retiring", "retiring", "retiring"};
    case WorkerState::exited:
      return {"exited", "exited", "exited"};
  }
  return {"unknown", "?", "?"};
}

Names names(ProducerState s) {
  switch (s) {
    // Before its first job the producer is about to produce: one id for both.
    case ProducerState::idle:
      return {"producing", "idle", "idle"};
    case ProducerState::producing:
      return {"producing", "producing", "producing"};
    case ProducerState::waiting_arrival:
      return {"waiting_arrival", "waiting for the next arrival", "next arrival"};
    case ProducerState::blocked:
      return {"blocked", "BLOCKED", "BLOCKED"};
    case ProducerState::running_job:
      return {"running_job", "running a job (caller-runs)", "runs a job"};
    case ProducerState::paused:
      return {"paused", "paused", "paused"};
    case ProducerState::done:
      return {"done", "done", "done"};
  }
  return {"unknown", "?", "?"};
}

Names names(ConsumerState s) {
  switch (s) {
    // Before its first result the consumer is waiting for one: one id for both.
    case ConsumerState::idle:
      return {"waiting", "idle", "idle"};
    case ConsumerState::waiting:
      return {"waiting", "waiting for results", "waiting"};
    case ConsumerState::consuming:
      return {"consuming", "consuming", "consuming"};
    case ConsumerState::done:
      return {"done", "done", "done"};
  }
  return {"unknown", "?", "?"};
}

Names names(RunPhase p) {
  switch (p) {
    case RunPhase::not_started:
      return {"not_started", "not started", "not started"};
    case RunPhase::running:
      return {"running", "running", "running"};
    case RunPhase::paused:
      return {"paused", "paused", "paused"};
    case RunPhase::draining:
      return {"draining", "draining", "draining"};
    case RunPhase::cancelling:
      return {"cancelling", "cancelling", "cancelling"};
    case RunPhase::aborting:
      return {"aborting", "aborting", "aborting"};
    case RunPhase::finished:
      return {"finished", "finished", "finished"};
  }
  return {"unknown", "?", "?"};
}

}  // namespace

std::string_view to_string(SegmentState s) { return names(s).label; }
std::string_view to_string(JobOutcome o) { return names(o).label; }
std::string_view to_string(WorkerState s) { return names(s).label; }
std::string_view to_string(ProducerState s) { return names(s).label; }
std::string_view to_string(ConsumerState s) { return names(s).label; }
std::string_view to_string(RunPhase p) { return names(p).label; }

std::string_view to_id(SegmentState s) { return names(s).id; }
std::string_view to_id(JobOutcome o) { return names(o).id; }
std::string_view to_id(WorkerState s) { return names(s).id; }
std::string_view to_id(ProducerState s) { return names(s).id; }
std::string_view to_id(ConsumerState s) { return names(s).id; }
std::string_view to_id(RunPhase p) { return names(p).id; }

std::string_view brief(SegmentState s) { return names(s).brief; }
std::string_view brief(WorkerState s) { return names(s).brief; }
std::string_view brief(ProducerState s) { return names(s).brief; }
std::string_view brief(ConsumerState s) { return names(s).brief; }

}  // namespace poolscope
