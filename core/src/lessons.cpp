// What the lessons add to the engine's collector thread: the stall detector (deadlocks and
// leaks end the run with a finding), the dynamic pool's autoscaling, and the measurements the
// theory and the pool-vs-spawn lesson compare (jobs in the system, threads, memory, waits by
// job class, send-on-closed findings).
#include <algorithm>
#include <thread>

#include "engine_impl.h"
#include "process_stats.h"

namespace poolscope {

// Jobs submitted and not yet out of the system (consumed, rejected, dropped, cancelled, or lost
// to a send on a closed channel). Read at 1 kHz for Little's law; a torn read only blurs it.
std::uint64_t Engine::Impl::in_system_now() const {
  std::uint64_t out = consumer.recorder().consumed.get() + producer.recorder().rejected.get() +
                      producer.recorder().dropped.get() + producer.recorder().cancelled.get() +
                      producer.recorder().sent_on_closed.get() + control_rec.cancelled.get() +
                      spawn.recorder().cancelled.get() + spawn.recorder().sent_on_closed.get();
  const int lanes = pool.lanes();
  for (int i = 0; i < lanes; ++i) {
    const LaneRecorder* r = pool.recorder(i);
    if (r) out += r->cancelled.get() + r->sent_on_closed.get();
  }
  const std::uint64_t submitted = producer.recorder().submitted.get();
  return submitted > out ? submitted - out : 0;
}

void Engine::Impl::sample_in_system(std::int64_t now, bool while_paused) {
  if (in_system_last_t != 0 && now > in_system_last_t && !while_paused) {
    in_system_area += double(in_system_last) * double(now - in_system_last_t);
    in_system_time += now - in_system_last_t;
  }
  in_system_last_t = now;
  in_system_last = in_system_now();
}

void Engine::Impl::add_lesson_views(Snapshot& s, std::int64_t now) {
  (void)now;
  s.io_queue_depth = io_jobs.buffered();
  s.io_queue_capacity = io_pool_used ? io_jobs.capacity() : 0;
  s.mean_in_system = in_system_time > 0 ? in_system_area / double(in_system_time) : 0.0;

  ProcessView& p = s.process;
  if (const auto sample = read_process_sample()) {
    p.threads = sample->threads;
    p.rss_mb = sample->rss_mb;
    p.vm_mb = sample->vm_mb;
    if (s.phase != RunPhase::finished) {
      threads_peak = std::max(threads_peak, sample->threads);
      rss_peak_mb = std::max(rss_peak_mb, sample->rss_mb);
    }
  }
  p.threads_peak = std::max(threads_peak, p.threads);
  p.rss_peak_mb = std::max(rss_peak_mb, p.rss_mb);
  p.spawned_live = spawn.live();
  p.spawned_peak = spawn.peak();
  p.spawn_cap = s.spec.mode == PoolMode::spawn ? options.spawn_cap : 0;

  s.consumer.waiting_for_workers = consumer.waiting_for_workers();

  // Waits by class.
  HistogramData all, high, io;
  const int lanes = pool.lanes();
  auto merge = [&](const LaneRecorder& r) {
    r.queue_wait.merge_into(all);
    r.high_wait.merge_into(high);
    r.io_wait.merge_into(io);
  };
  for (int i = 0; i < lanes; ++i)
    if (pool.recorder(i)) merge(*pool.recorder(i));
  merge(spawn.recorder());
  merge(producer.recorder());
  s.class_waits.high_ms = high.summary(1e6);
  s.class_waits.normal_ms = all.without(high).summary(1e6);
  s.class_waits.io_ms = io.summary(1e6);
  s.class_waits.cpu_ms = all.without(io).summary(1e6);

  // Findings: what the detector saw, and sends on a closed channel (counted by the senders).
  s.findings = findings;
  if (s.counters.sent_on_closed > 0) {
    Finding f;
    f.kind = std::string(finding_send_on_closed);
    for (int i = 0; i < lanes; ++i) {
      const LaneRecorder* r = pool.recorder(i);
      if (r && r->sent_on_closed.get() > 0) f.threads.push_back(worker_slot_name(i));
    }
    if (spawn.recorder().sent_on_closed.get() > 0) f.threads.push_back("job threads");
    if (producer.recorder().sent_on_closed.get() > 0) f.threads.push_back("producer");
    std::string who;
    for (std::size_t i = 0; i < f.threads.size(); ++i)
      who += (i == 0 ? "" : i + 1 == f.threads.size() ? " and " : ", ") + f.threads[i];
    f.message = "send on closed channel: " + who + " sent " +
                std::to_string(s.counters.sent_on_closed) +
                (s.counters.sent_on_closed == 1 ? " result" : " results") +
                " on the results channel after it was closed (Go panics: \"send on closed "
                "channel\"). The results were closed before every worker had exited; close them "
                "only after the last worker is done (the WaitGroup rule). Those jobs ran and are "
                "counted; their results are lost.";
    s.findings.push_back(std::move(f));
  }

  const unsigned cpus = std::thread::hardware_concurrency();
  s.theory = make_theory(s, cpus > 0 ? int(cpus) : 1);
}

void Engine::Impl::add_lesson_series(SeriesPoint& pt) const {
  int main_pool = 0, io_pool = 0;
  for (int i = 0; i < max_slots; ++i) {
    if (!pool.slot(i).active.load(std::memory_order_relaxed)) continue;
    ++(i >= io_slot_base ? io_pool : main_pool);
  }
  pt.workers = main_pool;
  pt.io_workers = io_pool;
  pt.spawned_live = spawn.live();
  if (const auto sample = read_process_sample()) {
    pt.threads = sample->threads;
    pt.rss_mb = sample->rss_mb;
  }
}

void Engine::Impl::lessons_tick(const Snapshot& snap, std::int64_t now) {
  if (auto f = detector.observe(snap)) {
    findings.push_back(*f);
    // Ends the run the way a user pressing Cancel would; the cancel recovers every thread.
    if (options.end_on_stall) request_shutdown(ShutdownMode::cancel);
  }
  const ScenarioSpec& spec = snap.spec;
  if (spec.autoscale() && spec.mode == PoolMode::pool && snap.phase == RunPhase::running) {
    int workers = 0, idle = 0;
    for (const WorkerView& w : snap.workers) {
      if (w.io_pool || w.state == WorkerState::retiring || w.state == WorkerState::exited) continue;
      ++workers;
      if (w.state == WorkerState::idle) ++idle;
    }
    const double t_s = double(now - start_ns) / 1e9;
    const int target = autoscaler.step(t_s, workers, spec.autoscale_min, spec.autoscale_max,
                                       snap.queue_depth, idle);
    if (target != workers) {
      ScenarioSpec next = settings.get();
      next.workers = target;
      settings.set(next);
      pool.resize(target);
    }
  }
}

}  // namespace poolscope
