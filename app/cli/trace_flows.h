// Job flows in the Chrome trace: each job's path from its submit on the producer's row, to its
// start on a worker's row, to its result taken on the consumer's row, as flow events
// (ph s / t / f) bound to slices, which chrome://tracing and Perfetto draw as arrows.
#pragma once

#include <cstdint>
#include <cstdio>
#include <limits>

#include "poolscope/timeline.h"

namespace poolscope::cli {

// Writes, for every job whose submit and start are in the timeline, a zero-length slice at the
// submit ("submit N", producer row), at its start ("start N", its worker's row) and at the
// result's take ("taken N", consumer row), and the flow through them; each event starts with ",\n"
// (the trace's array is already open). Only jobs submitted and started within [from_ns, to_ns] (a
// take after to_ns is left out).
void write_job_flows(std::FILE* out, const TimelineData& tl, std::int64_t t0,
                     std::int64_t from_ns = std::numeric_limits<std::int64_t>::min(),
                     std::int64_t to_ns = std::numeric_limits<std::int64_t>::max());

}  // namespace poolscope::cli
