// File exports of a finished run: Chrome Trace Event Format (opens in Perfetto and
// chrome://tracing) and one CSV row per job.
#pragma once

#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "poolscope/engine.h"
#include "poolscope/snapshot.h"

namespace poolscope::cli {

// Returns an empty string on success, else what went wrong.
std::string write_chrome_trace(const std::string& path, const Snapshot& s,
                               const std::vector<std::pair<std::int64_t, std::uint32_t>>& depth);
std::string write_jobs_csv(const std::string& path, const std::vector<JobRecord>& records,
                           std::int64_t start_ns);

}  // namespace poolscope::cli
