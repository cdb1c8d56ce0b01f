// `poolscope run`: one headless run of a scenario; prints its summary (text or JSON).
#pragma once

#include <CLI/CLI.hpp>
#include <vector>

#include "cli/run_options.h"
#include "cli/signal_watcher.h"

namespace poolscope::cli {

struct RunCommand {
  RunOptions run;
  double max_seconds = 0;
  bool json = false;
  std::string trace_path;
  std::string csv_path;
  std::vector<double> state_at;  // --state-at: instants to rebuild (seconds since start)
  // --flight-recorder DIR: a trace of the last flight_seconds before each finding or p99
  // crossing (flight_p99_ms > 0) is written into DIR.
  std::string flight_dir;
  double flight_p99_ms = 0;
  double flight_seconds = 5;
};

void add_run_command(CLI::App& app, RunCommand& cmd, CLI::App*& sub);
// Exit status: 0, 1 (an output could not be written or is incomplete), 2 (bad options), or
// 128 + a signal that cancelled the run.
int execute_run(const RunCommand& cmd, SignalWatcher& signals);

}  // namespace poolscope::cli
