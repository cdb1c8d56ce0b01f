// Spawn mode (lesson 1), one OS thread per job. Hard-capped at spawn_cap threads at once: at the
// cap the producer waits for a job thread to end (recorded as blocked), where a truly unbounded
// program would keep creating threads until memory or the kernel's thread limit ran out.
#include <sys/prctl.h>

#include <system_error>

#include "spawn_mode.h"

namespace poolscope {

SpawnMode::SpawnMode(EngineShared& engine, Pool& pool)
    : engine_(engine),
      pool_(pool),
      spawn_rec_(0xFFFE, engine.options.events_per_lane,
                 engine.options.record_events && engine.initial_spec.mode == PoolMode::spawn,
                 engine.options.lossless_events) {
  if (engine_.initial_spec.mode != PoolMode::spawn) return;
  const int cap = engine_.options.spawn_cap;
  spawn_threads_.resize(std::size_t(cap));
  spawn_free_.reserve(std::size_t(cap));
  // Lowest slots on top, so a quiet run reuses a few slots.
  for (int i = cap - 1; i >= 0; --i) spawn_free_.push_back(i);
}

bool SpawnMode::spawn_job(const Job& job, const SettingsCache& s, LaneRecorder& rec) {
  int slot = -1;
  {
    std::unique_lock lk(spawn_mutex);
    if (spawn_free_.empty()) {
      rec.full_arrivals.add();
      const std::int64_t t = now_ns();
      rec.enter(EventKind::producer_blocked_begin, ProducerState::blocked, t, job.id);
      spawn_cv.wait(lk, engine_.submit_stop.get_token(), [&] { return !spawn_free_.empty(); });
      const std::int64_t t2 = now_ns();
      rec.blocked_ns.add(static_cast<std::uint64_t>(engine_.gate.active_between(t, t2)));
      rec.leave(EventKind::producer_blocked_end, ProducerState::producing, t2, job.id);
    }
    if (!spawn_free_.empty()) {
      slot = spawn_free_.back();
      spawn_free_.pop_back();
    }
  }
  if (slot < 0) {  // stopped while waiting at the cap
    rec.cancelled.add();
    rec.record(EventKind::job_cancelled, now_ns(), job.id);
    return false;
  }
  std::jthread& thread = spawn_threads_[std::size_t(slot)];
  if (thread.joinable()) thread.join();  // the slot's previous thread freed it as it exited
  pool_.add_sender();
  const int live = spawned_live_.fetch_add(1) + 1;
  int peak = spawned_peak_.load();
  while (live > peak && !spawned_peak_.compare_exchange_weak(peak, live)) {
  }
  rec.record(EventKind::job_submitted, job.submit_ns, job.id);
  try {
    thread =
        std::jthread([this, slot, job, profile = s.profile] { spawned_main(slot, job, profile); });
  } catch (const std::system_error&) {
    // The kernel refused another thread (EAGAIN): where unbounded spawning ends. The job is
    // refused and counted, like a rejection.
    spawned_live_.fetch_sub(1);
    pool_.remove_unstarted_sender();
    {
      std::lock_guard lk(spawn_mutex);
      spawn_free_.push_back(slot);
    }
    rec.rejected.add();
    rec.record(EventKind::job_rejected, now_ns(), job.id);
  }
  return true;
}

namespace {

EventKind end_event(JobOutcome outcome) {
  switch (outcome) {
    case JobOutcome::ok:
      return EventKind::job_finished;
    case JobOutcome::failed:
      return EventKind::job_failed;
    case JobOutcome::timed_out:
      return EventKind::job_timed_out;
    case JobOutcome::cancelled:
    case JobOutcome::none:
      break;
  }
  return EventKind::job_cancelled;
}

}  // namespace

void SpawnMode::spawned_main(int slot, Job job, JobProfile profile) {
  prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  Sleeper sleeper;
  const std::stop_token abort_token = engine_.abort.get_token();
  const std::int64_t start = now_ns();
  const auto wait = static_cast<std::uint64_t>(engine_.gate.active_between(job.submit_ns, start));
  {
    std::lock_guard lk(spawn_rec_mutex);
    spawn_rec_.taken.add();
    spawn_rec_.record(EventKind::job_started, start, job.id);
    spawn_rec_.queue_wait.record(wait);  // the time it took to create this thread
    if (job.cls != 0) spawn_rec_.record_class_wait(job.cls, wait);
  }
  JobOutcome outcome = JobOutcome::ok;
  try {
    outcome = execute_job(job, profile, start, abort_token, sleeper);
  } catch (const std::exception&) {
    outcome = JobOutcome::failed;
  }
  const std::int64_t end = now_ns();
  {
    std::lock_guard lk(spawn_rec_mutex);
    spawn_rec_.busy_ns.add(static_cast<std::uint64_t>(end - start));
    switch (outcome) {
      case JobOutcome::ok:
        spawn_rec_.completed.add();
        break;
      case JobOutcome::timed_out:
        spawn_rec_.timed_out.add();
        [[fallthrough]];
      case JobOutcome::failed:
        spawn_rec_.failed.add();
        break;
      case JobOutcome::cancelled:
      case JobOutcome::none:
        spawn_rec_.cancelled.add();
        break;
    }
    if (outcome != JobOutcome::cancelled) spawn_rec_.service.record(std::uint64_t(end - start));
    spawn_rec_.record(end_event(outcome), end, job.id);
  }
  if (outcome != JobOutcome::cancelled && outcome != JobOutcome::none) {
    const JobResult r{job.id, job.submit_ns, start, end, slot, outcome, job.id * 2};
    if (engine_.results.send(r, abort_token) == ChanStatus::closed) {
      std::lock_guard lk(spawn_rec_mutex);
      spawn_rec_.sent_on_closed.add();
    }
  }
  spawned_live_.fetch_sub(1);
  pool_.on_sender_exit();  // the last sender out closes the results, as the pool's workers do
  {
    std::lock_guard lk(spawn_mutex);
    spawn_free_.push_back(slot);
  }
  spawn_cv.notify_one();
}

void SpawnMode::join_all() {
  for (std::jthread& t : spawn_threads_)
    if (t.joinable()) t.join();
}

}  // namespace poolscope
