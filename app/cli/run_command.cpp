#include "cli/run_command.h"

#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/exports.h"
#include "cli/report.h"
#include "cli/signal_watcher.h"
#include "cli/state_report.h"
#include "poolscope/engine.h"

namespace poolscope::cli {

void add_run_command(CLI::App& app, RunCommand& cmd, CLI::App*& sub) {
  sub = app.add_subcommand("run", "Run a scenario headless and print its summary");
  add_run_options(*sub, cmd.run);
  sub->add_option("--max-seconds", cmd.max_seconds,
                  "Cancel the run after this many seconds, whatever else it says")
      ->check(CLI::NonNegativeNumber);
  sub->add_flag("--json", cmd.json, "Print exactly one JSON object");
  sub->add_option("--trace", cmd.trace_path, "Write a Chrome Trace Event JSON file (Perfetto)");
  sub->add_option("--csv", cmd.csv_path, "Write one CSV row per job");
  add_state_at_option(*sub, cmd.state_at);
}

int execute_run(const RunCommand& cmd) {
  std::string error;
  auto spec = resolve_spec(cmd.run, error);
  if (!spec) {
    std::cerr << "poolscope run: " << error << "\n";
    return 2;
  }
  EngineOptions options;
  if (!cmd.csv_path.empty()) {
    options.job_records_kept = 2'000'000;
    options.marks_kept = 2'000'000;
  }
  Engine engine(*spec, options);
  // Ctrl-C: a cancel shutdown; the summary of what ran is still printed.
  SignalWatcher signals([&engine](int) { engine.shutdown(ShutdownMode::cancel); });
  engine.start();

  const auto t0 = std::chrono::steady_clock::now();
  bool capped = false;
  while (!engine.wait_finished(std::chrono::milliseconds(20))) {
    if (!capped && cmd.max_seconds > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() >= cmd.max_seconds) {
      capped = true;
      engine.shutdown(ShutdownMode::cancel);
    }
  }
  auto snap = engine.snapshot_now();

  int status = signals.received() ? 130 : 0;
  if (!cmd.trace_path.empty()) {
    const auto depth = engine.depth_log();
    error = write_chrome_trace(cmd.trace_path, *snap, {depth.begin(), depth.end()});
    if (!error.empty()) {
      std::cerr << "poolscope run: --trace: " << error << "\n";
      status = status ? status : 1;
    }
  }
  if (!cmd.csv_path.empty()) {
    error = write_jobs_csv(cmd.csv_path, engine.job_records(), snap->start_ns);
    if (!error.empty()) {
      std::cerr << "poolscope run: --csv: " << error << "\n";
      status = status ? status : 1;
    }
  }
  if (cmd.json) {
    auto j = summary_json(*snap);
    if (!cmd.state_at.empty()) {
      error.clear();
      j["states"] = states_json(*snap, cmd.state_at, error);
      if (!error.empty()) {
        std::cerr << "poolscope run: " << error << "\n";
        status = status ? status : 1;
      }
    }
    std::cout << j.dump() << std::endl;
  } else {
    std::cout << summary_text(*snap) << states_text(*snap, cmd.state_at) << std::flush;
  }
  return status;
}

}  // namespace poolscope::cli
