// What the lessons add to the engine's collector thread: the stall detector (deadlocks and
// leaks end the run with a finding), the dynamic pool's autoscaling, and the measurements the
// theory and the pool-vs-spawn lesson compare (jobs in the system, threads, memory, waits by
// job class, send-on-closed findings).
#include "lessons.h"

#include <algorithm>
#include <thread>

#include "process_stats.h"

namespace poolscope {

LessonMechanics::LessonMechanics(EngineShared& engine, Pool& pool, const Producer& producer,
                                 const Consumer& consumer, const SpawnMode& spawn)
    : engine_(engine),
      pool_(pool),
      producer_(producer),
      consumer_(consumer),
      spawn_(spawn),
      detector_(engine.options.stall_s) {}

// Jobs submitted and not yet out of the system (consumed, rejected, dropped, cancelled, or lost
// to a send on a closed channel). Read at 1 kHz for Little's law; a torn read only blurs it.
std::uint64_t LessonMechanics::in_system_now() const {
  std::uint64_t out = consumer_.recorder().consumed.get() + producer_.recorder().rejected.get() +
                      producer_.recorder().dropped.get() + producer_.recorder().cancelled.get() +
                      producer_.recorder().sent_on_closed.get() +
                      engine_.control_rec.cancelled.get() + spawn_.recorder().cancelled.get() +
                      spawn_.recorder().sent_on_closed.get();
  const int lanes = pool_.lanes();
  for (int i = 0; i < lanes; ++i) {
    const LaneRecorder* r = pool_.recorder(i);
    if (r) out += r->cancelled.get() + r->sent_on_closed.get();
  }
  const std::uint64_t submitted = producer_.recorder().submitted.get();
  return submitted > out ? submitted - out : 0;
}

void LessonMechanics::sample_in_system(std::int64_t now, bool while_paused) {
  if (in_system_last_t_ != 0 && now > in_system_last_t_ && !while_paused) {
    in_system_area_ += double(in_system_last_) * double(now - in_system_last_t_);
    in_system_time_ += now - in_system_last_t_;
  }
  in_system_last_t_ = now;
  in_system_last_ = in_system_now();
}

void LessonMechanics::add_lesson_views(Snapshot& s, std::int64_t now) {
  (void)now;
  s.io_queue_depth = engine_.io_jobs.buffered();
  s.io_queue_capacity = engine_.io_pool_used ? engine_.io_jobs.capacity() : 0;
  s.mean_in_system = in_system_time_ > 0 ? in_system_area_ / double(in_system_time_) : 0.0;

  ProcessView& p = s.process;
  if (const auto sample = read_process_sample()) {
    p.threads = sample->threads;
    p.rss_mb = sample->rss_mb;
    p.vm_mb = sample->vm_mb;
    if (s.phase != RunPhase::finished) {
      threads_peak_ = std::max(threads_peak_, sample->threads);
      rss_peak_mb_ = std::max(rss_peak_mb_, sample->rss_mb);
    }
  }
  p.threads_peak = std::max(threads_peak_, p.threads);
  p.rss_peak_mb = std::max(rss_peak_mb_, p.rss_mb);
  p.spawned_live = spawn_.live();
  p.spawned_peak = spawn_.peak();
  p.spawn_cap = s.spec.mode == PoolMode::spawn ? engine_.options.spawn_cap : 0;

  s.consumer.waiting_for_workers = consumer_.waiting_for_workers();

  // Waits by class.
  HistogramData all, high, io;
  const int lanes = pool_.lanes();
  auto merge = [&](const LaneRecorder& r) {
    r.queue_wait.merge_into(all);
    r.high_wait.merge_into(high);
    r.io_wait.merge_into(io);
  };
  for (int i = 0; i < lanes; ++i)
    if (pool_.recorder(i)) merge(*pool_.recorder(i));
  merge(spawn_.recorder());
  merge(producer_.recorder());
  s.class_waits.high_ms = high.summary(1e6);
  s.class_waits.normal_ms = all.without(high).summary(1e6);
  s.class_waits.io_ms = io.summary(1e6);
  s.class_waits.cpu_ms = all.without(io).summary(1e6);

  // Findings: what the detector saw, and sends on a closed channel (counted by the senders).
  s.findings = findings_;
  if (s.counters.sent_on_closed > 0) {
    Finding f;
    f.kind = std::string(finding_send_on_closed);
    for (int i = 0; i < lanes; ++i) {
      const LaneRecorder* r = pool_.recorder(i);
      if (r && r->sent_on_closed.get() > 0) f.threads.push_back(worker_slot_name(i));
    }
    if (spawn_.recorder().sent_on_closed.get() > 0) f.threads.push_back("job threads");
    if (producer_.recorder().sent_on_closed.get() > 0) f.threads.push_back("producer");
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

void LessonMechanics::add_lesson_series(SeriesPoint& pt) const {
  int main_pool = 0, io_pool = 0;
  for (int i = 0; i < max_slots; ++i) {
    if (!pool_.slot(i).active.load(std::memory_order_relaxed)) continue;
    ++(i >= io_slot_base ? io_pool : main_pool);
  }
  pt.workers = main_pool;
  pt.io_workers = io_pool;
  pt.spawned_live = spawn_.live();
  if (const auto sample = read_process_sample()) {
    pt.threads = sample->threads;
    pt.rss_mb = sample->rss_mb;
  }
}

bool LessonMechanics::detect_stall(const Snapshot& snap) {
  auto f = detector_.observe(snap);
  if (!f) return false;
  findings_.push_back(*f);
  return true;
}

void LessonMechanics::autoscale(const Snapshot& snap, std::int64_t now) {
  const ScenarioSpec& spec = snap.spec;
  if (!spec.autoscale() || spec.mode != PoolMode::pool || snap.phase != RunPhase::running) return;
  int workers = 0, idle = 0;
  for (const WorkerView& w : snap.workers) {
    if (w.io_pool || w.state == WorkerState::retiring || w.state == WorkerState::exited) continue;
    ++workers;
    if (w.state == WorkerState::idle) ++idle;
  }
  const double t_s = double(now - engine_.start_ns) / 1e9;
  const int target = autoscaler_.step(t_s, workers, spec.autoscale_min, spec.autoscale_max,
                                      snap.queue_depth, idle);
  if (target != workers) {
    ScenarioSpec next = engine_.settings.get();
    next.workers = target;
    engine_.settings.set(next);
    pool_.resize(target);
  }
}

}  // namespace poolscope
