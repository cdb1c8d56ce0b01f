// The worker pool: worker threads, live resize, and the close-results-after-the-last-worker rule.
#include "pool.h"

#include <sys/prctl.h>

#include <algorithm>
#include <span>
#include <utility>

#include "event_runs.h"

namespace poolscope {

namespace {

// The budget for all worker event rings together; many workers get smaller rings.
constexpr std::size_t total_ring_events = std::size_t{1} << 22;

}  // namespace

// ---- slots and resize ----

LaneRecorder& Pool::worker_recorder(int slot, int pool_size) {
  auto& rec = worker_recs_[static_cast<std::size_t>(slot)];
  if (!rec) {
    const EngineOptions& options = engine_.options;
    const std::size_t share = total_ring_events / std::size_t(std::max(8, pool_size));
    rec = std::make_unique<LaneRecorder>(
        worker_lane(slot), std::clamp<std::size_t>(share, 4096, options.events_per_lane),
        options.record_events, options.lossless_events);
    if (slot + 1 > worker_lanes_.load()) worker_lanes_.store(slot + 1, std::memory_order_release);
  }
  return *rec;
}

int Pool::active_workers() const {
  int n = 0;
  for (const WorkerSlot& s : slots_) n += s.active.load(std::memory_order_relaxed) ? 1 : 0;
  return n;
}

void Pool::resize(int n) { resize_slots(0, max_workers, std::clamp(n, 1, max_workers)); }

void Pool::resize_io(int n) {
  resize_slots(io_slot_base, io_slot_base + max_workers, std::clamp(n, 0, max_workers));
}

// Resizes the pool whose workers live in slots [first, last).
void Pool::resize_slots(int first, int last, int n) {
  std::lock_guard lk(pool_mutex);
  int active = 0;
  for (int i = first; i < last; ++i)
    active += slots_[static_cast<std::size_t>(i)].active.load() ? 1 : 0;
  // Grow: reuse the lowest free slots, whose previous thread has exited.
  for (int i = first; i < last && active < n; ++i) {
    WorkerSlot& s = slots_[static_cast<std::size_t>(i)];
    if (s.active.load() || s.running.load()) continue;
    if (s.thread.joinable()) s.thread.join();
    worker_recorder(i, n);
    s.active.store(true);
    s.running.store(true);
    ++live_threads_;
    s.thread = std::jthread([this, i](std::stop_token retire) { worker_main(i, retire); });
    ++active;
  }
  // Shrink: retire the highest slots; each finishes its current job first.
  for (int i = last - 1; i >= first && active > n; --i) {
    WorkerSlot& s = slots_[static_cast<std::size_t>(i)];
    if (!s.active.load()) continue;
    s.active.store(false);
    s.thread.request_stop();
    --active;
  }
}

void Pool::join_workers() {
  for (WorkerSlot& s : slots_)
    if (s.thread.joinable()) s.thread.join();
}

// ---- closing: jobs once, results after the last sender ----

void Pool::close_jobs_channel() {
  std::lock_guard lk(pool_mutex);
  close_jobs_locked();
}

// The WaitGroup rule: results close only after every sender is gone: every worker, and the
// producer, which sends the results of the jobs it runs itself (caller-runs). pool_mutex held.
void Pool::close_results_if_senders_gone() {
  if (jobs_closed_ && live_threads_ == 0 && producer_done_) engine_.results.close();
}

void Pool::close_jobs_locked() {
  if (jobs_closed_) return;
  jobs_closed_ = true;
  engine_.jobs.close();
  engine_.io_jobs.close();
  close_results_if_senders_gone();
}

void Pool::close_jobs_if_producer_gone() {
  std::lock_guard lk(pool_mutex);
  if (producer_done_) close_jobs_locked();
}

bool Pool::jobs_closed() const {
  std::lock_guard lk(pool_mutex);
  return jobs_closed_;
}

void Pool::on_producer_exit() {
  std::lock_guard lk(pool_mutex);
  producer_done_ = true;
  // A shutdown that came after the producer decided not to close (the forget-close mistake) and
  // before it got here left the closing to it.
  if (engine_.producer_stop.stop_requested()) close_jobs_locked();
  close_results_if_senders_gone();
}

bool Pool::workers_gone() const {
  std::lock_guard lk(pool_mutex);
  return jobs_closed_ && live_threads_ == 0;
}

void Pool::add_sender() {
  std::lock_guard lk(pool_mutex);
  ++live_threads_;
}

void Pool::remove_unstarted_sender() {
  std::lock_guard lk(pool_mutex);
  --live_threads_;
}

void Pool::on_sender_exit() {
  std::lock_guard lk(pool_mutex);
  --live_threads_;
  close_results_if_senders_gone();
}

void Pool::on_worker_exit(WorkerSlot& me) {
  std::lock_guard lk(pool_mutex);
  // Cleared under pool_mutex: resize() joins exited slots while holding it, so it must never see
  // a thread as exited while that thread still waits for the mutex here.
  me.running.store(false);
  --live_threads_;
  close_results_if_senders_gone();
}

// ---- one worker ----

class Pool::Worker {
 public:
  Worker(Pool& pool, int slot, std::stop_token retire)
      : pool_(pool),
        engine_(pool.engine_),
        slot_(slot),
        retire_(std::move(retire)),
        rec_(*pool.worker_recs_[static_cast<std::size_t>(slot)]),
        me_(pool.slots_[static_cast<std::size_t>(slot)]),
        abort_token_(engine_.abort.get_token()),
        queue_(pool.queue_of_slot(slot)) {}

  void run();

 private:
  // What a batch's jobs came to. Counters are summed over the batch and published before its
  // results are sent, so a snapshot never sees a result consumed before its job counted as ended.
  struct Tally {
    std::uint64_t ok = 0, failed = 0, timed_out = 0, cancelled = 0, busy_ns = 0;
    std::size_t results = 0;  // outs_[0, results) are to be sent
  };

  void wait_while_paused();
  std::size_t take_batch(DepthAt& taken);
  bool batch_is_trivial(std::size_t got) const;
  void run_trivial_batch(std::size_t got, std::int64_t start, std::uint32_t reading, Tally& tally);
  void run_job(const Job& job, std::int64_t& start, std::uint32_t& reading, Tally& tally);
  void publish(const Tally& tally);
  void send_results(std::size_t n_out);

  Pool& pool_;
  EngineShared& engine_;
  const int slot_;
  const std::stop_token retire_;
  LaneRecorder& rec_;
  WorkerSlot& me_;
  const std::stop_token abort_token_;
  JobQueue& queue_;  // the main pool's queue, or the I/O pool's
  Sleeper sleeper_{sleep_job_spin_budget_ns};
  SettingsCache cfg_;
  std::array<Job, empty_job_batch> batch_;
  std::array<JobResult, empty_job_batch> outs_;
};

void Pool::worker_main(int slot, std::stop_token retire) {
  // Sleep jobs should end when they are due, not up to 50 us later (the default timer slack).
  prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  Worker(*this, slot, std::move(retire)).run();
}

void Pool::Worker::run() {
  if (!engine_.wait_for_start()) {
    pool_.on_worker_exit(me_);
    return;
  }
  rec_.enter(EventKind::worker_started, WorkerState::idle, now_ns());

  while (!retire_.stop_requested()) {
    if (engine_.gate.paused()) {
      wait_while_paused();
      continue;
    }
    cfg_.refresh(engine_.settings);
    // When the batch was taken and the depth just after, both read under the queue's lock: the
    // jobs start then, and the depth graph steps down exactly there, even when two workers take
    // jobs within the same microsecond.
    DepthAt taken{};
    const std::size_t got = take_batch(taken);
    if (got == 0) break;  // closed and drained, or retired while idle
    rec_.taken.add(got);
    // Only the main queue's depth is drawn (an I/O pool worker's take carries no reading), and
    // only once per take: by the first event after it.
    std::uint32_t reading = &queue_ == &engine_.jobs ? depth_reading(taken.depth) : 0;

    Tally tally;
    if (batch_is_trivial(got)) {
      run_trivial_batch(got, taken.t_ns, reading, tally);
    } else {
      std::int64_t start = taken.t_ns;  // each job's end is the next job's start
      for (std::size_t i = 0; i < got; ++i) run_job(batch_[i], start, reading, tally);
    }
    publish(tally);
    if (tally.results == 0) continue;
    send_results(tally.results);
    if (!me_.active.load(std::memory_order_relaxed)) {
      rec_.set_state(static_cast<std::uint8_t>(WorkerState::retiring), now_ns());
    }
  }
  rec_.leave(EventKind::worker_retired, WorkerState::exited, now_ns());
  pool_.on_worker_exit(me_);
}

void Pool::Worker::wait_while_paused() {
  rec_.enter(EventKind::worker_idle_begin, WorkerState::idle, now_ns());
  engine_.gate.wait(retire_);
  rec_.leave(EventKind::worker_idle_end, now_ns());
}

// Takes up to a batch of jobs (one unless they are empty ones). 0: closed and drained, or
// retired while waiting.
std::size_t Pool::Worker::take_batch(DepthAt& taken) {
  const std::size_t want =
      cfg_.profile.empty() && !cfg_.spec.calls_downstream() ? empty_job_batch : 1;
  const std::span<Job> into(batch_.data(), want);
  std::size_t got = 0;
  // Try without waiting first, so idle time is recorded only when the worker really waits.
  const ChanStatus st = queue_.recv_batch(into, got, {}, TimePoint::min(), &taken);
  if (got == 0 && st == ChanStatus::timeout) {
    rec_.enter(EventKind::worker_idle_begin, WorkerState::idle, now_ns());
    queue_.recv_batch(into, got, retire_, TimePoint::max(), &taken);
    rec_.leave(EventKind::worker_idle_end, got > 0 ? taken.t_ns : now_ns());
  }
  return got;
}

bool Pool::Worker::batch_is_trivial(std::size_t got) const {
  return cfg_.spec.downstream == 0 && !cfg_.spec.calls_downstream() &&
         !abort_token_.stop_requested() &&
         std::all_of(batch_.begin(), batch_.begin() + std::ptrdiff_t(got),
                     [](const Job& j) { return j.duration_ns == 0 && !j.will_fail; });
}

// Jobs with no work (the bulk of `bench`): a clock read per job was half the worker's time, so
// the clock is read once after the batch, and the jobs' starts and ends are spread evenly
// between the two readings. Every event is still recorded, in order, and each timestamp is off
// by at most the batch's span (a few microseconds). Jobs with consecutive ids and one class (a
// single producer's batch) are recorded as one run, which the collector expands.
void Pool::Worker::run_trivial_batch(std::size_t got, std::int64_t start, std::uint32_t reading,
                                     Tally& tally) {
  LaneRecorder& rec = rec_;
  const PauseGate& gate = engine_.gate;
  rec.set_state(static_cast<std::uint8_t>(WorkerState::running), start, batch_[0].id);
  bool one_run = got > 1;
  for (std::size_t i = 0; i < got; ++i) {
    const Job& job = batch_[i];
    outs_[i] = JobResult{job.id, job.submit_ns, 0, 0, slot_, JobOutcome::ok, job.id * 2};
    if (i > 0) one_run &= job.id == batch_[i - 1].id + 1 && job.cls == batch_[0].cls;
  }
  const std::int64_t end = std::max(start, now_ns());
  const EvenSpread spread(start, end, got);
  // Published together, when the batch is done.
  LaneRecorder::Batch events(rec, one_run ? 2 : 2 * got);
  if (one_run) {
    events.record(EventKind::jobs_ran_run, start, batch_[0].id, reading, batch_[0].cls);
    events.record(EventKind::jobs_ran_run_end, end, got);
  }
  std::int64_t s = start;
  for (std::size_t i = 0; i < got; ++i) {
    JobResult& r = outs_[i];
    const std::int64_t e = spread.boundary(i + 1);
    const auto wait = static_cast<std::uint64_t>(gate.active_between(r.submit_ns, s));
    rec.queue_wait.record(wait);
    if (batch_[i].cls != 0) rec.record_class_wait(batch_[i].cls, wait);
    rec.service.record(static_cast<std::uint64_t>(e - s));
    if (!one_run) {
      // One depth reading per batch: the queue changed once, when the batch was taken.
      events.record(EventKind::job_started, s, r.id, std::exchange(reading, 0), batch_[i].cls);
      events.record(EventKind::job_finished, e, r.id);
    }
    r.start_ns = s;
    r.end_ns = e;
    s = e;
  }
  rec.set_state(static_cast<std::uint8_t>(WorkerState::running), outs_[got - 1].start_ns,
                outs_[got - 1].id);
  tally.busy_ns = static_cast<std::uint64_t>(s - start);
  tally.ok = got;
  tally.results = got;
}

// One job of a batch that is not trivial. `start` is when it starts (its take, or the previous
// job's end) and becomes when the next one starts.
void Pool::Worker::run_job(const Job& job, std::int64_t& start, std::uint32_t& reading,
                           Tally& tally) {
  LaneRecorder& rec = rec_;
  if (abort_token_.stop_requested()) {
    ++tally.cancelled;
    rec.record(EventKind::job_cancelled, start, job.id, std::exchange(reading, 0));
    return;
  }
  const bool downstream = cfg_.spec.downstream > 0;
  const bool limited = cfg_.spec.limit != LimitPolicy::none;
  int permit = 0;                  // calls in flight with this one (limited), 0 = no permit
  std::int64_t permit_ns = start;  // when the call was admitted: its latency counts from here
  if (downstream || limited) {
    // A free permit and connection are taken at once: the job starts at its take, which keeps
    // the depth reading's stamp. Waiting for the limiter's permit and for a connection are both
    // waiting to call the downstream. A wait seen coming shows live; one that was not (another
    // worker won the race for the last permit) is recorded once over, from the take: the record
    // never shows more calls at once than the limit allowed.
    const bool waits = (limited && engine_.limiter.would_wait()) ||
                       (downstream && engine_.downstream.would_wait());
    if (waits) {
      rec.enter(EventKind::downstream_wait_begin, WorkerState::waiting_downstream, start, job.id,
                std::exchange(reading, 0));
    }
    bool admitted = true, blocked = false;
    if (limited) {
      permit = engine_.limiter.acquire(abort_token_, &blocked);
      admitted = permit > 0;
      if (admitted && (waits || blocked)) permit_ns = now_ns();
    }
    if (admitted && downstream && !engine_.downstream.acquire(abort_token_, &blocked)) {
      admitted = false;
      if (permit > 0) engine_.limiter.release_unmeasured();
    }
    // Taken at once, but perhaps freed by a call whose record ends after this job's take (this
    // worker was preempted between the two): a record from the take would show one call more
    // than were allowed at once, so it is a wait too.
    if (admitted && !waits && !blocked &&
        engine_.last_call_end_ns.load(std::memory_order_acquire) > start) {
      blocked = true;
      if (limited) permit_ns = now_ns();
    }
    if (waits || blocked) {
      if (!waits) {
        rec.enter(EventKind::downstream_wait_begin, WorkerState::waiting_downstream, start,
                  job.id, std::exchange(reading, 0));
      }
      start = now_ns();
      rec.leave(EventKind::downstream_wait_end, start, job.id);
    }
    if (!admitted) {
      ++tally.cancelled;
      rec.record(EventKind::job_cancelled, start, job.id, std::exchange(reading, 0));
      return;
    }
  }
  rec.enter(EventKind::job_started, WorkerState::running, start, job.id, std::exchange(reading, 0),
            job.cls);
  // Time paused is not waiting: the queue was not being served for anyone.
  const auto wait = static_cast<std::uint64_t>(engine_.gate.active_between(job.submit_ns, start));
  rec.queue_wait.record(wait);
  if (job.cls != 0) rec.record_class_wait(job.cls, wait);
  JobOutcome outcome = JobOutcome::ok;
  // The downstream call first (its latency as it is at the job's start), then the job's work.
  std::int64_t work_start = start;
  if (const double latency_ms = cfg_.spec.downstream_latency_at(
          double(engine_.gate.active_between(engine_.start_ns, start)) / 1e9);
      latency_ms > 0) {
    work_start = start + ms_to_ns(latency_ms);
    if (!sleeper_.sleep_until(work_start, abort_token_)) outcome = JobOutcome::cancelled;
  }
  // A job with no work and no failure to raise needs no call (the bulk of `bench`).
  if (outcome == JobOutcome::ok && (job.duration_ns > 0 || job.will_fail)) {
    try {
      outcome = execute_job(job, cfg_.profile, work_start, abort_token_, sleeper_);
    } catch (const std::exception&) {
      // "Recover from panics": a failing job becomes an error result; the worker goes on.
      outcome = JobOutcome::failed;
    }
  }
  // One clock read per job: this job's end is the next job's start.
  const std::int64_t end = now_ns();
  if (downstream || permit > 0) {
    std::int64_t last = engine_.last_call_end_ns.load(std::memory_order_relaxed);
    while (last < end && !engine_.last_call_end_ns.compare_exchange_weak(
                             last, end, std::memory_order_release, std::memory_order_relaxed)) {
    }
  }
  if (downstream) engine_.downstream.release();
  if (permit > 0) {
    if (outcome == JobOutcome::cancelled) {
      engine_.limiter.release_unmeasured();
    } else {
      engine_.limiter.release(end - permit_ns, permit, outcome != JobOutcome::ok);
    }
  }
  const auto service = static_cast<std::uint64_t>(end - start);
  tally.busy_ns += service;
  switch (outcome) {
    case JobOutcome::ok:
      ++tally.ok;
      rec.record(EventKind::job_finished, end, job.id);
      break;
    case JobOutcome::failed:
      ++tally.failed;
      rec.record(EventKind::job_failed, end, job.id);
      break;
    case JobOutcome::timed_out:
      ++tally.failed;
      ++tally.timed_out;
      rec.record(EventKind::job_timed_out, end, job.id);
      break;
    case JobOutcome::cancelled:
    case JobOutcome::none:
      ++tally.cancelled;
      rec.record(EventKind::job_cancelled, end, job.id);
      break;
  }
  if (outcome != JobOutcome::cancelled) {
    rec.service.record(service);
    outs_[tally.results++] =
        JobResult{job.id, job.submit_ns, start, end, slot_, outcome, job.id * 2};
  }
  start = end;
}

void Pool::Worker::publish(const Tally& tally) {
  rec_.busy_ns.add(tally.busy_ns);
  if (tally.ok) rec_.completed.add(tally.ok);
  if (tally.failed) rec_.failed.add(tally.failed);
  if (tally.timed_out) rec_.timed_out.add(tally.timed_out);
  if (tally.cancelled) rec_.cancelled.add(tally.cancelled);
}

void Pool::Worker::send_results(std::size_t n_out) {
  Channel<JobResult>& results = engine_.results;
  std::size_t sent = 0;
  const std::span<JobResult> out_span(outs_.data(), n_out);
  ChanStatus rs = results.send_batch(out_span, sent, {}, TimePoint::min());
  if (rs == ChanStatus::timeout) {
    const std::int64_t t = now_ns();
    rec_.enter(EventKind::result_blocked_begin, WorkerState::blocked_result, t, outs_[sent].id);
    std::size_t more = 0;
    rs = results.send_batch(out_span.subspan(sent), more, abort_token_);
    sent += more;
    const std::int64_t t2 = now_ns();
    rec_.blocked_ns.add(static_cast<std::uint64_t>(t2 - t));
    rec_.leave(EventKind::result_blocked_end, t2);
  }
  // A cancelled send (abort) discards results of jobs already counted; a send on a closed
  // results channel (the close-results-early mistake) is an error, counted.
  if (rs == ChanStatus::closed) {
    rec_.sent_on_closed.add(n_out - sent);
    rec_.record(EventKind::result_send_failed, now_ns(), sent < n_out ? outs_[sent].id : 0,
                static_cast<std::uint32_t>(n_out - sent));
  }
}

}  // namespace poolscope
