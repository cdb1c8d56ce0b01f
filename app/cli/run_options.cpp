// The run options, built from core's key table: one option per key with its help, range and
// allowed names; and the spec they make over a scenario file.
#include "cli/run_options.h"

#include "cli/option_values.h"
#include "poolscope/printable.h"

namespace poolscope::cli {

namespace {

template <class Map>
bool given(const Map& m, std::string_view key) {
  const auto it = m.find(key);
  return it != m.end() && it->second.has_value();
}

}  // namespace

bool RunOptions::has(std::string_view key) const {
  return given(reals, key) || given(wholes, key) || given(unsigned_wholes, key) ||
         given(names, key);
}

void add_run_options(CLI::App& cmd, RunOptions& o, bool with_workers) {
  add_text(cmd, "--scenario", o.scenario,
           "Scenario JSON file, or a preset's name (seed, 04-backpressure)", "a scenario file");
  for (const KeyOption& k : key_options()) {
    if (!with_workers && k.key == "workers") continue;
    const std::string flag = key_name(k.key, KeyStyle::cli);
    const std::string key(k.key);
    if (k.kind == KeyOption::Kind::choice) {
      add_text(cmd, flag, o.names[key], std::string(k.help), "one of " + choices_of(k.key));
      continue;
    }
    const NumberRule rule = key_rule(k.key);
    const std::string help = std::string(k.help) + " (" + describe(rule) + ")";
    if (k.kind == KeyOption::Kind::real) add_number(cmd, flag, o.reals[key], rule, help);
    if (k.kind == KeyOption::Kind::whole) add_number(cmd, flag, o.wholes[key], rule, help);
    if (k.kind == KeyOption::Kind::unsigned_whole)
      add_number(cmd, flag, o.unsigned_wholes[key], rule, help);
  }
}

std::optional<ScenarioSpec> resolve_spec(const RunOptions& o, std::string& error) {
  ScenarioSpec s;
  if (!o.scenario.empty()) {
    auto loaded = load_scenario(o.scenario, error);
    if (!loaded) return std::nullopt;
    s = *loaded;
  }
  for (const auto& [key, v] : o.reals)
    if (v) set_number(s, key, *v);
  for (const auto& [key, v] : o.wholes)
    if (v) set_number(s, key, static_cast<double>(*v));
  for (const auto& [key, v] : o.unsigned_wholes)
    if (v) set_number(s, key, *v);
  for (const auto& [key, v] : o.names) {
    if (!v) continue;
    error = set_choice(s, key, *v, KeyStyle::cli);
    if (!error.empty()) return std::nullopt;
  }
  // A count or a duration on the command line replaces the file's stopping rule, and rate and
  // bursts replace each other.
  if (o.has("jobs") && !o.has("duration")) s.duration_s.reset();
  if (o.has("duration") && !o.has("jobs")) s.jobs.reset();
  if (o.has("rate") && !o.has("burst")) s.burst = 0;
  if (o.has("burst") && !o.has("rate")) s.rate.reset();
  error = validate(s, KeyStyle::cli);
  if (!error.empty()) return std::nullopt;
  return s;
}

}  // namespace poolscope::cli
