// The consumer: drains results in completion order, with an optional per-result delay (a slow
// consumer makes the results queue fill and the workers block: results backpressure).
#include "consumer.h"

#include <sys/prctl.h>

#include <span>

namespace poolscope {

namespace {

constexpr std::uint8_t as_u8(ConsumerState s) { return static_cast<std::uint8_t>(s); }

}  // namespace

Consumer::Consumer(EngineShared& engine, Pool& pool)
    : engine_(engine),
      pool_(pool),
      rec_(consumer_lane, engine.options.events_per_lane, engine.options.record_events,
           engine.options.lossless_events) {}

void Consumer::consumer_main() {
  prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  if (!engine_.wait_for_start()) return;
  LaneRecorder& rec = rec_;
  Sleeper sleeper;
  SettingsCache s;
  Results buf;
  const std::stop_token fast = engine_.fast_consumer.get_token();
  rec.set_state(as_u8(ConsumerState::waiting), now_ns());
  s.refresh(engine_.settings);
  if (s.spec.mistake == Mistake::wait_before_drain) wait_for_workers_mistake(sleeper, fast);

  // A result is consumed at `at`: its latency.
  const auto record_latency = [&](const JobResult& r, std::int64_t at) {
    rec.latency.record(static_cast<std::uint64_t>(engine_.gate.active_between(r.submit_ns, at)));
  };

  for (;;) {
    s.refresh(engine_.settings);
    const bool slow = s.spec.consumer_ms > 0 && !fast.stop_requested();
    DepthAt taken{};
    const std::size_t got = receive(buf, slow ? 1 : buf.size(), taken);
    if (got == 0) break;  // closed and drained

    // Consumed when taken, stamped under the queue's lock: a consumer preempted right after the
    // take must not make the results look queued for longer than they were.
    std::int64_t t = taken.t_ns;
    if (slow) {
      for (std::size_t i = 0; i < got; ++i) {
        const JobResult& r = buf[i];
        if (!fast.stop_requested()) {
          rec.enter(EventKind::consumer_busy_begin, ConsumerState::consuming, t, r.id);
          sleeper.sleep_until(t + ms_to_ns(s.spec.consumer_ms), fast);
          t = now_ns();
          rec.leave(EventKind::consumer_busy_end, ConsumerState::waiting, t, r.id);
        }
        record_latency(r, t);
        rec.record(EventKind::result_consumed, t, r.id);
      }
    } else {
      // Results taken together are consumed together: their events are published at once, a
      // stretch of consecutive ids (one worker's batch) as one run.
      LaneRecorder::Batch events(rec, got);
      for (std::size_t i = 0; i < got;) {
        std::size_t j = i + 1;
        while (j < got && buf[j].id == buf[j - 1].id + 1) ++j;
        for (std::size_t k = i; k < j; ++k) record_latency(buf[k], t);
        if (j - i == 1)
          events.record(EventKind::result_consumed, t, buf[i].id);
        else
          events.record(EventKind::results_consumed_run, t, buf[i].id,
                        static_cast<std::uint32_t>(j - i));
        i = j;
      }
    }
    rec.consumed.add(got);
    keep_order_and_records(buf, got, t);
  }
  // Normally the results close only after the last worker has exited; if they were closed early
  // (a mistake), the run is not over until the workers are gone too.
  while (!pool_.workers_gone()) sleeper.sleep_until(now_ns() + 2'000'000, {});
  const std::int64_t done_at = now_ns();
  rec.set_state(as_u8(ConsumerState::done), done_at);
  engine_.consumer_done_ns.store(done_at);
  engine_.mark_thread_done();
}

std::size_t Consumer::receive(Results& buf, std::size_t want, DepthAt& taken) {
  Channel<JobResult>& results = engine_.results;
  const std::span<JobResult> into(buf.data(), want);
  std::size_t got = 0;
  const ChanStatus st = results.recv_batch(into, got, {}, TimePoint::min(), &taken);
  if (got == 0 && st == ChanStatus::timeout) {
    rec_.enter(EventKind::worker_idle_begin, ConsumerState::waiting, now_ns());
    // No stop token: the consumer drains until the last worker has closed the results.
    results.recv_batch(into, got, {}, TimePoint::max(), &taken);
    rec_.leave(EventKind::worker_idle_end, got > 0 ? taken.t_ns : now_ns());
  }
  return got;
}

void Consumer::keep_order_and_records(const Results& buf, std::size_t got,
                                      std::int64_t consumed_ns) {
  const std::size_t kept = engine_.options.order_kept;
  const bool want_order = completion_order_size_.load(std::memory_order_relaxed) < kept;
  if (!want_order && engine_.options.job_records_kept == 0) return;
  std::lock_guard lk(engine_.records_mutex);
  if (want_order) {
    for (std::size_t i = 0; i < got && completion_order_.size() < kept; ++i)
      completion_order_.push_back(buf[i].id);
    completion_order_size_.store(completion_order_.size(), std::memory_order_relaxed);
  }
  engine_.records.append(got, [&](std::size_t i) {
    const JobResult& r = buf[i];
    // A batch is taken at one instant; a slow consumer takes one result at a time, at t.
    return JobRecord{r.id,        r.submit_ns, r.start_ns, r.end_ns,
                     consumed_ns, r.worker,    r.outcome,  EventKind::result_consumed};
  });
}

// The wait-before-drain mistake: like calling wg.Wait() before ranging over the results. The
// results channel closes only when every worker has exited, so this waits for that; the workers
// block once the results buffer is full, and nothing moves. A cancel (or abort) ends the wait.
void Consumer::wait_for_workers_mistake(Sleeper& sleeper, std::stop_token fast) {
  waits_workers_.store(true);
  rec_.record(EventKind::worker_idle_begin, now_ns());
  while (!engine_.results.closed() && !fast.stop_requested()) {
    // Polling is fine here: this is a lesson's mistake, not a hot path.
    sleeper.sleep_until(now_ns() + 2'000'000, fast);
  }
  rec_.leave(EventKind::worker_idle_end, now_ns());
  waits_workers_.store(false);
}

}  // namespace poolscope
