// The run summary: as one JSON object (the CLI contract) or as readable text.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "poolscope/snapshot.h"

namespace poolscope::cli {

nlohmann::ordered_json summary_json(const Snapshot& s);
std::string summary_text(const Snapshot& s);
nlohmann::ordered_json summary_stats_json(const Summary& s);
nlohmann::ordered_json theory_json(const TheoryReport& t);

}  // namespace poolscope::cli
