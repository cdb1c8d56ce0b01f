// make_fake_snapshot: a seeded, self-consistent run built lane by lane (segments, series,
// counters, worker views) with no engine behind it.
#include "fake_snapshot.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

namespace poolscope::gui {
namespace {

constexpr std::int64_t fake_start_ns = 1'000'000'000'000;

// Appends segments to a lane, cutting them into immutable blocks as the engine does.
class LaneBuilder {
 public:
  explicit LaneBuilder(LaneTimeline& lane) : lane_(lane) {}
  ~LaneBuilder() { flush(); }
  LaneBuilder(const LaneBuilder&) = delete;
  LaneBuilder& operator=(const LaneBuilder&) = delete;

  void add(const Segment& s) {
    current_.segments.push_back(s);
    if (current_.segments.size() == SegmentBlock::block_capacity) flush();
  }

 private:
  void flush() {
    if (current_.segments.empty()) return;
    lane_.blocks.push_back(std::make_shared<const SegmentBlock>(std::move(current_)));
    current_ = SegmentBlock{};
  }
  LaneTimeline& lane_;
  SegmentBlock current_;
};

}  // namespace

std::shared_ptr<const Snapshot> make_fake_snapshot(const FakeOptions& o) {
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto snap = std::make_shared<Snapshot>();
  const int workers = std::max(1, o.workers);
  const auto end_ns = fake_start_ns + static_cast<std::int64_t>(o.duration_s * 1e9);

  snap->start_ns = fake_start_ns;
  snap->taken_ns = end_ns;
  snap->elapsed_s = o.duration_s;
  snap->phase = RunPhase::running;
  snap->run_id = 1;
  snap->spec.title = "Fabricated run";
  snap->spec.lesson = "A made-up snapshot for tests and the UI benchmark.";
  snap->spec.workers = workers;
  snap->spec.buffer = o.buffer;

  auto tl = std::make_shared<TimelineData>();
  tl->start_ns = fake_start_ns;
  tl->lanes.resize(static_cast<std::size_t>(workers) + 2);
  tl->lanes[0].lane = producer_lane;
  tl->lanes[0].name = "producer";
  tl->lanes[1].lane = consumer_lane;
  tl->lanes[1].name = "consumer";

  // Each worker alternates idle and running; the mean period makes the segments add up to the
  // requested count over the duration.
  const double per_lane = std::max(2.0, double(o.segments) / workers);
  const double period_ns = double(end_ns - fake_start_ns) / (per_lane / 2.0);
  std::exponential_distribution<double> run_len(1.0 / (period_ns * 0.7));
  std::exponential_distribution<double> idle_len(1.0 / (period_ns * 0.3));
  std::uint64_t next_job = 1;
  std::uint64_t completed = 0, failed = 0;
  snap->workers.resize(static_cast<std::size_t>(workers));
  for (int w = 0; w < workers; ++w) {
    LaneTimeline& lane = tl->lanes[static_cast<std::size_t>(w) + 2];
    lane.lane = worker_lane(w);
    lane.name = "worker " + std::to_string(w);
    LaneBuilder b(lane);
    auto t = static_cast<double>(fake_start_ns);
    bool running = (w % 3) != 0;
    std::uint64_t busy_ns = 0;
    while (t < double(end_ns)) {
      Segment s;
      s.start_ns = static_cast<std::int64_t>(t);
      const double len = 1.0 + (running ? run_len(rng) : idle_len(rng));
      s.end_ns = std::min(end_ns, static_cast<std::int64_t>(t + len));
      if (running) {
        s.state = SegmentState::running;
        s.job = next_job++;
        const double u = unit(rng);
        s.outcome = u < 0.03 ? JobOutcome::failed : JobOutcome::ok;
        (s.outcome == JobOutcome::ok ? completed : failed) += 1;
        busy_ns += static_cast<std::uint64_t>(s.end_ns - s.start_ns);
      } else {
        s.state = unit(rng) < 0.1 ? SegmentState::blocked_result : SegmentState::idle;
      }
      b.add(s);
      t = double(s.end_ns);
      running = !running;
    }
    WorkerView& wv = snap->workers[static_cast<std::size_t>(w)];
    wv.slot = w;
    wv.state = running ? WorkerState::idle : WorkerState::running;
    wv.job = running ? 0 : next_job - 1;
    wv.since_ns = end_ns - 200'000'000;
    wv.utilization = double(busy_ns) / double(end_ns - fake_start_ns);
    wv.jobs_done = busy_ns > 0 ? static_cast<std::uint64_t>(per_lane / 2) : 0;
  }
  {
    // The producer: blocked whenever the (pretend) queue is full, a few times a second.
    LaneBuilder p(tl->lanes[0]);
    LaneBuilder c(tl->lanes[1]);
    for (std::int64_t t = fake_start_ns; t < end_ns; t += 400'000'000) {
      p.add({t + 100'000'000, t + 300'000'000, 0, SegmentState::blocked_submit, JobOutcome::none});
      c.add({t, t + 150'000'000, 0, SegmentState::idle, JobOutcome::none});
      c.add({t + 150'000'000, t + 400'000'000, 1, SegmentState::consuming, JobOutcome::ok});
    }
  }
  for (std::int64_t t = fake_start_ns + 500'000'000; t < end_ns; t += 1'300'000'000) {
    tl->marks.push_back({t, next_job, EventKind::job_rejected});
  }
  {
    // Queue depth: a step at every change of a wave between empty and full, so the depth graph
    // has as many steps to draw as a busy run.
    auto block = std::make_shared<DepthBlock>();
    const std::int64_t every = std::max<std::int64_t>(1'000'000, (end_ns - fake_start_ns) / 4000);
    std::uint32_t last = ~0u;
    for (std::int64_t t = fake_start_ns; t < end_ns; t += every) {
      const double phase = double(t - fake_start_ns) / 1e9 * 1.3;
      const auto d =
          static_cast<std::uint32_t>(std::lround(o.buffer * (0.5 + 0.5 * std::sin(phase))));
      if (d == last) continue;
      if (block->steps.size() == DepthBlock::block_capacity) {
        tl->depth.push_back(std::move(block));
        block = std::make_shared<DepthBlock>();
      }
      block->steps.push_back({t, d});
      last = d;
    }
    if (!block->steps.empty()) tl->depth.push_back(std::move(block));
  }
  snap->timeline = tl;

  const auto queued = static_cast<std::uint64_t>(o.buffer);
  const auto in_progress = static_cast<std::uint64_t>(workers / 2);
  snap->counters.completed = completed;
  snap->counters.failed = failed;
  snap->counters.rejected = tl->marks.size();
  snap->counters.queued = queued;
  snap->counters.in_progress = in_progress;
  snap->counters.submitted = completed + failed + tl->marks.size() + queued + in_progress;
  snap->counters.consumed = completed + failed;
  snap->queue_depth = queued;
  snap->queue_capacity = static_cast<std::size_t>(o.buffer);
  snap->results_depth = 2;
  snap->results_capacity = static_cast<std::size_t>(o.buffer);
  snap->max_queue_depth = queued;
  snap->producer.state = ProducerState::blocked;
  snap->producer.since_ns = end_ns - 1'200'000'000;
  snap->producer.blocked_total_s = o.duration_s * 0.5;
  snap->producer_blocked_s = o.duration_s * 0.5;
  snap->consumer.state = ConsumerState::consuming;
  snap->throughput_per_s = double(completed) / o.duration_s;
  snap->throughput_window_per_s = snap->throughput_per_s;
  snap->utilization = 0.7;
  snap->queue_wait_ms = {40, 35, 90, 120, 150, completed};
  snap->service_ms = {70, 60, 160, 240, 400, completed};
  snap->latency_ms = {110, 95, 250, 360, 550, completed};

  for (double t = 0; t <= o.duration_s; t += 0.1) {
    SeriesPoint sp;
    sp.t_s = t;
    sp.queue_capacity = o.buffer;
    sp.queue_depth = std::round(o.buffer * (0.5 + 0.5 * std::sin(t * 1.3)));
    sp.throughput_per_s = snap->throughput_per_s * (0.8 + 0.4 * unit(rng));
    sp.wait_p50_ms = 30 + 10 * std::sin(t);
    sp.wait_p95_ms = sp.wait_p50_ms * 2.5;
    sp.wait_p99_ms = sp.wait_p50_ms * 3.2;
    sp.latency_p50_ms = sp.wait_p50_ms + 60;
    sp.latency_p95_ms = sp.wait_p95_ms + 150;
    sp.latency_p99_ms = sp.wait_p99_ms + 220;
    snap->series.push_back(sp);
  }
  return snap;
}

}  // namespace poolscope::gui
