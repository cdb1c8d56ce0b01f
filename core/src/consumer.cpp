// The consumer: drains results in completion order, with an optional per-result delay (a slow
// consumer makes the results queue fill and the workers block: results backpressure).
#include <sys/prctl.h>

#include "engine_impl.h"

namespace poolscope {

namespace {

constexpr std::uint8_t as_u8(ConsumerState s) { return static_cast<std::uint8_t>(s); }

}  // namespace

void Engine::Impl::consumer_main() {
  prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  if (!wait_for_start()) return;
  LaneRecorder& rec = consumer_rec;
  Sleeper sleeper;
  SettingsCache s;
  std::array<JobResult, empty_job_batch> buf;
  const std::stop_token fast = fast_consumer.get_token();
  rec.set_state(as_u8(ConsumerState::waiting), now_ns());
  s.refresh(settings);
  if (s.spec.mistake == Mistake::wait_before_drain) wait_for_workers_mistake(sleeper, fast);

  for (;;) {
    s.refresh(settings);
    const bool slow = s.spec.consumer_ms > 0 && !fast.stop_requested();
    const std::size_t want = slow ? 1 : buf.size();
    std::size_t got = 0;
    ChanStatus st =
        results.recv_batch(std::span<JobResult>(buf.data(), want), got, {}, TimePoint::min());
    if (got == 0 && st == ChanStatus::timeout) {
      const std::int64_t t = now_ns();
      rec.enter(EventKind::worker_idle_begin, ConsumerState::waiting, t);
      // No stop token: the consumer drains until the last worker has closed the results.
      st = results.recv_batch(std::span<JobResult>(buf.data(), want), got);
      rec.record(EventKind::worker_idle_end, now_ns());
    }
    if (got == 0) break;  // closed and drained

    std::int64_t t = now_ns();
    for (std::size_t i = 0; i < got; ++i) {
      const JobResult& r = buf[i];
      if (slow && !fast.stop_requested()) {
        rec.enter(EventKind::consumer_busy_begin, ConsumerState::consuming, t, r.id);
        sleeper.sleep_until(t + ms_to_ns(s.spec.consumer_ms), fast);
        t = now_ns();
        rec.leave(EventKind::consumer_busy_end, ConsumerState::waiting, t, r.id);
      }
      rec.latency.record(static_cast<std::uint64_t>(gate.active_between(r.submit_ns, t)));
      rec.record(EventKind::result_consumed, t, r.id);
    }
    rec.consumed.add(got);

    const bool want_order =
        completion_order_size.load(std::memory_order_relaxed) < options.order_kept;
    if (want_order || options.job_records_kept > 0) {
      std::lock_guard lk(records_mutex);
      if (want_order) {
        for (std::size_t i = 0; i < got && completion_order.size() < options.order_kept; ++i)
          completion_order.push_back(buf[i].id);
        completion_order_size.store(completion_order.size(), std::memory_order_relaxed);
      }
      records.append(got, [&](std::size_t i) {
        const JobResult& r = buf[i];
        return JobRecord{r.id,
                         r.submit_ns,
                         r.start_ns,
                         r.end_ns,
                         r.worker,
                         r.outcome,
                         EventKind::result_consumed};
      });
    }
  }
  // Normally the results close only after the last worker has exited; if they were closed early
  // (a mistake), the run is not over until the workers are gone too.
  while (!pool.workers_gone()) sleeper.sleep_until(now_ns() + 2'000'000, {});
  const std::int64_t done_at = now_ns();
  rec.set_state(as_u8(ConsumerState::done), done_at);
  consumer_done_ns.store(done_at);
  mark_thread_done();
}

// The wait-before-drain mistake: like calling wg.Wait() before ranging over the results. The
// results channel closes only when every worker has exited, so this waits for that; the workers
// block once the results buffer is full, and nothing moves. A cancel (or abort) ends the wait.
void Engine::Impl::wait_for_workers_mistake(Sleeper& sleeper, std::stop_token fast) {
  consumer_waits_workers.store(true);
  const std::int64_t t = now_ns();
  consumer_rec.record(EventKind::worker_idle_begin, t);
  while (!results.closed() && !fast.stop_requested()) {
    // Polling is fine here: this is a lesson's mistake, not a hot path.
    sleeper.sleep_until(now_ns() + 2'000'000, fast);
  }
  consumer_rec.record(EventKind::worker_idle_end, now_ns());
  consumer_waits_workers.store(false);
}

}  // namespace poolscope
