// LaneRecorder: everything one engine thread (producer, consumer or one worker) records about
// itself: its event ring, its counters, its histograms and its live state. Only the owning thread
// writes; the collector and snapshot builders read at any time. Nothing here takes a lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <type_traits>

#include "clock.h"
#include "event_ring.h"
#include "histogram.h"

namespace poolscope {

class LaneRecorder {
 public:
  LaneRecorder(Lane lane, std::size_t ring_events, bool record_events, bool lossless = false)
      : lane_(lane), ring_(record_events ? ring_events : 2), record_events_(record_events) {
    ring_.set_lossless(lossless && record_events);
  }

  Lane lane() const { return lane_; }

  void record(EventKind kind, std::int64_t t_ns, std::uint64_t job = 0, std::uint32_t value = 0,
              std::uint8_t job_class = 0) noexcept {
    if (record_events_) ring_.push(Event{t_ns, job, value, lane_, kind, job_class});
  }

  // The thread's current state, for the live pipeline view.
  void set_state(std::uint8_t state, std::int64_t since_ns, std::uint64_t job = 0) noexcept {
    job_.store(job, std::memory_order_relaxed);
    since_ns_.store(since_ns, std::memory_order_relaxed);
    state_.store(state, std::memory_order_release);
  }
  // A span of a state (an observer's on_entry/on_exit): its begin event and the live state,
  // stamped at the same instant; leaving records the end event and the state returned to.
  template <class State>
  requires std::is_enum_v<State>
  void enter(EventKind begin, State state, std::int64_t t_ns, std::uint64_t job = 0,
             std::uint32_t value = 0, std::uint8_t job_class = 0) noexcept {
    record(begin, t_ns, job, value, job_class);
    set_state(static_cast<std::uint8_t>(state), t_ns, job);
  }
  template <class State>
  requires std::is_enum_v<State>
  void leave(EventKind end, State back_to, std::int64_t t_ns, std::uint64_t job = 0) noexcept {
    record(end, t_ns, job);
    set_state(static_cast<std::uint8_t>(back_to), t_ns);
  }
  // Leaving a span whose state the next span sets.
  void leave(EventKind end, std::int64_t t_ns, std::uint64_t job = 0) noexcept {
    record(end, t_ns, job);
  }
  std::uint8_t state() const { return state_.load(std::memory_order_acquire); }
  std::int64_t since_ns() const { return since_ns_.load(std::memory_order_relaxed); }
  std::uint64_t job() const { return job_.load(std::memory_order_relaxed); }

  const EventRing& ring() const { return ring_; }

  // Many events recorded together (a batch of jobs), published to the reader at once: one head
  // store for the batch instead of one per event. Events are recorded in order, as with record();
  // while a Batch lives, its recorder records through it only.
  class Batch {
   public:
    // At most max_events will be recorded before the Batch ends.
    Batch(LaneRecorder& rec, std::size_t max_events) noexcept
        : rec_(rec),
          on_(rec.record_events_),
          batched_(on_ && rec.ring_.batches_allowed(max_events)),
          next_(batched_ ? rec.ring_.begin_batch(max_events) : 0) {}
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;
    ~Batch() {
      if (batched_) rec_.ring_.end_batch(next_);
    }
    void record(EventKind kind, std::int64_t t_ns, std::uint64_t job = 0, std::uint32_t value = 0,
                std::uint8_t job_class = 0) noexcept {
      if (batched_)
        rec_.ring_.put(next_++, Event{t_ns, job, value, rec_.lane_, kind, job_class});
      else if (on_)
        rec_.ring_.push(Event{t_ns, job, value, rec_.lane_, kind, job_class});
    }

   private:
    LaneRecorder& rec_;
    const bool on_;
    const bool batched_;
    std::uint64_t next_;
  };

  // Job accounting (each a single-writer counter).
  LaneCounter submitted, taken, completed, failed, timed_out, rejected, dropped, cancelled,
      consumed, caller_ran;
  LaneCounter busy_ns;         // time spent running jobs
  LaneCounter blocked_ns;      // time blocked sending (producer: submits; worker: results)
  LaneCounter max_depth;       // producer: deepest job queue seen right after a submit
  LaneCounter sent_on_closed;  // results that met a closed results channel (a mistake)
  LaneCounter full_arrivals;   // producer: arrivals that found the job queue full

  LogHistogram queue_wait;  // start - submit
  LogHistogram service;     // end - start
  LogHistogram latency;     // consumed - submit
  LogHistogram high_wait;   // queue wait of high-priority jobs (Job::high)
  LogHistogram io_wait;     // queue wait of I/O-class jobs (Job::io)

  // Queue wait of a job with a class, beside the overall queue_wait.
  void record_class_wait(std::uint8_t cls, std::uint64_t wait_ns) noexcept {
    if (cls & job_class::high) high_wait.record(wait_ns);
    if (cls & job_class::io) io_wait.record(wait_ns);
  }

 private:
  Lane lane_;
  EventRing ring_;
  bool record_events_;
  std::atomic<std::uint8_t> state_{0};
  std::atomic<std::int64_t> since_ns_{0};
  std::atomic<std::uint64_t> job_{0};
};

}  // namespace poolscope
