// `poolscope compare A B`: two runs side by side. Each of A and B is a scenario file (run here,
// with the same run options for both) or a saved `run --json` output (told apart by content).
// Prints throughput, mean and percentile latencies and utilization, their differences, and
// whether each difference is beyond the noise (the two 95% intervals do not overlap).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/run_options.h"
#include "cli/signal_watcher.h"

namespace poolscope::cli {

struct CompareCommand {
  std::string a, b;
  RunOptions run;  // applied to each side that is a scenario
  double max_seconds = 0;
  bool json = false;
};

void add_compare_command(CLI::App& app, CompareCommand& cmd, CLI::App*& sub);
// Exit status: 0; 2 for bad options or an input that is neither a scenario nor a saved run;
// 128 + a signal that cancelled a run.
int execute_compare(const CompareCommand& cmd, SignalWatcher& signals);

}  // namespace poolscope::cli
