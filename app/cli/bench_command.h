// `poolscope bench`: N empty jobs (the work is j*2) through the full engine, every event
// recorded unless --no-trace; prints jobs per second.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>

#include "cli/signal_watcher.h"

namespace poolscope::cli {

struct BenchCommand {
  std::int64_t jobs = 2'000'000;
  int workers = 2;
  int buffer = 1024;
  bool no_trace = false;
  bool timeline = false;
  bool json = false;
};

void add_bench_command(CLI::App& app, BenchCommand& cmd, CLI::App*& sub);
int execute_bench(const BenchCommand& cmd, SignalWatcher& signals);

}  // namespace poolscope::cli
