#include "cli/report.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace poolscope::cli {

namespace {

double round3(double v) { return double(static_cast<long long>(v * 1000.0 + (v >= 0 ? 0.5 : -0.5))) / 1000.0; }

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

nlohmann::ordered_json summary_stats_json(const Summary& s) {
  return {{"mean", round3(s.mean)}, {"p50", round3(s.p50)}, {"p95", round3(s.p95)},
          {"p99", round3(s.p99)},   {"max", round3(s.max)}};
}

nlohmann::ordered_json summary_json(const Snapshot& s) {
  const Counters& c = s.counters;
  nlohmann::ordered_json j;
  if (!s.spec.title.empty()) j["title"] = s.spec.title;
  j["workers"] = s.spec.workers;
  j["buffer"] = s.spec.buffer;
  j["results_buffer"] = s.spec.effective_results_buffer();
  j["policy"] = std::string(to_string(s.spec.policy));
  j["wall_s"] = std::round(s.elapsed_s * 1e6) / 1e6;
  j["submitted"] = c.submitted;
  j["completed"] = c.completed;
  j["failed"] = c.failed;
  j["timed_out"] = c.timed_out;
  j["rejected"] = c.rejected;
  j["dropped"] = c.dropped;
  j["cancelled"] = c.cancelled;
  j["queued"] = c.queued;
  j["in_progress"] = c.in_progress;
  j["caller_ran"] = c.caller_ran;
  j["throughput_per_s"] = round3(s.throughput_per_s);
  j["queue_wait_ms"] = summary_stats_json(s.queue_wait_ms);
  j["service_ms"] = summary_stats_json(s.service_ms);
  j["latency_ms"] = summary_stats_json(s.latency_ms);
  j["utilization"] = round3(s.utilization);
  j["producer_blocked_s"] = round3(s.producer_blocked_s);
  j["max_queue_depth"] = s.max_queue_depth;
  j["mean_queue_depth"] = round3(s.mean_queue_depth);
  if (c.submitted <= 1000) {
    j["completion_order"] = s.completion_order;
    j["submission_order"] = s.submission_order;
  }
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const Finding& f : s.findings) findings.push_back({{"kind", f.kind}, {"message", f.message}});
  j["findings"] = findings;
  return j;
}

std::string summary_text(const Snapshot& s) {
  const Counters& c = s.counters;
  std::ostringstream o;
  if (!s.spec.title.empty()) o << s.spec.title << "\n";
  o << "  " << s.spec.workers << " workers, buffer " << s.spec.buffer << ", policy "
    << to_string(s.spec.policy) << ", " << to_string(s.spec.job_kind) << " jobs of "
    << fmt("%.4g", s.spec.job_ms) << " ms (" << to_string(s.spec.dist) << ")\n";
  o << "  wall " << fmt("%.3f", s.elapsed_s) << " s, throughput " << fmt("%.1f", s.throughput_per_s)
    << " jobs/s, utilization " << fmt("%.0f", s.utilization * 100) << "%\n";
  o << "  submitted " << c.submitted << " = completed " << c.completed << " + failed " << c.failed
    << " + rejected " << c.rejected << " + dropped " << c.dropped << " + cancelled " << c.cancelled;
  if (c.queued || c.in_progress) o << " + queued " << c.queued << " + in progress " << c.in_progress;
  o << "\n";
  auto line = [&](const char* name, const Summary& m) {
    o << "  " << name << " ms: mean " << fmt("%.3f", m.mean) << "  p50 " << fmt("%.3f", m.p50)
      << "  p95 " << fmt("%.3f", m.p95) << "  p99 " << fmt("%.3f", m.p99) << "  max "
      << fmt("%.3f", m.max) << "\n";
  };
  line("queue wait", s.queue_wait_ms);
  line("service   ", s.service_ms);
  line("latency   ", s.latency_ms);
  o << "  producer blocked " << fmt("%.3f", s.producer_blocked_s) << " s ("
    << fmt("%.0f", s.elapsed_s > 0 ? 100.0 * s.producer_blocked_s / s.elapsed_s : 0.0)
    << "% of the run), queue depth max " << s.max_queue_depth << " mean "
    << fmt("%.2f", s.mean_queue_depth) << "\n";
  if (!s.completion_order.empty() && s.completion_order.size() <= 20) {
    o << "  submission order:";
    for (auto id : s.submission_order) o << ' ' << id;
    o << "\n  completion order:";
    for (auto id : s.completion_order) o << ' ' << id;
    o << "\n";
  }
  for (const Finding& f : s.findings) o << "  FINDING (" << f.kind << "): " << f.message << "\n";
  return o.str();
}

}  // namespace poolscope::cli
