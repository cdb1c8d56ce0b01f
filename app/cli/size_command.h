// `poolscope size --rate R --job-ms M [--dist exp|fixed|uniform|lognormal] --wait-ms T
// --percentile P [--seconds S] [--json]`: the fewest workers that keep P percent of jobs waiting
// in the queue at most T ms (Erlang C, or Allen–Cunneen for non-exponential jobs), then a real
// run at that size and one fewer, with the measured waits.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "cli/signal_watcher.h"

namespace poolscope::cli {

struct SizeCommand {
  std::optional<double> rate;
  std::optional<double> job_ms;
  std::optional<std::string> dist;
  double spread = 0.5;
  std::optional<double> wait_ms;
  std::optional<double> percentile;  // percent, strictly between 0 and 100
  double seconds = 3.0;              // each verification run produces for this long
  bool no_verify = false;
  std::optional<std::uint64_t> seed;  // unset: 1
  bool json = false;
};

void add_size_command(CLI::App& app, SizeCommand& cmd, CLI::App*& sub);
// Exit status: 0, 2 (bad or impossible input), or 128 + a signal that cut the runs short.
int execute_size(const SizeCommand& cmd, SignalWatcher& signals);

}  // namespace poolscope::cli
