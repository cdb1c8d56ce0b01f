// `run --state-at T`: the picture of the run rebuilt at past instants (see poolscope/rewind.h),
// as the "states" array of the JSON summary, or as a few readable lines.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "poolscope/snapshot.h"

namespace poolscope::cli {

// Adds the repeatable --state-at option (seconds since the run started, >= 0).
void add_state_at_option(CLI::App& cmd, std::vector<double>& times_s);

// The states at `times_s` rebuilt from the final snapshot's timeline. Sets `error` (and returns
// what it could) when an instant lies before the recorded window.
nlohmann::ordered_json states_json(const Snapshot& final_snap, const std::vector<double>& times_s,
                                   std::string& error);
std::string states_text(const Snapshot& final_snap, const std::vector<double>& times_s);

}  // namespace poolscope::cli
