// The collector thread: samples the queue depth at ~1 kHz, turns lane events into the timeline
// window, adds graph points, and publishes snapshots. Also builds snapshots on demand.
#include <algorithm>
#include <deque>
#include <limits>
#include <thread>

#include "engine_impl.h"

namespace poolscope {

// State the collector keeps between graph points (owned under collector_mutex).
struct SeriesState {
  std::int64_t last_t = 0;
  HistogramData last_wait, last_latency;
  // (time, completed) of the points in the last second: the graphed throughput is a one-second
  // sliding rate, since a single 100 ms interval turns each completion into a spike.
  std::deque<std::pair<std::int64_t, std::uint64_t>> recent;
};

std::shared_ptr<const Snapshot> Engine::Impl::build_snapshot_locked(std::int64_t now) {
  auto snap = std::make_shared<Snapshot>();
  Snapshot& s = *snap;
  const int lanes = pool.lanes();
  const LaneRecorder& producer_rec = producer.recorder();
  const LaneRecorder& consumer_rec = consumer.recorder();

  // Drain every lane into the window first, so the timeline is as fresh as the counters.
  if (options.keep_timeline) {
    collector.drain(producer_rec, "producer");
    collector.drain(consumer_rec, "consumer");
    for (int i = 0; i < lanes; ++i)
      if (pool.recorder(i)) collector.drain(*pool.recorder(i), worker_slot_name(i));
    collector.drain_spawned(spawn.recorder());
    std::lock_guard lk(control_mutex);
    collector.drain_marks_only(control_rec);
    // The snapshot's instant is after everything drained was stamped: the timeline view draws
    // every segment against "now", and none may end after it.
    now = std::max(now, now_ns());
  }

  s.taken_ns = now;
  s.start_ns = start_ns;
  const std::int64_t end = end_ns.load();
  const RunPhase p = phase.load();
  s.phase = (p == RunPhase::running && paused.load()) ? RunPhase::paused : p;
  const std::int64_t until = (p == RunPhase::finished && end > 0) ? end : now;
  s.elapsed_s = start_ns > 0 ? double(until - start_ns) / 1e9 : 0.0;
  s.paused_s = start_ns > 0 ? double(gate.paused_between(start_ns, until)) / 1e9 : 0.0;
  // Rates and shares are over the time the run was not paused.
  const double active_s = std::max(0.0, s.elapsed_s - s.paused_s);
  s.spec = settings.get();

  // Counters: ended counts first, then what was taken, then submitted, so that a concurrent
  // reading never shows more ended or in progress than submitted.
  Counters& c = s.counters;
  std::uint64_t worker_ended = 0, worker_taken = 0;
  HistogramData wait, service, latency;
  double busy_ns = 0;
  // Worker lanes, then the spawned job threads' shared lane (spawn mode), counted alike.
  std::vector<const LaneRecorder*> job_lanes;
  for (int i = 0; i < lanes; ++i)
    if (pool.recorder(i)) job_lanes.push_back(pool.recorder(i));
  job_lanes.push_back(&spawn.recorder());
  for (const LaneRecorder* lane : job_lanes) {
    const LaneRecorder& r = *lane;
    const std::uint64_t done = r.completed.get(), failed = r.failed.get(), canc = r.cancelled.get();
    c.completed += done;
    c.failed += failed;
    c.timed_out += r.timed_out.get();
    c.cancelled += canc;
    worker_ended += done + failed + canc;
    busy_ns += double(r.busy_ns.get());
    c.sent_on_closed += r.sent_on_closed.get();
    r.queue_wait.merge_into(wait);
    r.service.merge_into(service);
  }
  for (const LaneRecorder* lane : job_lanes) worker_taken += lane->taken.get();
  {
    const LaneRecorder& r = producer_rec;
    c.completed += r.completed.get();
    c.failed += r.failed.get();
    c.timed_out += r.timed_out.get();
    c.cancelled += r.cancelled.get();
    c.rejected += r.rejected.get();
    c.dropped += r.dropped.get();
    c.caller_ran += r.caller_ran.get();
    c.sent_on_closed += r.sent_on_closed.get();
    c.full_arrivals += r.full_arrivals.get();
    busy_ns += double(r.busy_ns.get());
    r.queue_wait.merge_into(wait);
    r.service.merge_into(service);
  }
  c.cancelled += control_rec.cancelled.get();
  consumer_rec.latency.merge_into(latency);
  c.consumed = consumer_rec.consumed.get();
  // One reading of the producer's state serves the counters and the pipeline, so that "held"
  // and the producer's box agree.
  const auto producer_state = static_cast<ProducerState>(producer_rec.state());
  const std::uint64_t producer_job = producer_rec.job();
  const bool producer_running_job = producer_state == ProducerState::running_job;
  c.in_progress = (worker_taken > worker_ended ? worker_taken - worker_ended : 0) +
                  (producer_running_job ? 1 : 0);
  c.held = producer_state == ProducerState::blocked ? 1 : 0;
  c.submitted = producer_rec.submitted.get();
  const std::uint64_t accounted = c.ended() + c.in_progress + c.held;
  c.queued = c.submitted > accounted ? c.submitted - accounted : 0;
  if (accounted > c.submitted) c.submitted = accounted;  // a torn read; never show a negative

  s.queue_depth = jobs.buffered();
  s.queue_capacity = jobs.capacity();
  s.results_depth = results.size();
  s.results_capacity = results.capacity();
  s.max_queue_depth = std::max<std::size_t>(collector.max_depth(), producer_rec.max_depth.get());
  s.mean_queue_depth = collector.mean_depth();
  s.downstream_in_use = downstream.in_use();
  s.downstream_latency_ms = s.spec.downstream_latency_at(active_s);
  s.limit = limiter.view();

  s.producer.state = producer_state;
  s.producer.since_ns = producer_rec.since_ns();
  if (producer_state == ProducerState::blocked) {
    s.producer.holding = producer_job;
    // While the run is paused its blocked send waits on the pause, not on the queue.
    if (s.phase == RunPhase::paused) s.producer.state = ProducerState::paused;
  }
  double blocked = double(producer_rec.blocked_ns.get());
  if (producer_state == ProducerState::blocked)
    blocked += double(gate.active_between(s.producer.since_ns, now));
  if (producer_running_job)
    busy_ns += double(std::max<std::int64_t>(0, until - s.producer.since_ns));
  s.producer.blocked_total_s = blocked / 1e9;
  s.producer_blocked_s = s.producer.blocked_total_s;
  s.producer.closed_jobs = pool.jobs_closed();
  s.consumer.state = static_cast<ConsumerState>(consumer_rec.state());
  s.consumer.since_ns = consumer_rec.since_ns();

  for (int i = 0; i < lanes; ++i) {
    const WorkerSlot& slot = pool.slot(i);
    if (!pool.recorder(i) || (!slot.running.load() && !slot.active.load())) continue;
    const LaneRecorder& r = *pool.recorder(i);
    WorkerView w;
    w.slot = i;
    w.io_pool = i >= io_slot_base;
    w.state = static_cast<WorkerState>(r.state());
    if (!slot.active.load() && w.state == WorkerState::idle) w.state = WorkerState::retiring;
    w.job = r.job();
    w.since_ns = r.since_ns();
    w.jobs_done = r.completed.get() + r.failed.get();
    double busy = double(r.busy_ns.get());
    if (w.state == WorkerState::running) {
      // The job under way counts as busy time here and in the pool's figure below alike.
      const double running_ns = double(std::max<std::int64_t>(0, until - w.since_ns));
      busy += running_ns;
      busy_ns += running_ns;
    }
    w.utilization = active_s > 0 ? std::clamp(busy / 1e9 / active_s, 0.0, 1.0) : 0.0;
    s.workers.push_back(w);
  }

  const double wall = std::max(active_s, 1e-9);
  s.throughput_per_s = double(c.completed) / wall;
  const double worker_s = collector.worker_seconds();
  s.utilization = worker_s > 0 ? std::clamp(busy_ns / 1e9 / worker_s, 0.0, 1.0) : 0.0;
  s.queue_wait_ms = wait.summary(1e6);
  // Share of jobs that waited: longer than 2% of the mean service time (at least 0.2 ms), so
  // the wake-up latency of an idle worker does not count as waiting.
  if (wait.count() > 0) {
    const double threshold = std::max(0.2e6, 0.02 * service.mean());
    std::uint64_t waited = 0;
    for (int b = 0; b < HistogramData::bucket_count; ++b)
      if (double(HistogramData::bucket_low(b)) >= threshold) waited += wait.buckets[std::size_t(b)];
    s.waited_share = double(waited) / double(wait.count());
  }
  s.service_ms = service.summary(1e6);
  s.latency_ms = latency.summary(1e6);

  s.series.assign(collector.series().begin(), collector.series().end());
  // Each point is already a one-second sliding rate.
  if (!s.series.empty()) s.throughput_window_per_s = s.series.back().throughput_per_s;
  if (options.keep_timeline) {
    // Recent readings may still be joined by earlier ones: a thread stamps its reading under the
    // queue's lock and records it just after, and on a loaded machine it can be preempted in
    // between for several milliseconds. A reading that arrives after its place was committed is
    // dropped and the graph is a job off until the next change, so readings wait 100 ms (shown
    // meanwhile from the pending tail). At the end every lane is drained: everything is settled.
    constexpr std::int64_t settle_ns = 100'000'000;
    collector.commit_depth(p == RunPhase::finished ? until : now - settle_ns);
    auto tl = collector.timeline(start_ns, until);
    for (const PauseGate::Interval& pause : gate.intervals())
      tl->pauses.emplace_back(pause.start_ns, pause.end_ns == 0 ? until : pause.end_ns);
    tl->producer_done_ns = producer_done_ns.load();
    tl->consumer_done_ns = consumer_done_ns.load();
    {
      std::lock_guard clk(capacity_mutex);
      tl->capacity = capacity_log;
    }
    s.timeline = std::move(tl);
  }
  lessons.add_lesson_views(s, now);
  {
    std::lock_guard lk(records_mutex);
    s.completion_order = consumer.completion_order();
    s.submission_order = producer.submission_order();
  }
  return snap;
}

// The adaptive limit's graph point: the limit, calls in flight, their latency and the
// algorithm's baseline, and the downstream's latency setting then.
void Engine::Impl::add_limit_series(SeriesPoint& pt, std::int64_t now) {
  const Limiter::Interval li = limiter.take_interval();
  pt.limit = li.now.limit;
  pt.in_flight = li.now.in_flight;
  pt.peak_in_flight = li.peak_in_flight;
  pt.call_rtt_ms = li.rtt_ms;
  pt.baseline_rtt_ms = li.now.baseline_ms;
  pt.downstream_latency_ms =
      settings.get().downstream_latency_at(double(gate.active_between(start_ns, now)) / 1e9);
}

void Engine::Impl::collector_main(std::stop_token stop) {
  SeriesState series;
  series.last_t = start_ns;
  series.recent.emplace_back(start_ns, 0);
  const auto series_every = static_cast<std::int64_t>(1e9 / options.series_hz);
  const auto publish_every = static_cast<std::int64_t>(1e9 / options.snapshot_hz);
  std::int64_t next_series = start_ns + series_every;
  std::int64_t next_publish = start_ns;

  {
    // The depth graph starts at the run's start, not at the first reading after it.
    std::lock_guard lk(collector_mutex);
    // Nothing enters the queue before the start gate opens, which is after start_ns.
    collector.sample_depth(start_ns, 0, jobs.capacity(), pool.active_workers(), false);
  }
  for (;;) {
    const bool done = all_done() || stop.stop_requested();
    const std::int64_t now = now_ns();
    const std::int64_t grace_end = cancel_deadline_ns.load();
    if (grace_end != 0 && now >= grace_end && !abort.stop_requested()) {
      // The cancel's grace period is over: interrupt what still runs.
      abort.request_stop();
    }
    {
      std::lock_guard lk(collector_mutex);
      const bool is_paused = gate.paused();
      // Read under the queue's lock with its time: a reading stamped before or after it could
      // place a change on the wrong side of the job start that made it.
      const DepthAt depth = jobs.depth_now();
      collector.sample_depth(depth.t_ns, depth.depth, jobs.capacity(),
                             pool.active_workers() + spawn.live(), is_paused);
      lessons.sample_in_system(now, is_paused);
      if (now >= next_series || done) {
        next_series = now + series_every;
        HistogramData wait, latency;
        std::uint64_t completed = producer.recorder().completed.get();
        const int lanes = pool.lanes();
        for (int i = 0; i < lanes; ++i) {
          if (!pool.recorder(i)) continue;
          const LaneRecorder& r = *pool.recorder(i);
          completed += r.completed.get();
          r.queue_wait.merge_into(wait);
        }
        completed += spawn.recorder().completed.get();
        spawn.recorder().queue_wait.merge_into(wait);
        producer.recorder().queue_wait.merge_into(wait);
        consumer.recorder().latency.merge_into(latency);
        const HistogramData dw = wait.without(series.last_wait);
        const HistogramData dl = latency.without(series.last_latency);
        SeriesPoint pt;
        pt.t_s = double(now - start_ns) / 1e9;
        pt.queue_depth = double(collector.take_interval_max_depth());
        pt.queue_capacity = double(jobs.capacity());
        constexpr std::int64_t rate_window_ns = 1'000'000'000;
        while (series.recent.size() > 1 && series.recent[1].first <= now - rate_window_ns) {
          series.recent.pop_front();
        }
        const auto [from_t, from_completed] = series.recent.front();
        // Over a whole window even in the run's first second (nothing completed before the
        // start): dividing the first few jobs by a fraction of a second made a start-up spike.
        const double dt = double(std::max(now - from_t, rate_window_ns)) / 1e9;
        pt.throughput_per_s = double(completed - from_completed) / dt;
        series.recent.emplace_back(now, completed);
        // An interval in which no job started (or finished) has no wait (or latency): NaN, a
        // gap in the graph, not 0 ms.
        auto ms_at = [](const HistogramData& h, double q) {
          return h.count() > 0 ? h.quantile(q) / 1e6 : std::numeric_limits<double>::quiet_NaN();
        };
        pt.wait_p50_ms = ms_at(dw, 0.5);
        pt.wait_p95_ms = ms_at(dw, 0.95);
        pt.wait_p99_ms = ms_at(dw, 0.99);
        pt.latency_p50_ms = ms_at(dl, 0.5);
        pt.latency_p95_ms = ms_at(dl, 0.95);
        pt.latency_p99_ms = ms_at(dl, 0.99);
        lessons.add_lesson_series(pt);
        add_limit_series(pt, now);
        collector.add_series_point(pt);
        series.last_t = now;
        series.last_wait = wait;
        series.last_latency = latency;
      }
      if (now >= next_publish || done) {
        next_publish = now + publish_every;
        auto snap = build_snapshot_locked(now);
        // A stall ends the run the way a user pressing Cancel would; the cancel recovers every
        // thread.
        if (lessons.detect_stall(*snap) && options.end_on_stall)
          request_shutdown(ShutdownMode::cancel);
        lessons.autoscale(*snap, now);
        std::lock_guard plk(published_mutex);
        published = std::move(snap);
      }
    }
    if (done) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace poolscope
