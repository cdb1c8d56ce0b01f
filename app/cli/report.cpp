// The run summary of `poolscope run`: the JSON object (counters, latency statistics, queueing
// theory beside measurement) and the readable text.
#include "cli/report.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace poolscope::cli {

namespace {

double round3(double v) {
  return double(static_cast<long long>(v * 1000.0 + (v >= 0 ? 0.5 : -0.5))) / 1000.0;
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

// Predicted values sit at the top of each model's object (the names the lessons use), with
// the measured counterparts and relative differences beside them.
nlohmann::ordered_json theory_json(const TheoryReport& t) {
  nlohmann::ordered_json out;
  {
    nlohmann::ordered_json l;
    if (t.little.valid) {
      l["lambda_per_s"] = round3(t.little.lambda_per_s);
      l["w_ms"] = round3(t.little.w_ms);
      l["predicted_l"] = round3(t.little.l.predicted);
      l["measured_l"] = round3(t.little.l.measured);
      l["relative_difference"] = round3(t.little.l.relative_difference);
    }
    if (!t.little.note.empty()) l["note"] = t.little.note;
    out["little"] = l;
  }
  {
    const auto& m = t.mmc;
    nlohmann::ordered_json j;
    j["applies"] = m.applies;
    if (m.valid) {
      j["lambda_per_s"] = round3(m.lambda_per_s);
      j["service_ms"] = round3(m.service_ms);
      j["servers"] = m.servers;
      j["stable"] = m.stable;
      j["utilization"] = round3(m.utilization.predicted);
      if (m.stable) {
        j["p_wait"] = round3(m.p_wait.predicted);
        j["wait_ms"] = round3(m.wait_ms.predicted);
        j["queue_len"] = round3(m.queue_len.predicted);
        j["measured"] = {{"utilization", round3(m.utilization.measured)},
                         {"p_wait", round3(m.p_wait.measured)},
                         {"wait_ms", round3(m.wait_ms.measured)},
                         {"queue_len", round3(m.queue_len.measured)}};
        j["relative_difference"] = {{"utilization", round3(m.utilization.relative_difference)},
                                    {"p_wait", round3(m.p_wait.relative_difference)},
                                    {"wait_ms", round3(m.wait_ms.relative_difference)},
                                    {"queue_len", round3(m.queue_len.relative_difference)}};
      } else {
        j["measured"] = {{"utilization", round3(m.utilization.measured)}};
      }
    }
    if (!m.note.empty()) j["note"] = m.note;
    out["mmc"] = j;
  }
  {
    const auto& m = t.mmck;
    nlohmann::ordered_json j;
    if (m.valid) {
      j["capacity_k"] = m.capacity_k;
      j["p_block"] = round3(m.p_block.predicted);
      j["utilization"] = round3(m.utilization.predicted);
      j["measured"] = {{"p_block", round3(m.p_block.measured)},
                       {"utilization", round3(m.utilization.measured)}};
      j["relative_difference"] = {{"p_block", round3(m.p_block.relative_difference)},
                                  {"utilization", round3(m.utilization.relative_difference)}};
    }
    if (!m.note.empty()) j["note"] = m.note;
    out["mmck"] = j;
  }
  {
    const auto& g = t.goetz;
    nlohmann::ordered_json j;
    if (g.valid) {
      j["workers"] = g.workers;
      j["cpus"] = g.cpus;
      j["cpu_fraction"] = round3(g.cpu_fraction);
    }
    if (!g.note.empty()) j["note"] = g.note;
    out["goetz"] = j;
  }
  return out;
}

nlohmann::ordered_json summary_stats_json(const Summary& s) {
  return {{"mean", round3(s.mean)},
          {"p50", round3(s.p50)},
          {"p95", round3(s.p95)},
          {"p99", round3(s.p99)},
          {"max", round3(s.max)}};
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
  j["held"] = c.held;
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
  j["sent_on_closed"] = c.sent_on_closed;
  j["full_arrivals"] = c.full_arrivals;
  j["mode"] = std::string(to_string(s.spec.mode));
  if (s.spec.mistake != Mistake::none) j["mistake"] = std::string(to_string(s.spec.mistake));
  if (!s.spec.expect_finding.empty()) j["expect_finding"] = s.spec.expect_finding;
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const Finding& f : s.findings)
    findings.push_back({{"kind", f.kind},
                        {"message", f.message},
                        {"threads", f.threads},
                        {"at_s", round3(f.at_s)}});
  j["findings"] = findings;
  j["threads"] = {{"now", s.process.threads},
                  {"peak", s.process.threads_peak},
                  {"spawned_peak", s.process.spawned_peak},
                  {"spawn_cap", s.process.spawn_cap}};
  j["memory"] = {{"rss_mb", round3(s.process.rss_mb)},
                 {"rss_peak_mb", round3(s.process.rss_peak_mb)},
                 {"vm_mb", round3(s.process.vm_mb)}};
  if (s.spec.priority_share > 0)
    j["queue_wait_by_priority_ms"] = {{"high", summary_stats_json(s.class_waits.high_ms)},
                                      {"normal", summary_stats_json(s.class_waits.normal_ms)}};
  if (s.spec.io_share > 0)
    j["queue_wait_by_kind_ms"] = {{"io", summary_stats_json(s.class_waits.io_ms)},
                                  {"cpu", summary_stats_json(s.class_waits.cpu_ms)}};
  j["mean_in_system"] = round3(s.mean_in_system);
  if (s.limit.policy != LimitPolicy::none) {
    const LimitView& l = s.limit;
    j["limit"] = {{"policy", std::string(to_string(l.policy))},
                  {"final", l.limit},
                  {"min", l.min_limit},
                  {"max", l.max_limit},
                  {"calls", l.samples},
                  {"last_rtt_ms", round3(l.last_rtt_ms)},
                  {"min_rtt_ms", round3(l.min_rtt_ms)},
                  {"baseline", l.baseline_name},
                  {"baseline_ms", round3(l.baseline_ms)}};
  }
  j["theory"] = theory_json(s.theory);
  return j;
}

std::string summary_text(const Snapshot& s) {
  const Counters& c = s.counters;
  std::ostringstream o;
  if (!s.spec.title.empty()) o << s.spec.title << "\n";
  if (s.spec.mode == PoolMode::spawn)
    o << "  spawn mode (one thread per job, at most " << s.process.spawn_cap << " at once)";
  else
    o << "  " << s.spec.workers << " workers";
  o << ", buffer " << s.spec.buffer << ", policy " << to_string(s.spec.policy) << ", "
    << to_string(s.spec.job_kind) << " jobs of " << fmt("%.4g", s.spec.job_ms) << " ms ("
    << to_string(s.spec.dist) << ")\n";
  o << "  wall " << fmt("%.3f", s.elapsed_s) << " s, throughput " << fmt("%.1f", s.throughput_per_s)
    << " jobs/s, utilization " << fmt("%.0f", s.utilization * 100) << "%\n";
  o << "  submitted " << c.submitted << " = completed " << c.completed << " + failed " << c.failed
    << " + rejected " << c.rejected << " + dropped " << c.dropped << " + cancelled " << c.cancelled;
  if (c.queued || c.in_progress)
    o << " + queued " << c.queued << " + in progress " << c.in_progress;
  if (c.held) o << " + held " << c.held;
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
    << fmt("%.0f", s.active_s() > 0 ? 100.0 * s.producer_blocked_s / s.active_s() : 0.0)
    << "% of the run), queue depth max " << s.max_queue_depth << " mean "
    << fmt("%.2f", s.mean_queue_depth) << "\n";
  if (!s.completion_order.empty() && s.completion_order.size() <= 20) {
    o << "  submission order:";
    for (auto id : s.submission_order) o << ' ' << id;
    o << "\n  completion order:";
    for (auto id : s.completion_order) o << ' ' << id;
    o << "\n";
  }
  if (s.spec.mode == PoolMode::spawn || s.process.threads_peak > 0)
    o << "  threads peak " << s.process.threads_peak
      << (s.spec.mode == PoolMode::spawn
              ? " (" + std::to_string(s.process.spawned_peak) + " job threads; cap " +
                    std::to_string(s.process.spawn_cap) + ")"
              : std::string())
      << ", memory peak " << fmt("%.1f", s.process.rss_peak_mb) << " MB resident\n";
  if (s.limit.policy != LimitPolicy::none) {
    const LimitView& l = s.limit;
    o << "  limit " << to_string(l.policy) << ": final " << l.limit << " (min " << l.min_limit
      << ", max " << l.max_limit << ") over " << l.samples << " calls; latency last "
      << fmt("%.1f", l.last_rtt_ms) << " ms, min " << fmt("%.1f", l.min_rtt_ms) << " ms, "
      << l.baseline_name << " " << fmt("%.1f", l.baseline_ms) << " ms\n";
  }
  for (const Finding& f : s.findings) o << "  FINDING (" << f.kind << "): " << f.message << "\n";
  return o.str();
}

}  // namespace poolscope::cli
