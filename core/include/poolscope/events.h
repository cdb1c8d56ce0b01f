// The instrumentation vocabulary: every state change in the engine is one Event, stamped with the
// steady clock and tagged with the lane (thread row) it happened on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace poolscope {

enum class EventKind : std::uint8_t {
  job_submitted,           // the job entered the queue (stamped after); value: depth reading
  producer_blocked_begin,  // the job queue was full (or no receiver, unbuffered)
  producer_blocked_end,
  job_started,            // a worker (or the producer, caller-runs) dequeued the job
  job_finished,           // ok
  job_failed,             // the job threw; its worker recorded an error result
  job_timed_out,          // interrupted by its per-job timeout (counted as failed)
  downstream_wait_begin,  // waiting for one of the K downstream connections
  downstream_wait_end,
  result_blocked_begin,  // the results queue was full
  result_blocked_end,
  result_consumed,
  consumer_busy_begin,  // the consumer's per-result delay
  consumer_busy_end,
  worker_idle_begin,  // waiting for a job
  worker_idle_end,
  worker_started,
  worker_retired,
  job_rejected,            // refused by the reject policy
  job_dropped,             // discarded by the drop-oldest policy
  job_cancelled,           // queued or in progress when a cancel/abort shutdown came
  producer_waiting_begin,  // open loop: waiting for the next arrival time
  producer_waiting_end,
  result_send_failed,  // the results channel was closed: value = results lost (a mistake)
  // Runs: many jobs with consecutive ids in one or two ring slots instead of one or two each.
  // Only the engine's event rings hold them; the collector expands each into the events above
  // before anything reads them (see core/src/event_runs.h).
  jobs_submitted_run,    // job: the first id; value: how many; all entered at t_ns
  results_consumed_run,  // job: the first id; value: how many; all consumed at t_ns
  jobs_ran_run,          // job: the first id; t_ns: the first start; value: its depth reading
  jobs_ran_run_end,      // job: how many; t_ns: the clock after the last; spread evenly between
};

std::string_view to_string(EventKind k);

// Lanes: one per thread row of the timeline.
using Lane = std::uint16_t;
inline constexpr Lane producer_lane = 0;
inline constexpr Lane consumer_lane = 1;
inline constexpr Lane first_worker_lane = 2;
inline constexpr Lane worker_lane(int slot) { return static_cast<Lane>(first_worker_lane + slot); }
inline constexpr int slot_of_lane(Lane lane) { return int(lane) - int(first_worker_lane); }

// Some events also carry a reading of the job queue's depth (jobs waiting, not counting hand-offs)
// taken at t_ns, as depth + 1 in `value`; 0 means no reading. The queue depth graph is the step
// function of these readings, so it changes exactly where the timeline's jobs start and enter.
inline constexpr std::uint32_t depth_reading(std::size_t depth) {
  return depth >= 0xFFFF'FFFEu ? 0xFFFF'FFFFu : static_cast<std::uint32_t>(depth + 1);
}

// The kinds whose `value` is a depth reading (others use `value` for their own counts).
inline constexpr bool carries_depth(EventKind k) {
  return k == EventKind::job_submitted || k == EventKind::producer_blocked_end ||
         k == EventKind::job_started || k == EventKind::downstream_wait_begin ||
         k == EventKind::job_cancelled;
}

// A job's class: bits of Job::cls and Event::job_class.
namespace job_class {
inline constexpr std::uint8_t high = 1;  // the priority lesson's high class: taken first
inline constexpr std::uint8_t io = 2;    // I/O-bound: the separate-pools lesson's own pool
}  // namespace job_class

struct Event {
  std::int64_t t_ns = 0;
  std::uint64_t job = 0;
  std::uint32_t value = 0;
  Lane lane = 0;
  EventKind kind = EventKind::job_submitted;
  std::uint8_t job_class = 0;  // job_started: the job's class bits (job_class::high, job_class::io)
};

}  // namespace poolscope
