// The `run` options shared by run, shot and sweep: each overrides the scenario file's value.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "poolscope/scenario.h"

namespace poolscope::cli {

struct RunOptions {
  std::string scenario;
  std::optional<int> workers, buffer, results_buffer, burst, downstream, autoscale_min,
      autoscale_max, io_workers;
  std::optional<std::int64_t> jobs;
  std::optional<double> duration, job_ms, cpu_fraction, spread, rate, burst_every_ms, consumer_ms,
      fail, timeout_ms, priority_share, io_share;
  std::optional<std::string> job_kind, dist, policy, mode, mistake;
  std::optional<std::uint64_t> seed;
};

// Adds --scenario and every scenario option to `cmd`.
void add_run_options(CLI::App& cmd, RunOptions& o, bool with_workers = true);

// The scenario file (if any) with the options applied on top, validated. Empty on error, with
// `error` naming the option (or file), the value and what is allowed.
std::optional<ScenarioSpec> resolve_spec(const RunOptions& o, std::string& error);

}  // namespace poolscope::cli
