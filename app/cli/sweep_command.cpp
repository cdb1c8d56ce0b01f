// `poolscope sweep`: its options, the short runs at each worker count (core's run_sweep), and
// the table or JSON of points with the knee.
#include "cli/sweep_command.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/option_values.h"
#include "cli/report.h"
#include "cli/signal_watcher.h"
#include "cli/sweep_usl.h"
#include "poolscope/sweep.h"
#include "poolscope/sweep_fit.h"

namespace poolscope::cli {

void add_sweep_command(CLI::App& app, SweepCommand& cmd, CLI::App*& sub) {
  sub = app.add_subcommand("sweep",
                           "Short runs at several worker counts: throughput and latency "
                           "against workers, with the knee marked");
  add_text(*sub, "--workers", cmd.workers,
           "Worker counts: a list like 1,2,4,8 or a range like 1..64 (doubling)",
           "a list like 1,2,4,8 or a range like 1..64")
      ->required();
  add_run_options(*sub, cmd.run, /*with_workers=*/false);
  add_number(*sub, "--max-seconds", cmd.max_seconds, {0.05, 3600, false, false, " seconds"},
             "Each run is cancelled after this many seconds (default 3)");
  sub->add_flag("--json", cmd.json, "Print {\"points\": [...], \"knee\": ..., \"usl\": ...}");
  add_text(*sub, "--csv", cmd.csv_path,
           "Write N,throughput,latency_ms (mean submit-to-consumed latency) per point, as R's "
           "usl reads it");
}

namespace {

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

}  // namespace

int execute_sweep(const SweepCommand& cmd, SignalWatcher& signals) {
  std::string error;
  const auto counts = parse_worker_list(cmd.workers, error);
  if (!counts) {
    std::cerr << "poolscope sweep: " << error << "\n";
    return 2;
  }
  auto spec = resolve_spec(cmd.run, error);
  if (!spec) {
    std::cerr << "poolscope sweep: " << error << "\n";
    return 2;
  }
  // With nothing that ends the run, each point runs (closed loop) for its time budget.
  if (cmd.run.scenario.empty() && !cmd.run.has("jobs") && !cmd.run.has("duration")) {
    spec->jobs.reset();
    spec->duration_s = cmd.max_seconds;
  }
  if (spec->mode == PoolMode::spawn) {
    std::cerr << "poolscope sweep: --mode: spawn has no workers to sweep (use mode pool)\n";
    return 2;
  }

  // Opened before the runs: an unwritable path is refused at once, not after them.
  std::optional<OutputFile> csv;
  if (!cmd.csv_path.empty() && !(csv = OutputFile::open(cmd.csv_path, error))) {
    std::cerr << "poolscope sweep: --csv: " << error << "\n";
    return 1;
  }

  SweepOptions options;
  options.max_seconds_per_point = cmd.max_seconds;
  std::stop_source stop;
  const auto handling = signals.handle([&stop](int) { stop.request_stop(); });
  const auto points =
      run_sweep(*spec, *counts, options, stop.get_token(), [&](const SweepPoint& p) {
        if (!cmd.json)
          std::fprintf(stderr, "  %4d workers: %10.1f jobs/s\n", p.workers, p.throughput_per_s);
      });
  const int knee = find_knee(points);
  std::string usl_error;
  const auto usl = fit_sweep(points, spec->open_loop(), usl_error);
  int status = 0;
  if (csv) {
    error = write_sweep_csv(*csv, points);
    if (!error.empty()) {
      std::cerr << "poolscope sweep: --csv: " << error << "\n";
      status = 1;
    }
  }

  if (cmd.json) {
    nlohmann::ordered_json j;
    if (!spec->title.empty()) j["title"] = spec->title;
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const SweepPoint& p : points) {
      arr.push_back({{"workers", p.workers},
                     {"throughput_per_s", round3(p.throughput_per_s)},
                     {"latency_ms", summary_stats_json(p.latency_ms)},
                     {"utilization", round3(p.utilization)},
                     {"wall_s", round3(p.wall_s)},
                     {"completed", p.completed},
                     {"knee", p.knee}});
    }
    j["points"] = arr;
    if (knee >= 0) j["knee"] = {{"workers", points[std::size_t(knee)].workers}, {"index", knee}};
    if (usl)
      j["usl"] = usl_json(*usl);
    else
      j["usl"] = {{"error", usl_error}};
    std::cout << j.dump() << "\n";
  } else {
    std::printf("%8s %14s %10s %10s %6s\n", "workers", "throughput/s", "p50 ms", "p95 ms", "util");
    for (const SweepPoint& p : points)
      std::printf("%8d %14.1f %10.2f %10.2f %5.0f%%%s\n", p.workers, p.throughput_per_s,
                  p.latency_ms.p50, p.latency_ms.p95, p.utilization * 100,
                  p.knee ? "   <- knee" : "");
    std::cout << (usl ? usl_text(*usl) : usl_error + "\n");
  }
  return signals.exit_status(status);
}

}  // namespace poolscope::cli
