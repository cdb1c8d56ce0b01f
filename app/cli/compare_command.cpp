// `poolscope compare`: read or run both sides into the `run --json` form, then compare that.
#include "cli/compare_command.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/confidence_report.h"
#include "cli/option_values.h"
#include "cli/report.h"
#include "poolscope/engine.h"
#include "poolscope/theory_check.h"

namespace poolscope::cli {

namespace {

using Json = nlohmann::ordered_json;

struct Side {
  std::string path;
  std::string kind;                  // "scenario" (run here) or "saved run"
  Json run;                          // the `run --json` object (a scenario's once it has run)
  std::optional<ScenarioSpec> spec;  // a scenario's settings, to run
};

// A saved `run --json` output: an object with the summary's figures.
bool is_saved_run(const Json& j) {
  return j.is_object() && j.contains("throughput_per_s") && j["throughput_per_s"].is_number() &&
         j.contains("latency_ms") && j["latency_ms"].is_object() && j.contains("utilization") &&
         j.contains("completed");
}

// Runs `spec` and reports it as `poolscope run --json` does.
Json run_scenario(const ScenarioSpec& spec, double max_seconds, SignalWatcher& signals) {
  Engine engine(spec);
  const auto handling = signals.handle([&engine](int) { engine.shutdown(ShutdownMode::cancel); });
  engine.start();
  const auto t0 = std::chrono::steady_clock::now();
  bool capped = false;
  while (!engine.wait_finished(std::chrono::milliseconds(20))) {
    if (!capped && max_seconds > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() >=
            max_seconds) {
      capped = true;
      engine.shutdown(ShutdownMode::cancel);
    }
  }
  const auto snap = engine.snapshot_now();
  const RunConfidence rc = measure_run(engine, *snap);
  Json j = summary_json(*snap);
  add_confidence_json(j, rc, check_theory(snap->spec, rc));
  return j;
}

// Reads `path` as a saved run, or else as a scenario with the options on top (not run yet, so
// that a bad second input is refused before the first one runs).
std::optional<Side> load_side(const std::string& path, const CompareCommand& cmd,
                              std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot read the file";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  const Json parsed = Json::parse(text.str(), nullptr, false);
  if (is_saved_run(parsed)) return Side{path, "saved run", parsed, std::nullopt};
  RunOptions options = cmd.run;
  options.scenario = path;
  std::string why;
  auto spec = resolve_spec(options, why);
  if (!spec) {
    error = path + " is neither a saved `run --json` output nor a scenario file (" + why + ")";
    return std::nullopt;
  }
  return Side{path, "scenario", Json(), std::move(spec)};
}

struct Metric {
  const char* key;    // in compare's JSON
  const char* label;  // in its text
  const char* value;  // in the run JSON: a key, or "latency_ms.p50"
  const char* ci;     // the run JSON's ci95 key; nullptr: none
};

constexpr Metric kMetrics[] = {
    {"throughput_per_s", "throughput /s", "throughput_per_s", "throughput_per_s"},
    {"latency_mean_ms", "latency mean ms", "latency_ms.mean", "latency_ms"},
    {"latency_p50_ms", "latency p50 ms", "latency_ms.p50", nullptr},
    {"latency_p95_ms", "latency p95 ms", "latency_ms.p95", nullptr},
    {"latency_p99_ms", "latency p99 ms", "latency_ms.p99", nullptr},
    {"queue_wait_mean_ms", "queue wait ms", "queue_wait_ms.mean", "queue_wait_ms"},
    {"utilization", "utilization", "utilization", "utilization"},
};

double value_of(const Json& run, const std::string& path) {
  const auto dot = path.find('.');
  const Json& v =
      dot == std::string::npos ? run[path] : run[path.substr(0, dot)][path.substr(dot + 1)];
  return v.is_number() ? v.get<double>() : std::nan("");
}

// The run's interval for `key`, or nullopt (none in the run, or too little data).
std::optional<std::pair<double, double>> interval_of(const Json& run, const char* key) {
  if (key == nullptr || !run.contains("ci95") || !run["ci95"].is_object()) return std::nullopt;
  const Json& ci = run["ci95"];
  if (!ci.contains(key) || !ci[key].is_array() || ci[key].size() != 2) return std::nullopt;
  return std::make_pair(ci[key][0].get<double>(), ci[key][1].get<double>());
}

struct Row {
  const Metric* metric;
  double a, b, diff, percent;  // percent NaN when A is 0
  std::optional<std::pair<double, double>> a_ci, b_ci;
  std::optional<bool> beyond_noise;  // nullopt: no interval on one side
  std::string note;
};

Row compare_metric(const Metric& m, const Json& a, const Json& b) {
  Row r{&m, value_of(a, m.value), value_of(b, m.value), 0, 0, {}, {}, {}, {}};
  r.diff = r.b - r.a;
  r.percent = r.a != 0 ? 100.0 * r.diff / r.a : std::nan("");
  r.a_ci = interval_of(a, m.ci);
  r.b_ci = interval_of(b, m.ci);
  if (r.a_ci && r.b_ci)
    r.beyond_noise = r.a_ci->second < r.b_ci->first || r.b_ci->second < r.a_ci->first;
  else if (m.ci == nullptr)
    r.note = "no interval: batch means give none for a percentile here";
  else
    r.note = "no interval: too little data in " + std::string(r.a_ci ? "B" : "A");
  return r;
}

Json number_or_null(double v) {
  return std::isfinite(v) ? Json(std::round(v * 1e4) / 1e4) : Json(nullptr);
}

Json interval_json(const std::optional<std::pair<double, double>>& ci) {
  return ci ? Json::array({ci->first, ci->second}) : Json(nullptr);
}

Json compare_json(const Side& a, const Side& b, const std::vector<Row>& rows) {
  Json j;
  j["a"] = {{"source", a.path}, {"kind", a.kind}};
  j["b"] = {{"source", b.path}, {"kind", b.kind}};
  Json metrics;
  for (const Row& r : rows) {
    Json m;
    m["a"] = number_or_null(r.a);
    m["b"] = number_or_null(r.b);
    m["difference"] = number_or_null(r.diff);
    m["percent"] = number_or_null(r.percent);
    m["a_ci95"] = interval_json(r.a_ci);
    m["b_ci95"] = interval_json(r.b_ci);
    m["beyond_noise"] = r.beyond_noise ? Json(*r.beyond_noise) : Json(nullptr);
    if (!r.note.empty()) m["note"] = r.note;
    metrics[r.metric->key] = m;
  }
  j["metrics"] = metrics;
  return j;
}

std::string fmt(const char* f, double v) {
  if (!std::isfinite(v)) return "—";
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string cell(double v, const std::optional<std::pair<double, double>>& ci) {
  std::string s = fmt("%.3f", v);
  if (ci) s += " [" + fmt("%.3f", ci->first) + ", " + fmt("%.3f", ci->second) + "]";
  return s;
}

std::string compare_text(const Side& a, const Side& b, const std::vector<Row>& rows) {
  std::ostringstream o;
  o << "A: " << a.path << " (" << a.kind << ")\nB: " << b.path << " (" << b.kind << ")\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %-16s %-28s %-28s %-11s %-9s %s\n", "", "A [95%]", "B [95%]",
                "B - A", "%", "beyond the noise?");
  o << line;
  for (const Row& r : rows) {
    const std::string verdict = r.beyond_noise ? (*r.beyond_noise ? "yes" : "no") : "no interval";
    std::snprintf(line, sizeof line, "  %-16s %-28s %-28s %-11s %-9s %s\n", r.metric->label,
                  cell(r.a, r.a_ci).c_str(), cell(r.b, r.b_ci).c_str(),
                  fmt("%+.3f", r.diff).c_str(), fmt("%+.1f%%", r.percent).c_str(), verdict.c_str());
    o << line;
  }
  o << "  beyond the noise: the two 95% intervals do not overlap; percentiles have none\n";
  return o.str();
}

}  // namespace

void add_compare_command(CLI::App& app, CompareCommand& cmd, CLI::App*& sub) {
  sub = app.add_subcommand(
      "compare",
      "Compare two runs: each a scenario file (run here) or a saved `run --json` output");
  sub->add_option("A", cmd.a, "Scenario file or saved run JSON")->required();
  sub->add_option("B", cmd.b, "Scenario file or saved run JSON")->required();
  add_run_options(*sub, cmd.run);
  add_number(*sub, "--max-seconds", cmd.max_seconds,
             {0, 1e6, false, false, " seconds (0 = no limit)"},
             "Cancel each run after this many seconds");
  sub->add_flag("--json", cmd.json, "Print exactly one JSON object");
}

int execute_compare(const CompareCommand& cmd, SignalWatcher& signals) {
  if (!cmd.run.scenario.empty()) {
    std::cerr << "poolscope compare: give the two scenarios as A and B, not with --scenario\n";
    return 2;
  }
  std::string error;
  auto a = load_side(cmd.a, cmd, error);
  if (!a) {
    std::cerr << "poolscope compare: A: " << error << "\n";
    return 2;
  }
  auto b = load_side(cmd.b, cmd, error);
  if (!b) {
    std::cerr << "poolscope compare: B: " << error << "\n";
    return 2;
  }
  for (Side* side : {&*a, &*b}) {
    if (side->spec && !signals.received())
      side->run = run_scenario(*side->spec, cmd.max_seconds, signals);
  }
  if (signals.received()) return signals.exit_status(0);
  std::vector<Row> rows;
  for (const Metric& m : kMetrics) rows.push_back(compare_metric(m, a->run, b->run));
  if (cmd.json)
    std::cout << compare_json(*a, *b, rows).dump() << "\n";
  else
    std::cout << compare_text(*a, *b, rows);
  return signals.exit_status(0);
}

}  // namespace poolscope::cli
