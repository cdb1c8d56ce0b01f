// The run's 95% intervals and the models held against them, as `run --json` prints them
// ("warmup_s", "ci95", theory's "against_interval") and as the summary's text lines.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "poolscope/engine.h"
#include "poolscope/run_confidence.h"
#include "poolscope/theory_check.h"

namespace poolscope::cli {

// The finished run's intervals, from its per-job records.
RunConfidence measure_run(Engine& engine, const Snapshot& snap);

// Adds "warmup_s", "ci95" and theory's "against_interval" to a run summary.
void add_confidence_json(nlohmann::ordered_json& summary, const RunConfidence& rc,
                         const TheoryCheck& check);

// {"throughput_per_s": [lo, hi] or null, ...}, plus "reasons": {metric: why} for each null.
nlohmann::ordered_json ci95_json(const RunConfidence& rc);
// The theory section's "against_interval" object.
nlohmann::ordered_json theory_check_json(const TheoryCheck& c);
// One line per metric: "throughput 812.3 /s ± 4.1 (95%, warm-up 0.21 s dropped)".
std::string confidence_text(const RunConfidence& rc);
std::string theory_check_text(const TheoryCheck& c);

}  // namespace poolscope::cli
