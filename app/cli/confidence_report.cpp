// Intervals and model checks for `run`: JSON and text.
#include "cli/confidence_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace poolscope::cli {

namespace {

double round4(double v) { return std::round(v * 1e4) / 1e4; }

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

struct Metric {
  const char* key;
  const char* name;
  const char* unit;
  const char* format;
  double scale;
  const Interval RunConfidence::*interval;
};

constexpr Metric kMetrics[] = {
    {"throughput_per_s", "throughput ", " /s", "%.1f", 1.0, &RunConfidence::throughput_per_s},
    {"queue_wait_ms", "queue wait ", " ms", "%.3f", 1.0, &RunConfidence::queue_wait_ms},
    {"latency_ms", "latency    ", " ms", "%.3f", 1.0, &RunConfidence::latency_ms},
    {"utilization", "utilization", " %", "%.1f", 100.0, &RunConfidence::utilization},
};

nlohmann::ordered_json interval_json(const Interval& i) {
  if (!i.valid) return nullptr;
  return nlohmann::ordered_json::array({round4(i.lo), round4(i.hi)});
}

nlohmann::ordered_json prediction_json(const ModelPrediction& p) {
  nlohmann::ordered_json j;
  j["valid"] = p.valid;
  if (p.valid) {
    j["lambda_per_s"] = round4(p.lambda_per_s);
    j["service_ms"] = round4(p.service_ms);
    j["servers"] = p.servers;
    j["stable"] = p.stable;
    j["utilization"] = round4(p.utilization);
    j["utilization_agrees"] = p.utilization_agrees;
    if (p.stable) {
      j["wait_ms"] = round4(p.wait_ms);
      j["wait_agrees"] = p.wait_agrees;
    }
  }
  if (!p.note.empty()) j["note"] = p.note;
  return j;
}

}  // namespace

RunConfidence measure_run(Engine& engine, const Snapshot& snap) {
  const std::vector<JobRecord> records = engine.job_records();
  std::int64_t start = snap.start_ns;
  // Records that fell out of the window leave the run's start empty: measure from the first kept.
  if (engine.lost_job_records() > 0) {
    std::int64_t first = std::numeric_limits<std::int64_t>::max();
    for (const JobRecord& r : records)
      if (r.ended_by == EventKind::result_consumed) first = std::min(first, r.submit_ns);
    if (first != std::numeric_limits<std::int64_t>::max()) start = std::max(start, first);
  }
  return measure_confidence(records, start, fixed_pool_size(snap.spec));
}

void add_confidence_json(nlohmann::ordered_json& summary, const RunConfidence& rc,
                         const TheoryCheck& check) {
  summary["warmup_s"] = rc.valid ? nlohmann::ordered_json(round4(rc.warmup_s)) : nullptr;
  summary["ci95"] = ci95_json(rc);
  summary["theory"]["against_interval"] = theory_check_json(check);
}

nlohmann::ordered_json ci95_json(const RunConfidence& rc) {
  nlohmann::ordered_json j, reasons;
  for (const Metric& m : kMetrics) {
    const Interval& i = rc.*m.interval;
    j[m.key] = interval_json(i);
    if (!i.valid) reasons[m.key] = i.reason;
  }
  if (!reasons.empty()) j["reasons"] = reasons;
  return j;
}

nlohmann::ordered_json theory_check_json(const TheoryCheck& c) {
  nlohmann::ordered_json j;
  j["valid"] = c.valid;
  if (!c.valid) {
    j["reason"] = c.reason;
    return j;
  }
  j["wait_ms"] = interval_json(c.wait_ms);
  j["utilization"] = interval_json(c.utilization);
  j["from_settings"] = prediction_json(c.from_settings);
  j["from_measured"] = prediction_json(c.from_measured);
  const auto& ac = c.allen_cunneen;
  nlohmann::ordered_json a;
  a["valid"] = ac.valid;
  a["ca2"] = round4(ac.ca2);
  a["cs2"] = round4(ac.cs2);
  if (ac.valid) {
    a["wait_ms"] = round4(ac.wait_ms);
    a["wait_agrees"] = ac.agrees;
  }
  a["note"] = ac.note;
  j["allen_cunneen"] = a;
  return j;
}

std::string confidence_text(const RunConfidence& rc) {
  std::ostringstream o;
  if (!rc.valid) {
    o << "  95% intervals: none (" << rc.reason << ")\n";
    return o.str();
  }
  const std::string warm = fmt("%.2f", rc.warmup_s);
  for (const Metric& m : kMetrics) {
    const Interval& i = rc.*m.interval;
    o << "  " << m.name << " ";
    if (!i.valid) {
      o << "no interval (" << i.reason << ")\n";
      continue;
    }
    o << fmt(m.format, i.mean * m.scale) << m.unit << " ± " << fmt(m.format, i.half_width * m.scale)
      << " (95%, warm-up " << warm << " s dropped)\n";
  }
  return o.str();
}

std::string theory_check_text(const TheoryCheck& c) {
  if (!c.valid) return "";
  std::ostringstream o;
  const auto line = [&](const char* label, bool valid, bool stable, double wait, bool ok) {
    o << "  queue wait " << label << ": ";
    if (!valid)
      o << "no prediction\n";
    else if (!stable)
      o << "unbounded (ρ ≥ 1)\n";
    else
      o << fmt("%.3f", wait) << " ms, " << (ok ? "agrees" : "outside the interval") << "\n";
  };
  const auto& s = c.from_settings;
  const auto& m = c.from_measured;
  line("M/M/c from settings", s.valid, s.stable, s.wait_ms, s.wait_agrees);
  line("M/M/c from measured", m.valid, m.stable, m.wait_ms, m.wait_agrees);
  line("Allen–Cunneen      ", c.allen_cunneen.valid, true, c.allen_cunneen.wait_ms,
       c.allen_cunneen.agrees);
  return o.str();
}

}  // namespace poolscope::cli
