// The producer: closed loop (N jobs or D seconds, as fast as the queue accepts), open loop
// (Poisson arrivals), or bursts; then it closes the jobs channel. The full-queue policy is
// applied here, on the producer's thread.
#include <sys/prctl.h>

#include <algorithm>
#include <array>
#include <random>
#include <span>

#include "engine_impl.h"

namespace poolscope {

namespace {

constexpr std::uint8_t as_u8(ProducerState s) { return static_cast<std::uint8_t>(s); }

}  // namespace

void Engine::Impl::run_job_inline(const Job& job, SettingsCache& s) {
  // caller-runs: the producer does the job itself, which also slows submission (the point).
  LaneRecorder& rec = producer_rec;
  Sleeper& sleeper = producer_sleeper;
  const std::int64_t start = now_ns();
  rec.caller_ran.add();
  rec.taken.add();
  rec.enter(EventKind::job_started, ProducerState::running_job, start, job.id);
  rec.queue_wait.record(0);
  JobOutcome outcome = JobOutcome::ok;
  try {
    outcome = execute_job(job, s.profile, start, abort.get_token(), sleeper);
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
  if (results.send(r, abort.get_token()) == ChanStatus::closed) rec.sent_on_closed.add();
}

// Offers one job under the current policy. False when the producer should stop.
bool Engine::Impl::submit(Job job, SettingsCache& s) {
  LaneRecorder& rec = producer_rec;
  job.submit_ns = now_ns();
  rec.submitted.add();
  if (submission_order_size.load(std::memory_order_relaxed) < options.order_kept) {
    std::lock_guard lk(records_mutex);
    submission_order.push_back(job.id);
    submission_order_size.store(submission_order.size(), std::memory_order_relaxed);
  }
  if (s.spec.mode == PoolMode::spawn) return spawn.spawn_job(job, s, producer_rec);
  JobQueue& queue = queue_for(job);  // the I/O pool's queue for I/O jobs when it has one
  DepthAt entered{};                 // when the job went in, and the depth just after
  ChanStatus st = queue.try_send(job, &entered);
  if (st == ChanStatus::would_block) {
    rec.full_arrivals.add();
    switch (s.spec.policy) {
      case FullPolicy::block: {
        const std::int64_t t = now_ns();
        rec.enter(EventKind::producer_blocked_begin, ProducerState::blocked, t, job.id);
        st = queue.send(job, submit_stop.get_token(), TimePoint::max(), &entered);
        // Unblocked when the job went in (stamped under the queue's lock), or when stopped.
        const std::int64_t t2 = st == ChanStatus::ok ? entered.t_ns : now_ns();
        rec.blocked_ns.add(static_cast<std::uint64_t>(gate.active_between(t, t2)));
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
  const bool main_queue = &queue == &jobs;
  if (main_queue) rec.max_depth.set_max(entered.depth);
  rec.record(EventKind::job_submitted, entered.t_ns, job.id,
             main_queue ? depth_reading(entered.depth) : 0);
  return true;
}

void Engine::Impl::producer_main(std::stop_token stop) {
  prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  if (!wait_for_start()) return;
  LaneRecorder& rec = producer_rec;
  SettingsCache s;
  s.refresh(settings);
  JobFactory factory(s.spec.seed);
  std::mt19937_64 arrivals(s.spec.seed ^ 0xA5A5A5A5A5A5A5A5ull);
  Sleeper& sleeper = producer_sleeper;

  const std::int64_t limit = s.spec.job_count();  // 0: bounded by duration only
  const std::int64_t end_at = s.spec.duration_s
                                  ? start_ns + static_cast<std::int64_t>(*s.spec.duration_s * 1e9)
                                  : INT64_MAX;
  std::uint64_t next_id = 1;
  std::int64_t next_arrival = start_ns;
  // Only id and submit time differ between empty jobs: the rest of each slot stays as built.
  std::array<Job, empty_job_batch> batch_slots{};
  rec.set_state(as_u8(ProducerState::producing), start_ns);

  auto more = [&] {
    return !stop.stop_requested() && (limit == 0 || std::int64_t(next_id) <= limit) &&
           now_ns() < end_at;
  };
  auto wait_until = [&](std::int64_t t) {
    if (t - now_ns() < 20'000) return true;  // close enough: do not record tiny waits
    rec.record(EventKind::producer_waiting_begin, now_ns());
    rec.set_state(as_u8(ProducerState::waiting_arrival), now_ns());
    const bool ok = sleeper.sleep_until(std::min(t, end_at), stop);
    rec.record(EventKind::producer_waiting_end, now_ns());
    rec.set_state(as_u8(ProducerState::producing), now_ns());
    return ok && now_ns() < end_at;
  };

  while (more()) {
    if (gate.paused()) {
      rec.set_state(as_u8(ProducerState::paused), now_ns());
      if (!gate.wait(stop)) break;
      rec.set_state(as_u8(ProducerState::producing), now_ns());
      next_arrival = now_ns();
    }
    s.refresh(settings);
    if (s.spec.rate && *s.spec.rate > 0) {
      next_arrival += static_cast<std::int64_t>(
          std::exponential_distribution<double>(*s.spec.rate)(arrivals) * 1e9);
      if (!wait_until(next_arrival)) break;
      if (!submit(factory.make(next_id++, s.profile), s)) break;
    } else if (s.spec.burst > 0 && s.spec.burst_every_ms > 0) {
      bool go_on = true;
      for (int i = 0; i < s.spec.burst && go_on && more(); ++i)
        go_on = submit(factory.make(next_id++, s.profile), s);
      if (!go_on) break;
      next_arrival += ms_to_ns(s.spec.burst_every_ms);
      if (!wait_until(next_arrival)) break;
    } else if (s.profile.empty() && s.spec.policy == FullPolicy::block &&
               s.spec.mode == PoolMode::pool) {
      // Empty jobs in a closed loop: hand them over in batches (one lock per batch).
      const std::int64_t t = now_ns();
      std::size_t n = empty_job_batch;
      if (limit != 0) n = std::min<std::size_t>(n, std::size_t(limit) + 1 - next_id);
      const std::span<Job> batch(batch_slots.data(), n);
      for (Job& j : batch) {
        j.id = next_id++;
        j.submit_ns = t;
        rec.record(EventKind::job_submitted, t, j.id);
      }
      rec.submitted.add(batch.size());
      if (submission_order_size.load(std::memory_order_relaxed) < options.order_kept) {
        std::lock_guard lk(records_mutex);
        for (const Job& j : batch)
          if (submission_order.size() < options.order_kept) submission_order.push_back(j.id);
        submission_order_size.store(submission_order.size(), std::memory_order_relaxed);
      }
      std::size_t sent = 0;
      DepthAt after{};
      ChanStatus st = jobs.send_batch(batch, sent, {}, TimePoint::min(), &after);
      if (st == ChanStatus::timeout) {
        const std::int64_t tb = now_ns();
        rec.record(EventKind::producer_blocked_begin, tb, batch[sent].id);
        std::size_t more_sent = 0;
        st = jobs.send_batch(batch.subspan(sent), more_sent, submit_stop.get_token(),
                             TimePoint::max(), &after);
        sent += more_sent;
        // Unblocked by the last push, stamped under the queue's lock with the depth after it.
        const std::int64_t te = more_sent > 0 ? after.t_ns : now_ns();
        rec.blocked_ns.add(static_cast<std::uint64_t>(gate.active_between(tb, te)));
        rec.record(EventKind::producer_blocked_end, te, 0,
                   more_sent > 0 ? depth_reading(after.depth) : 0);
      }
      rec.max_depth.set_max(after.depth);
      if (sent < batch.size()) {
        rec.cancelled.add(batch.size() - sent);
        for (std::size_t i = sent; i < batch.size(); ++i)
          rec.record(EventKind::job_cancelled, now_ns(), batch[i].id);
        break;
      }
    } else {
      if (!submit(factory.make(next_id++, s.profile), s)) break;
    }
  }
  const std::int64_t done_at = now_ns();
  rec.set_state(as_u8(ProducerState::done), done_at);
  producer_done_ns.store(done_at);
  const Mistake mistake = s.spec.mistake;
  if (mistake == Mistake::forget_close && !stop.stop_requested()) {
    // The mistake: the producer returns without closing the jobs channel, so the workers wait
    // for a job that never comes. (A shutdown still closes it.)
  } else {
    pool.close_jobs_channel();
  }
  if (mistake == Mistake::close_results_early && !stop.stop_requested()) {
    // The mistake: results are closed as soon as the last job is sent, not after the last
    // worker has exited; workers still busy will send on a closed channel.
    results.close();
  }
  pool.on_producer_exit();
  mark_thread_done();
}

}  // namespace poolscope
