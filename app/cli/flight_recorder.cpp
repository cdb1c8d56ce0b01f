// FlightRecorder: findings and p99 crossings as triggers, each once per episode, and the trace of
// the seconds before one (the `run --trace` writer over a window of the snapshot's timeline).
#include "cli/flight_recorder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "cli/exports.h"

namespace poolscope::cli {

std::vector<FlightTrigger> FlightRecorder::observe(const Snapshot& s, double p99_ms) {
  std::vector<FlightTrigger> fired;
  if (s.run_id != run_id_) {
    run_id_ = s.run_id;
    findings_fired_.clear();
    p99_armed_ = true;
    p99_seen_to_s_ = -1.0;
  }
  for (const Finding& f : s.findings) {
    if (!findings_fired_.insert(f.kind).second) continue;
    fired.push_back({f.kind, f.message, f.at_s > 0 ? f.at_s : s.elapsed_s});
  }
  // Each series point once, in order: a crossing fires, a point back at or below re-arms.
  for (const SeriesPoint& pt : s.series) {
    if (pt.t_s <= p99_seen_to_s_) continue;
    p99_seen_to_s_ = pt.t_s;
    const double p99 = pt.latency_p99_ms;
    if (p99_ms <= 0 || !std::isfinite(p99)) continue;
    if (p99 <= p99_ms) {
      p99_armed_ = true;
    } else if (p99_armed_) {
      p99_armed_ = false;
      char what[128];
      std::snprintf(what, sizeof what, "latency p99 %.0f ms > %.0f ms", p99, p99_ms);
      fired.push_back({"p99", what, pt.t_s});
    }
  }
  return fired;
}

std::string write_flight_trace(const Snapshot& s, double at_s, double seconds,
                               const std::string& path) {
  std::string error;
  auto out = OutputFile::open(path, error);
  if (!out) return error;
  TraceWindow window;
  window.to_ns = s.start_ns + static_cast<std::int64_t>(std::llround(at_s * 1e9));
  window.from_ns =
      std::max(s.start_ns, window.to_ns - static_cast<std::int64_t>(std::llround(seconds * 1e9)));
  std::vector<std::pair<std::int64_t, std::uint32_t>> depth;
  if (s.timeline) {
    // The depth in force when the window opens counts from its first instant.
    s.timeline->for_each_depth_step(window.from_ns, window.to_ns, [&](const DepthStep& st) {
      depth.emplace_back(std::max(st.t_ns, window.from_ns), st.depth);
    });
  }
  return write_chrome_trace(*out, s, depth, window);
}

std::string flight_file_stem(const std::string& dir, const std::string& kind) {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  const std::string base = dir + "/poolscope-flight-" + kind + "-" + stamp;
  std::string stem = base;
  std::error_code ec;
  for (int i = 2; (std::filesystem::exists(stem + ".json", ec) ||
                   std::filesystem::exists(stem + ".png", ec)) &&
                  i < 1000;
       ++i) {
    stem = base + "-" + std::to_string(i);
  }
  return stem;
}

}  // namespace poolscope::cli
