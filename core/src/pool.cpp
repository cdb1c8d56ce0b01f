// The worker pool: worker threads, live resize, and the close-results-after-the-last-worker rule.
#include <sys/prctl.h>

#include <algorithm>
#include <utility>

#include "engine_impl.h"

namespace poolscope {

namespace {

constexpr std::uint8_t as_u8(WorkerState s) { return static_cast<std::uint8_t>(s); }

// Sleep jobs park until this long before they are due, then poll the clock (see Sleeper).
constexpr std::int64_t sleep_job_spin_tail_ns = 60'000;

// The budget for all worker event rings together; many workers get smaller rings.
constexpr std::size_t total_ring_events = std::size_t{1} << 22;

}  // namespace

LaneRecorder& Engine::Impl::worker_recorder(int slot, int pool_size) {
  auto& rec = worker_recs[static_cast<std::size_t>(slot)];
  if (!rec) {
    const std::size_t share = total_ring_events / std::size_t(std::max(8, pool_size));
    rec = std::make_unique<LaneRecorder>(
        worker_lane(slot), std::clamp<std::size_t>(share, 4096, options.events_per_lane),
        options.record_events, options.lossless_events);
    if (slot + 1 > worker_lanes.load()) worker_lanes.store(slot + 1, std::memory_order_release);
  }
  return *rec;
}

int Engine::Impl::active_workers() const {
  int n = 0;
  for (const WorkerSlot& s : slots) n += s.active.load(std::memory_order_relaxed) ? 1 : 0;
  return n;
}

// Settings arrive within their limits (Engine::apply); the clamps guard the slot arrays.
void Engine::Impl::resize(int n) { resize_slots(0, max_workers, std::clamp(n, 1, max_workers)); }

void Engine::Impl::resize_io(int n) {
  resize_slots(io_slot_base, io_slot_base + max_workers, std::clamp(n, 0, max_workers));
}

// Resizes the pool whose workers live in slots [first, last).
void Engine::Impl::resize_slots(int first, int last, int n) {
  std::lock_guard lk(pool_mutex);
  int active = 0;
  for (int i = first; i < last; ++i)
    active += slots[static_cast<std::size_t>(i)].active.load() ? 1 : 0;
  // Grow: reuse the lowest free slots, whose previous thread has exited.
  for (int i = first; i < last && active < n; ++i) {
    WorkerSlot& s = slots[static_cast<std::size_t>(i)];
    if (s.active.load() || s.running.load()) continue;
    if (s.thread.joinable()) s.thread.join();
    worker_recorder(i, n);
    s.active.store(true);
    s.running.store(true);
    ++live_threads;
    s.thread = std::jthread([this, i](std::stop_token retire) { worker_main(i, retire); });
    ++active;
  }
  // Shrink: retire the highest slots; each finishes its current job first.
  for (int i = last - 1; i >= first && active > n; --i) {
    WorkerSlot& s = slots[static_cast<std::size_t>(i)];
    if (!s.active.load()) continue;
    s.active.store(false);
    s.thread.request_stop();
    --active;
  }
}

void Engine::Impl::close_jobs_channel() {
  std::lock_guard lk(pool_mutex);
  close_jobs_locked();
}

// The WaitGroup rule: results close only after every sender is gone: every worker, and the
// producer, which sends the results of the jobs it runs itself (caller-runs). pool_mutex held.
void Engine::Impl::close_results_if_senders_gone() {
  if (jobs_closed && live_threads == 0 && producer_done) results.close();
}

void Engine::Impl::close_jobs_locked() {
  if (jobs_closed) return;
  jobs_closed = true;
  jobs.close();
  io_jobs.close();
  close_results_if_senders_gone();
}

void Engine::Impl::close_jobs_if_producer_gone() {
  std::lock_guard lk(pool_mutex);
  if (producer_done) close_jobs_locked();
}

void Engine::Impl::on_producer_exit() {
  std::lock_guard lk(pool_mutex);
  producer_done = true;
  // A shutdown that came after the producer decided not to close (the forget-close mistake) and
  // before it got here left the closing to it.
  if (producer_stop.stop_requested()) close_jobs_locked();
  close_results_if_senders_gone();
}

void Engine::Impl::on_worker_exit(WorkerSlot& me) {
  std::lock_guard lk(pool_mutex);
  // Cleared under pool_mutex: resize() joins exited slots while holding it, so it must never see
  // a thread as exited while that thread still waits for the mutex here.
  me.running.store(false);
  --live_threads;
  close_results_if_senders_gone();
}

void Engine::Impl::worker_main(int slot, std::stop_token retire) {
  // Sleep jobs should end when they are due, not up to 50 us later (the default timer slack).
  prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  LaneRecorder& rec = *worker_recs[static_cast<std::size_t>(slot)];
  WorkerSlot& me = slots[static_cast<std::size_t>(slot)];
  Sleeper sleeper(sleep_job_spin_tail_ns);
  SettingsCache cfg;
  std::array<Job, empty_job_batch> batch;
  std::array<JobResult, empty_job_batch> outs;
  const std::stop_token abort_token = abort.get_token();
  JobQueue& queue = queue_of_slot(slot);  // the main pool's queue, or the I/O pool's
  if (!wait_for_start()) {
    on_worker_exit(me);
    return;
  }

  std::int64_t t = now_ns();
  rec.enter(EventKind::worker_started, WorkerState::idle, t);

  while (!retire.stop_requested()) {
    if (gate.paused()) {
      t = now_ns();
      rec.enter(EventKind::worker_idle_begin, WorkerState::idle, t);
      gate.wait(retire);
      rec.record(EventKind::worker_idle_end, now_ns());
      continue;
    }
    cfg.refresh(settings);
    const std::size_t want = cfg.profile.empty() ? empty_job_batch : 1;
    std::size_t got = 0;
    // When the batch was taken and the depth just after, both read under the queue's lock: the
    // jobs start then, and the depth graph steps down exactly there, even when two workers take
    // jobs within the same microsecond.
    DepthAt taken{};
    // Try without waiting first, so idle time is recorded only when the worker really waits.
    ChanStatus st =
        queue.recv_batch(std::span<Job>(batch.data(), want), got, {}, TimePoint::min(), &taken);
    if (got == 0 && st == ChanStatus::timeout) {
      t = now_ns();
      rec.enter(EventKind::worker_idle_begin, WorkerState::idle, t);
      st = queue.recv_batch(std::span<Job>(batch.data(), want), got, retire, TimePoint::max(),
                            &taken);
      rec.record(EventKind::worker_idle_end, got > 0 ? taken.t_ns : now_ns());
    }
    if (got == 0) break;  // closed and drained, or retired while idle
    rec.taken.add(got);
    // Only the main queue's depth is drawn (an I/O pool worker's take carries no reading), and
    // only once per take: by the first event after it.
    std::uint32_t reading = &queue == &jobs ? depth_reading(taken.depth) : 0;

    // Counters are summed over the batch and published before its results are sent, so a
    // snapshot never sees a result consumed before its job counted as ended.
    std::uint64_t n_ok = 0, n_failed = 0, n_timed_out = 0, n_cancelled = 0, busy = 0;
    std::size_t n_out = 0;
    std::int64_t start = taken.t_ns;
    const bool trivial =
        cfg.spec.downstream == 0 && !abort_token.stop_requested() &&
        std::all_of(batch.begin(), batch.begin() + std::ptrdiff_t(got),
                    [](const Job& j) { return j.duration_ns == 0 && !j.will_fail; });
    if (trivial) {
      // Jobs with no work (the bulk of `bench`): a clock read per job was half the worker's
      // time, so the clock is read once after the batch, and the jobs' starts and ends are
      // spread evenly between the two readings. Every event is still recorded, in order, and
      // each timestamp is off by at most the batch's span (a few microseconds).
      rec.set_state(as_u8(WorkerState::running), start, batch[0].id);
      for (std::size_t i = 0; i < got; ++i) {
        const Job& job = batch[i];
        outs[i] = JobResult{job.id, job.submit_ns, 0, 0, slot, JobOutcome::ok, job.id * 2};
      }
      const std::int64_t end = std::max(start, now_ns());
      // Fixed point (16 fractional bits), so that no job needs a division.
      const auto step = static_cast<std::uint64_t>((end - start) << 16) / got;
      std::int64_t s = start;
      for (std::size_t i = 0; i < got; ++i) {
        JobResult& r = outs[i];
        const std::int64_t e = start + static_cast<std::int64_t>((step * (i + 1)) >> 16);
        const auto wait = static_cast<std::uint64_t>(gate.active_between(r.submit_ns, s));
        // One depth reading per batch: the queue changed once, when the batch was taken.
        rec.record(EventKind::job_started, s, r.id, std::exchange(reading, 0), batch[i].cls);
        rec.queue_wait.record(wait);
        if (batch[i].cls != 0) rec.record_class_wait(batch[i].cls, wait);
        rec.record(EventKind::job_finished, e, r.id);
        rec.service.record(static_cast<std::uint64_t>(e - s));
        r.start_ns = s;
        r.end_ns = e;
        s = e;
      }
      rec.set_state(as_u8(WorkerState::running), outs[got - 1].start_ns, outs[got - 1].id);
      busy = static_cast<std::uint64_t>(s - start);
      n_ok = got;
      n_out = got;
    }
    for (std::size_t i = 0; i < got && !trivial; ++i) {
      const Job& job = batch[i];
      if (abort_token.stop_requested()) {
        ++n_cancelled;
        rec.record(EventKind::job_cancelled, start, job.id, std::exchange(reading, 0));
        continue;
      }
      if (cfg.spec.downstream > 0) {
        // A free connection is taken at once: the job starts at its take, which keeps the depth
        // reading's stamp. (Should another worker win the race for it, the short wait counts as
        // running: a wait is drawn only when it was seen coming.)
        const bool waits = downstream.would_wait();
        if (waits) {
          rec.enter(EventKind::downstream_wait_begin, WorkerState::waiting_downstream, start,
                    job.id, std::exchange(reading, 0));
        }
        const bool got_connection = downstream.acquire(abort_token);
        if (waits) {
          start = now_ns();
          rec.record(EventKind::downstream_wait_end, start, job.id);
        }
        if (!got_connection) {
          ++n_cancelled;
          rec.record(EventKind::job_cancelled, start, job.id, std::exchange(reading, 0));
          continue;
        }
      }
      rec.enter(EventKind::job_started, WorkerState::running, start, job.id,
                std::exchange(reading, 0), job.cls);
      // Time paused is not waiting: the queue was not being served for anyone.
      const auto wait = static_cast<std::uint64_t>(gate.active_between(job.submit_ns, start));
      rec.queue_wait.record(wait);
      if (job.cls != 0) rec.record_class_wait(job.cls, wait);
      JobOutcome outcome = JobOutcome::ok;
      // A job with no work and no failure to raise needs no call (the bulk of `bench`).
      if (job.duration_ns > 0 || job.will_fail) {
        try {
          outcome = execute_job(job, cfg.profile, start, abort_token, sleeper);
        } catch (const std::exception&) {
          // "Recover from panics": a failing job becomes an error result; the worker goes on.
          outcome = JobOutcome::failed;
        }
      }
      if (cfg.spec.downstream > 0) downstream.release();
      // One clock read per job: this job's end is the next job's start.
      const std::int64_t end = now_ns();
      const auto service = static_cast<std::uint64_t>(end - start);
      busy += service;
      switch (outcome) {
        case JobOutcome::ok:
          ++n_ok;
          rec.record(EventKind::job_finished, end, job.id);
          break;
        case JobOutcome::failed:
          ++n_failed;
          rec.record(EventKind::job_failed, end, job.id);
          break;
        case JobOutcome::timed_out:
          ++n_failed;
          ++n_timed_out;
          rec.record(EventKind::job_timed_out, end, job.id);
          break;
        case JobOutcome::cancelled:
        case JobOutcome::none:
          ++n_cancelled;
          rec.record(EventKind::job_cancelled, end, job.id);
          break;
      }
      if (outcome != JobOutcome::cancelled) {
        rec.service.record(service);
        outs[n_out++] = JobResult{job.id, job.submit_ns, start, end, slot, outcome, job.id * 2};
      }
      start = end;
    }
    rec.busy_ns.add(busy);
    if (n_ok) rec.completed.add(n_ok);
    if (n_failed) rec.failed.add(n_failed);
    if (n_timed_out) rec.timed_out.add(n_timed_out);
    if (n_cancelled) rec.cancelled.add(n_cancelled);
    if (n_out == 0) continue;

    std::size_t sent = 0;
    std::span<JobResult> out_span(outs.data(), n_out);
    ChanStatus rs = results.send_batch(out_span, sent, {}, TimePoint::min());
    if (rs == ChanStatus::timeout) {
      t = now_ns();
      rec.enter(EventKind::result_blocked_begin, WorkerState::blocked_result, t, outs[sent].id);
      std::size_t more = 0;
      rs = results.send_batch(out_span.subspan(sent), more, abort_token);
      sent += more;
      const std::int64_t t2 = now_ns();
      rec.blocked_ns.add(static_cast<std::uint64_t>(t2 - t));
      rec.record(EventKind::result_blocked_end, t2);
    }
    // A cancelled send (abort) discards results of jobs already counted; a send on a closed
    // results channel (the close-results-early mistake) is an error, counted.
    if (rs == ChanStatus::closed) {
      rec.sent_on_closed.add(n_out - sent);
      rec.record(EventKind::result_send_failed, now_ns(), sent < n_out ? outs[sent].id : 0,
                 static_cast<std::uint32_t>(n_out - sent));
    }
    if (!me.active.load(std::memory_order_relaxed)) {
      rec.set_state(as_u8(WorkerState::retiring), now_ns());
    }
  }
  t = now_ns();
  rec.leave(EventKind::worker_retired, WorkerState::exited, t);
  on_worker_exit(me);
}

}  // namespace poolscope
