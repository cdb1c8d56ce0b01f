// The Universal Scalability Law fit of a sweep, as the CLI shows it: the "usl" JSON object, the
// text lines under the table, and the CSV (N,throughput,latency_ms) that R's `usl` reads.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/exports.h"
#include "poolscope/sweep.h"
#include "poolscope/usl.h"

namespace poolscope::cli {

// {"alpha", "beta", "gamma", "peak_workers" (null when undefined), "r2", "residuals", "warnings"}.
nlohmann::ordered_json usl_json(const UslFit& fit);
// "USL fit: α = …, β = …, γ = … jobs/s, N* = …, R² = …" and one "warning: …" line per warning.
std::string usl_text(const UslFit& fit);

// Header "N,throughput,latency_ms", one row per point: workers, completed jobs per second, mean
// latency (submit to consumed) in ms. Returns "" or what went wrong, naming the path.
std::string write_sweep_csv(OutputFile& out, const std::vector<SweepPoint>& points);

}  // namespace poolscope::cli
