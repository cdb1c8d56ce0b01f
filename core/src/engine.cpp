// Engine lifecycle and public API. See engine_impl.h for how the work is split across files.
#include "poolscope/engine.h"

#include <pthread.h>

#include <algorithm>
#include <csignal>

#include "engine_impl.h"

namespace poolscope {

namespace {

EngineOptions with_defaults(EngineOptions o) {
  o.snapshot_hz = std::clamp(o.snapshot_hz, 1.0, 240.0);
  o.series_hz = std::clamp(o.series_hz, 1.0, 100.0);
  o.spawn_cap = std::clamp(o.spawn_cap, 1, spawn_cap);
  return o;
}

// Blocks every asynchronous signal in this thread for its lifetime; the faults a thread raises
// itself (SIGSEGV and the like) stay deliverable.
class BlockAsyncSignals {
 public:
  BlockAsyncSignals() {
    sigset_t set;
    sigfillset(&set);
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGSYS})
      sigdelset(&set, sig);
    pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~BlockAsyncSignals() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  BlockAsyncSignals(const BlockAsyncSignals&) = delete;
  BlockAsyncSignals& operator=(const BlockAsyncSignals&) = delete;

 private:
  sigset_t old_;
};

}  // namespace

Engine::Impl::Impl(ScenarioSpec spec, EngineOptions opts)
    : EngineShared(spec, with_defaults(opts)) {
  downstream.set_limit(spec.downstream);
  limiter.configure(spec.limit, LimitTuning::from(spec), spec.seed);
  if (spec.priority_share > 0.0) jobs.use_priority();
  // A global budget keeps the timeline window bounded whatever the worker count.
  const std::size_t lanes = std::size_t(std::max(spec.workers, 8)) + 2;
  collector.set_segments_per_lane(
      std::min(options.segments_per_lane, std::size_t{8'000'000} / lanes));
  // The first workers' event rings are allocated (and their pages touched) before the clock
  // starts, as a Go program makes its channels before it starts timing.
  for (int i = 0; i < spec.workers; ++i) pool.worker_recorder(i, spec.workers);
  // Likewise the per-job records of a run of known size (the window fills up anyway).
  if (spec.job_count() > 0) records.reserve(static_cast<std::size_t>(spec.job_count()));
  // The threads are created now and wait for start(): creating a dozen threads takes about a
  // millisecond on a busy machine, and the last worker to exist would delay the whole run by it.
  // They are created with asynchronous signals blocked (threads inherit the mask), so that a
  // signal meant for the application's own handling (a CLI's SIGINT watcher, set up after the
  // engine) never lands on one of them.
  const BlockAsyncSignals blocked;
  // Spawn mode has no pool: the producer starts a thread per job.
  if (initial_spec.mode == PoolMode::pool) {
    pool.resize(initial_spec.autoscale()
                    ? std::clamp(initial_spec.workers, initial_spec.autoscale_min,
                                 initial_spec.autoscale_max)
                    : initial_spec.workers);
    if (io_pool_used) pool.resize_io(initial_spec.io_workers);
  }
  producer_thread = std::jthread([this] { producer.producer_main(producer_stop.get_token()); });
  consumer_thread = std::jthread([this] { consumer.consumer_main(); });
}

Engine::Impl::~Impl() {
  request_shutdown(ShutdownMode::abort);
  open_start_gate(gate_never);  // an engine never started: its threads leave at once
  if (producer_thread.joinable()) producer_thread.join();
  if (consumer_thread.joinable()) consumer_thread.join();
  spawn.join_all();
  pool.join_workers();
  collector_thread.request_stop();
  if (collector_thread.joinable()) collector_thread.join();
}

void Engine::Impl::start() {
  RunPhase expected = RunPhase::not_started;
  if (!phase.compare_exchange_strong(expected, RunPhase::running)) return;
  start_ns = now_ns();
  log_capacity(start_ns);
  open_start_gate(gate_open);
  collector_thread = std::jthread([this](std::stop_token st) { collector_main(st); });
}

void Engine::Impl::cancel_queued_jobs() {
  DepthAt emptied{};  // when the queue was emptied, and its depth then (read under its lock)
  std::vector<Job> queued = jobs.take_all(&emptied);
  for (Job& j : io_jobs.take_all()) queued.push_back(j);
  if (queued.empty()) return;
  std::lock_guard lk(control_mutex);
  const std::uint32_t depth = depth_reading(emptied.depth);
  for (const Job& j : queued)
    control_rec.record(EventKind::job_cancelled, emptied.t_ns, j.id, depth);
  control_rec.cancelled.add(queued.size());
}

void Engine::Impl::request_shutdown(ShutdownMode mode) {
  RunPhase p = phase.load();
  if (p == RunPhase::not_started || p == RunPhase::finished) {
    if (p == RunPhase::not_started) {
      phase.store(RunPhase::finished);
      end_ns.store(now_ns());
      done_cv.notify_all();
    }
    return;
  }
  const RunPhase next = mode == ShutdownMode::drain    ? RunPhase::draining
                        : mode == ShutdownMode::cancel ? RunPhase::cancelling
                                                       : RunPhase::aborting;
  // A stronger request wins over a weaker one already under way.
  while (p != RunPhase::finished && static_cast<int>(p) < static_cast<int>(next) &&
         !phase.compare_exchange_weak(p, next)) {
  }
  producer_stop.request_stop();
  if (mode != ShutdownMode::drain) submit_stop.request_stop();
  gate.set_paused(false, now_ns());
  paused.store(false);
  if (mode != ShutdownMode::drain) fast_consumer.request_stop();
  if (mode == ShutdownMode::abort) abort.request_stop();
  if (mode == ShutdownMode::cancel) {
    std::int64_t none = 0;
    cancel_deadline_ns.compare_exchange_strong(none, now_ns() + cancel_grace_ns);
  }
  // A drain leaves closing to the producer, after the submit it may be blocked in; unless it has
  // already gone without closing (the forget-close mistake).
  if (mode != ShutdownMode::drain) {
    pool.close_jobs_channel();
    cancel_queued_jobs();
  } else {
    pool.close_jobs_if_producer_gone();
  }
}

// ---- live settings: Engine::apply is the only way in ----

void Engine::Impl::apply(const ScenarioSpec& spec) {
  const ScenarioSpec old = settings.get();
  // Threads pick the new settings up from here (job shapes, rates, policies, delays); what
  // lives outside the settings (thread counts, capacities, the connection limit) follows.
  settings.set(spec);
  const RunPhase p = phase.load();
  const bool live = p != RunPhase::not_started && p != RunPhase::finished;
  if (spec.workers != old.workers) apply_workers(spec, live);
  if (spec.io_workers != old.io_workers) apply_io_workers(spec, live);
  const bool capacities = spec.buffer != old.buffer ||
                          spec.effective_results_buffer() != old.effective_results_buffer();
  if (capacities) apply_capacities(spec);
  if (spec.downstream != old.downstream) downstream.set_limit(spec.downstream);
  limiter.configure(spec.limit, LimitTuning::from(spec), spec.seed);  // no-op when unchanged
}

void Engine::Impl::apply_workers(const ScenarioSpec& spec, bool live) {
  // Spawn mode has no pool to resize; before the start the first workers are already made.
  if (live && spec.mode == PoolMode::pool) pool.resize(spec.workers);
}

void Engine::Impl::apply_io_workers(const ScenarioSpec& spec, bool live) {
  // The I/O pool exists only when the run started with one; it keeps at least one worker.
  if (live && io_pool_used) pool.resize_io(std::max(1, spec.io_workers));
}

void Engine::Impl::apply_capacities(const ScenarioSpec& spec) {
  jobs.set_capacity(std::size_t(spec.buffer));
  io_jobs.set_capacity(std::size_t(spec.buffer));
  results.set_capacity(std::size_t(spec.effective_results_buffer()));
  log_capacity(now_ns());
}

// ---- public API ----

Engine::Engine(ScenarioSpec spec, EngineOptions options)
    : impl_(std::make_unique<Impl>(within_limits(std::move(spec)), options)) {}

Engine::~Engine() = default;

void Engine::start() { impl_->start(); }

void Engine::apply(const ScenarioSpec& spec) { impl_->apply(within_limits(spec)); }

ScenarioSpec Engine::settings() const { return impl_->settings.get(); }

void Engine::pause() {
  if (impl_->phase.load() != RunPhase::running) return;
  impl_->paused.store(true);
  impl_->gate.set_paused(true, now_ns());
}

void Engine::resume() {
  impl_->paused.store(false);
  impl_->gate.set_paused(false, now_ns());
}

void Engine::shutdown(ShutdownMode mode) { impl_->request_shutdown(mode); }

bool Engine::finished() const { return impl_->all_done(); }

bool Engine::wait_finished(std::chrono::milliseconds timeout) {
  std::unique_lock lk(impl_->done_mutex);
  return impl_->done_cv.wait_for(lk, timeout, [&] {
    return impl_->threads_done >= 2 || impl_->phase.load() == RunPhase::finished;
  });
}

std::shared_ptr<const Snapshot> Engine::snapshot() const {
  {
    std::lock_guard lk(impl_->published_mutex);
    if (impl_->published) return impl_->published;
  }
  return const_cast<Engine*>(this)->snapshot_now();
}

std::shared_ptr<const Snapshot> Engine::snapshot_now() {
  std::lock_guard lk(impl_->collector_mutex);
  return impl_->build_snapshot_locked(now_ns());
}

std::vector<JobRecord> Engine::job_records() {
  std::vector<JobRecord> out;
  {
    std::lock_guard lk(impl_->records_mutex);
    out = impl_->records.to_vector();
  }
  std::shared_ptr<const Snapshot> snap = snapshot_now();
  if (snap->timeline) {
    for (const Mark& m : snap->timeline->marks) {
      JobRecord r;
      r.id = m.job;
      r.submit_ns = m.t_ns;
      r.end_ns = m.t_ns;
      r.outcome = m.kind == EventKind::job_cancelled ? JobOutcome::cancelled : JobOutcome::none;
      r.ended_by = m.kind;
      out.push_back(r);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const JobRecord& a, const JobRecord& b) { return a.id < b.id; });
  return out;
}

std::vector<std::pair<std::int64_t, std::uint32_t>> Engine::depth_log() {
  std::lock_guard lk(impl_->collector_mutex);
  const auto& log = impl_->collector.depth_log();
  return {log.begin(), log.end()};
}

std::uint64_t Engine::lost_events() {
  std::lock_guard lk(impl_->collector_mutex);
  return impl_->collector.lost_events();
}

std::uint64_t Engine::trace_lost_events() {
  std::lock_guard lk(impl_->collector_mutex);
  const Collector& c = impl_->collector;
  return c.lost_events() + c.dropped_segments() + c.dropped_marks() + c.dropped_depth_changes();
}

std::uint64_t Engine::lost_job_records() {
  std::uint64_t dropped = 0;
  {
    std::lock_guard lk(impl_->records_mutex);
    dropped = impl_->records.dropped();
  }
  std::lock_guard lk(impl_->collector_mutex);
  return dropped + impl_->collector.dropped_marks();
}

const ScenarioSpec& Engine::initial_spec() const { return impl_->initial_spec; }

}  // namespace poolscope
