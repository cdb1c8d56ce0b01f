// The producer: closed loop (N jobs or D seconds, as fast as the queue accepts), open loop
// (Poisson arrivals), or bursts; then it closes the jobs channel. The full-queue policy is
// applied here, on the producer's thread.
#include "producer.h"

#include <sys/prctl.h>

#include <algorithm>
#include <array>
#include <random>

namespace poolscope {

namespace {

constexpr std::uint8_t as_u8(ProducerState s) { return static_cast<std::uint8_t>(s); }

SettingsCache current_settings(const LiveSettings& live) {
  SettingsCache s;
  s.refresh(live);
  return s;
}

}  // namespace

Producer::Producer(EngineShared& engine, Pool& pool, SpawnMode& spawn)
    : engine_(engine),
      pool_(pool),
      spawn_(spawn),
      rec_(producer_lane, engine.options.events_per_lane, engine.options.record_events,
           engine.options.lossless_events) {}

// ---- one run's loop ----

class Producer::Run {
 public:
  Run(Producer& producer, std::stop_token stop);
  void loop();  // until the jobs or the time run out, or a stop
  const SettingsCache& settings() const { return s_; }

 private:
  bool more() const;
  bool wait_until(std::int64_t t);
  bool wait_while_paused();
  bool next_poisson_arrival();
  bool next_burst();
  bool submit_empty_batch();
  Job make_job() { return factory_.make(next_id_++, s_.profile); }

  Producer& producer_;
  EngineShared& engine_;
  LaneRecorder& rec_;
  const std::stop_token stop_;
  SettingsCache s_;
  JobFactory factory_;
  std::mt19937_64 arrivals_;
  std::int64_t limit_ = 0;  // 0: bounded by duration only
  std::int64_t end_at_ = INT64_MAX;
  std::uint64_t next_id_ = 1;
  std::int64_t next_arrival_ = 0;
  // Only id and submit time differ between empty jobs: the rest of each slot stays as built.
  std::array<Job, empty_job_batch> batch_slots_{};
};

Producer::Run::Run(Producer& producer, std::stop_token stop)
    : producer_(producer),
      engine_(producer.engine_),
      rec_(producer.rec_),
      stop_(std::move(stop)),
      s_(current_settings(engine_.settings)),
      factory_(s_.spec.seed),
      arrivals_(s_.spec.seed ^ 0xA5A5A5A5A5A5A5A5ull) {
  limit_ = s_.spec.job_count();
  if (s_.spec.duration_s)
    end_at_ = engine_.start_ns + static_cast<std::int64_t>(*s_.spec.duration_s * 1e9);
  next_arrival_ = engine_.start_ns;
}

void Producer::Run::loop() {
  rec_.set_state(as_u8(ProducerState::producing), engine_.start_ns);
  while (more()) {
    if (engine_.gate.paused() && !wait_while_paused()) break;
    s_.refresh(engine_.settings);
    bool go_on = true;
    if (s_.spec.rate && *s_.spec.rate > 0) {
      go_on = next_poisson_arrival();
    } else if (s_.spec.burst > 0 && s_.spec.burst_every_ms > 0) {
      go_on = next_burst();
    } else if (s_.profile.empty() && s_.spec.policy == FullPolicy::block &&
               s_.spec.mode == PoolMode::pool) {
      go_on = submit_empty_batch();
    } else {
      go_on = producer_.submit(make_job(), s_);
    }
    if (!go_on) break;
  }
}

bool Producer::Run::more() const {
  return !stop_.stop_requested() && (limit_ == 0 || std::int64_t(next_id_) <= limit_) &&
         now_ns() < end_at_;
}

bool Producer::Run::wait_until(std::int64_t t) {
  if (t - now_ns() < 20'000) return true;  // close enough: do not record tiny waits
  rec_.record(EventKind::producer_waiting_begin, now_ns());
  rec_.set_state(as_u8(ProducerState::waiting_arrival), now_ns());
  const bool ok = producer_.sleeper_.sleep_until(std::min(t, end_at_), stop_);
  rec_.record(EventKind::producer_waiting_end, now_ns());
  rec_.set_state(as_u8(ProducerState::producing), now_ns());
  return ok && now_ns() < end_at_;
}

// False: stopped while paused.
bool Producer::Run::wait_while_paused() {
  rec_.set_state(as_u8(ProducerState::paused), now_ns());
  if (!engine_.gate.wait(stop_)) return false;
  rec_.set_state(as_u8(ProducerState::producing), now_ns());
  next_arrival_ = now_ns();
  return true;
}

// Open loop: one job at the next Poisson arrival.
bool Producer::Run::next_poisson_arrival() {
  next_arrival_ += static_cast<std::int64_t>(
      std::exponential_distribution<double>(*s_.spec.rate)(arrivals_) * 1e9);
  if (!wait_until(next_arrival_)) return false;
  return producer_.submit(make_job(), s_);
}

bool Producer::Run::next_burst() {
  bool go_on = true;
  for (int i = 0; i < s_.spec.burst && go_on && more(); ++i)
    go_on = producer_.submit(make_job(), s_);
  if (!go_on) return false;
  next_arrival_ += ms_to_ns(s_.spec.burst_every_ms);
  return wait_until(next_arrival_);
}

// Empty jobs in a closed loop: hand them over in batches (one lock per batch).
bool Producer::Run::submit_empty_batch() {
  LaneRecorder& rec = rec_;
  JobQueue& jobs = engine_.jobs;
  const std::int64_t t = now_ns();
  std::size_t n = empty_job_batch;
  if (limit_ != 0) n = std::min<std::size_t>(n, std::size_t(limit_) + 1 - next_id_);
  const std::span<Job> batch(batch_slots_.data(), n);
  std::uint64_t id = next_id_;
  for (Job& j : batch) {
    j.id = id++;
    j.submit_ns = t;
  }
  // One run for the whole batch (consecutive ids, one instant): the collector expands it.
  rec.record(EventKind::jobs_submitted_run, t, next_id_, static_cast<std::uint32_t>(n));
  next_id_ = id;
  rec.submitted.add(batch.size());
  producer_.keep_submission_order(batch);
  std::size_t sent = 0;
  DepthAt after{};
  ChanStatus st = jobs.send_batch(batch, sent, {}, TimePoint::min(), &after);
  if (st == ChanStatus::timeout) {
    const std::int64_t tb = now_ns();
    rec.record(EventKind::producer_blocked_begin, tb, batch[sent].id);
    std::size_t more_sent = 0;
    st = jobs.send_batch(batch.subspan(sent), more_sent, engine_.submit_stop.get_token(),
                         TimePoint::max(), &after);
    sent += more_sent;
    // Unblocked by the last push, stamped under the queue's lock with the depth after it.
    const std::int64_t te = more_sent > 0 ? after.t_ns : now_ns();
    rec.blocked_ns.add(static_cast<std::uint64_t>(engine_.gate.active_between(tb, te)));
    rec.record(EventKind::producer_blocked_end, te, 0,
               more_sent > 0 ? depth_reading(after.depth) : 0);
  }
  rec.max_depth.set_max(after.depth);
  if (sent < batch.size()) {
    rec.cancelled.add(batch.size() - sent);
    for (std::size_t i = sent; i < batch.size(); ++i)
      rec.record(EventKind::job_cancelled, now_ns(), batch[i].id);
    return false;
  }
  return true;
}

// ---- the thread ----

void Producer::producer_main(std::stop_token stop) {
  prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  if (!engine_.wait_for_start()) return;
  Run run(*this, stop);
  run.loop();
  finish(run.settings().spec.mistake, stop);
}

void Producer::finish(Mistake mistake, std::stop_token stop) {
  const std::int64_t done_at = now_ns();
  rec_.set_state(as_u8(ProducerState::done), done_at);
  engine_.producer_done_ns.store(done_at);
  if (mistake == Mistake::forget_close && !stop.stop_requested()) {
    // The mistake: the producer returns without closing the jobs channel, so the workers wait
    // for a job that never comes. (A shutdown still closes it.)
  } else {
    pool_.close_jobs_channel();
  }
  if (mistake == Mistake::close_results_early && !stop.stop_requested()) {
    // The mistake: results are closed as soon as the last job is sent, not after the last
    // worker has exited; workers still busy will send on a closed channel.
    engine_.results.close();
  }
  pool_.on_producer_exit();
  engine_.mark_thread_done();
}

void Producer::keep_submission_order(std::span<const Job> jobs) {
  const std::size_t kept = engine_.options.order_kept;
  if (submission_order_size_.load(std::memory_order_relaxed) >= kept) return;
  std::lock_guard lk(engine_.records_mutex);
  for (const Job& j : jobs)
    if (submission_order_.size() < kept) submission_order_.push_back(j.id);
  submission_order_size_.store(submission_order_.size(), std::memory_order_relaxed);
}

// ---- one job ----

void Producer::run_job_inline(const Job& job, SettingsCache& s) {
  // caller-runs: the producer does the job itself, which also slows submission (the point).
  LaneRecorder& rec = rec_;
  const std::int64_t start = now_ns();
  rec.caller_ran.add();
  rec.taken.add();
  rec.enter(EventKind::job_started, ProducerState::running_job, start, job.id);
  rec.queue_wait.record(0);
  JobOutcome outcome = JobOutcome::ok;
  try {
    outcome = execute_job(job, s.profile, start, engine_.abort.get_token(), sleeper_);
  } catch (const std::exception&) {
    outcome = JobOutcome::failed;
  }
  const std::int64_t end = now_ns();
  // The job has ended: leave running_job before counting it, so that no snapshot sees it both
  // ended and in progress (even while the result send below blocks on a full results queue).
  rec.set_state(as_u8(ProducerState::producing), end);
  rec.busy_ns.add(static_cast<std::uint64_t>(end - start));
  switch (outcome) {
    case JobOutcome::ok:
      rec.completed.add();
      rec.record(EventKind::job_finished, end, job.id);
      break;
    case JobOutcome::timed_out:
      rec.timed_out.add();
      [[fallthrough]];
    case JobOutcome::failed:
      rec.failed.add();
      rec.record(outcome == JobOutcome::failed ? EventKind::job_failed : EventKind::job_timed_out,
                 end, job.id);
      break;
    case JobOutcome::cancelled:
    case JobOutcome::none:
      rec.cancelled.add();
      rec.record(EventKind::job_cancelled, end, job.id);
      return;
  }
  rec.service.record(static_cast<std::uint64_t>(end - start));
  JobResult r{job.id, job.submit_ns, start, end, -2, outcome, job.id * 2};
  if (engine_.results.send(r, engine_.abort.get_token()) == ChanStatus::closed)
    rec.sent_on_closed.add();
}

bool Producer::submit(Job job, SettingsCache& s) {
  LaneRecorder& rec = rec_;
  job.submit_ns = now_ns();
  rec.submitted.add();
  keep_submission_order(std::span<const Job>(&job, 1));
  if (s.spec.mode == PoolMode::spawn) return spawn_.spawn_job(job, s, rec);
  JobQueue& queue = queue_for(job);  // the I/O pool's queue for I/O jobs when it has one
  DepthAt entered{};                 // when the job went in, and the depth just after
  ChanStatus st = queue.try_send(job, &entered);
  if (st == ChanStatus::would_block) {
    rec.full_arrivals.add();
    switch (s.spec.policy) {
      case FullPolicy::block: {
        const std::int64_t t = now_ns();
        rec.enter(EventKind::producer_blocked_begin, ProducerState::blocked, t, job.id);
        st = queue.send(job, engine_.submit_stop.get_token(), TimePoint::max(), &entered);
        // Unblocked when the job went in (stamped under the queue's lock), or when stopped.
        const std::int64_t t2 = st == ChanStatus::ok ? entered.t_ns : now_ns();
        rec.blocked_ns.add(static_cast<std::uint64_t>(engine_.gate.active_between(t, t2)));
        rec.leave(EventKind::producer_blocked_end, ProducerState::producing, t2, job.id);
        break;
      }
      case FullPolicy::reject:
        rec.rejected.add();
        rec.record(EventKind::job_rejected, job.submit_ns, job.id);
        return true;
      case FullPolicy::caller_runs:
        run_job_inline(job, s);
        return true;
      case FullPolicy::drop_oldest: {
        Job oldest;
        while (st == ChanStatus::would_block) {
          if (!queue.take_oldest(oldest)) {
            // Nothing queued to drop (an unbuffered queue with no receiver): drop the new one.
            rec.dropped.add();
            rec.record(EventKind::job_dropped, now_ns(), job.id);
            return true;
          }
          rec.dropped.add();
          rec.record(EventKind::job_dropped, now_ns(), oldest.id);
          st = queue.try_send(job, &entered);
        }
        break;
      }
    }
  }
  if (st != ChanStatus::ok) {
    // Stopped while blocked, or the queue closed by a shutdown: the job never entered the queue.
    rec.cancelled.add();
    rec.record(EventKind::job_cancelled, now_ns(), job.id);
    return false;
  }
  // Stamped when the job went in, with the depth just after, both under the queue's lock: a
  // reading taken outside it could miss a worker's take or see one stamped after it, and the
  // graph would be a job off until the next change. (Its queue wait counts from job.submit_ns.)
  // Only the main queue's depth is drawn: a job for the I/O pool carries no reading.
  const bool main_queue = &queue == &engine_.jobs;
  if (main_queue) rec.max_depth.set_max(entered.depth);
  rec.record(EventKind::job_submitted, entered.t_ns, job.id,
             main_queue ? depth_reading(entered.depth) : 0);
  return true;
}

}  // namespace poolscope
