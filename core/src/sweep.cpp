// The sweep: runs a scenario at several worker counts and measures each point.
#include "poolscope/sweep.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "poolscope/printable.h"

namespace poolscope {

namespace {

constexpr int kMinWorkers = 1;

std::optional<int> parse_int(std::string_view s) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::string allowed() {
  return "a list like 1,2,4,8 or a range like 1..64, each within " + std::to_string(kMinWorkers) +
         ".." + std::to_string(max_workers) + ", at most " + std::to_string(sweep_max_points) +
         " points";
}

}  // namespace

std::optional<std::vector<int>> parse_worker_list(std::string_view text, std::string& error) {
  const std::string shown = printable_quoted(text);
  auto fail = [&](const std::string& why) -> std::optional<std::vector<int>> {
    error = "--workers: " + shown + " " + why + " (allowed: " + allowed() + ")";
    return std::nullopt;
  };
  std::vector<int> out;
  if (const auto dots = text.find(".."); dots != std::string_view::npos) {
    const auto lo = parse_int(text.substr(0, dots));
    const auto hi = parse_int(text.substr(dots + 2));
    if (!lo || !hi) return fail("is not a range of whole numbers");
    if (*lo < kMinWorkers || *hi > max_workers || *lo > *hi) return fail("is out of range");
    for (long n = *lo; n < *hi; n *= 2) out.push_back(int(n));
    out.push_back(*hi);
  } else {
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t comma = std::min(text.find(',', start), text.size());
      const auto v = parse_int(text.substr(start, comma - start));
      if (!v) return fail("is not a list of whole numbers");
      if (*v < kMinWorkers || *v > max_workers) return fail("is out of range");
      out.push_back(*v);
      if (out.size() > std::size_t(sweep_max_points)) return fail("has too many points");
      start = comma + 1;
    }
  }
  if (out.size() > std::size_t(sweep_max_points)) return fail("has too many points");
  error.clear();
  return out;
}

int find_knee(const std::vector<SweepPoint>& points) {
  if (points.empty()) return -1;
  double best = 0.0;
  for (const SweepPoint& p : points) best = std::max(best, p.throughput_per_s);
  for (std::size_t i = 0; i < points.size(); ++i)
    if (points[i].throughput_per_s >= 0.9 * best) return int(i);
  return int(points.size()) - 1;
}

std::vector<SweepPoint> run_sweep(const ScenarioSpec& base, const std::vector<int>& workers,
                                  const SweepOptions& options, std::stop_token stop,
                                  const std::function<void(const SweepPoint&)>& on_point) {
  std::vector<SweepPoint> points;
  for (const int w : workers) {
    if (stop.stop_requested()) break;
    ScenarioSpec spec = base;
    spec.workers = w;
    Engine engine(spec, options.engine);
    engine.start();
    const auto t0 = std::chrono::steady_clock::now();
    bool ended = false;
    while (!engine.wait_finished(std::chrono::milliseconds(10))) {
      const double ran =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (!ended && (stop.stop_requested() || ran >= options.max_seconds_per_point)) {
        ended = true;
        engine.shutdown(ShutdownMode::cancel);
      }
    }
    if (stop.stop_requested()) break;  // a cut-short run would be a misleading point
    const auto snap = engine.snapshot_now();
    SweepPoint p;
    p.workers = w;
    p.throughput_per_s = snap->throughput_per_s;
    p.latency_ms = snap->latency_ms;
    p.utilization = snap->utilization;
    p.wall_s = snap->elapsed_s;
    p.completed = snap->counters.completed;
    points.push_back(p);
    if (on_point) on_point(p);
  }
  const int knee = find_knee(points);
  if (knee >= 0) points[std::size_t(knee)].knee = true;
  return points;
}

}  // namespace poolscope
