// `poolscope sweep --workers 1,2,4,8 | 1..64 [run options] [--json]`: short real runs of one
// scenario at several worker counts; prints throughput, latency and utilization per count and
// marks the knee, with the Universal Scalability Law fitted to the points.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/run_options.h"
#include "cli/signal_watcher.h"

namespace poolscope::cli {

struct SweepCommand {
  RunOptions run;  // every run option but --workers
  std::string workers;
  double max_seconds = 3.0;
  bool json = false;
  std::string csv_path;  // --csv: N,throughput,latency_ms for R's usl
};

void add_sweep_command(CLI::App& app, SweepCommand& cmd, CLI::App*& sub);
int execute_sweep(const SweepCommand& cmd, SignalWatcher& signals);

}  // namespace poolscope::cli
