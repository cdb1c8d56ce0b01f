// The scenario's `markers` key: a list of {"at_s": seconds, "text": "note"} objects, read,
// checked and written apart from the key table (whose rows hold one value each).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "poolscope/scenario.h"

namespace poolscope::detail {

inline constexpr std::string_view markers_key = "markers";

// Reads the JSON value of `markers` into `out` (time-ordered); the first problem, or empty.
std::string read_markers(const nlohmann::json& value, std::vector<Marker>& out);
// The list as JSON, for scenario_to_json.
nlohmann::ordered_json markers_to_json(const std::vector<Marker>& markers);

}  // namespace poolscope::detail
