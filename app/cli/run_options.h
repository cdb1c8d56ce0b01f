// The `run` options shared by run, shot, sweep, code and the window: one per scenario key of
// the key table (its name, help, range and allowed names come from there); each overrides the
// scenario file's value.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "poolscope/scenario.h"

namespace poolscope::cli {

struct RunOptions {
  std::string scenario;
  // The values given, by scenario key ("workers"), as read (numbers already within range).
  // Filled by CLI11 through the bindings add_run_options makes: keep the object where it is.
  std::map<std::string, std::optional<double>, std::less<>> reals;
  std::map<std::string, std::optional<std::int64_t>, std::less<>> wholes;
  std::map<std::string, std::optional<std::uint64_t>, std::less<>> unsigned_wholes;
  std::map<std::string, std::optional<std::string>, std::less<>> names;

  // True when the command line gave a value for the key.
  bool has(std::string_view key) const;
};

// Adds --scenario and an option for every scenario key the key table offers (all but
// --workers when with_workers is false) to `cmd`.
void add_run_options(CLI::App& cmd, RunOptions& o, bool with_workers = true);

// The scenario file (if any) with the options applied on top, validated. Empty on error, with
// `error` naming the option (or file), the value and what is allowed.
std::optional<ScenarioSpec> resolve_spec(const RunOptions& o, std::string& error);

}  // namespace poolscope::cli
