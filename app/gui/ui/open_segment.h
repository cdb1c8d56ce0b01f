// The segment a thread is in right now: begun at its state's `since`, not yet closed, so not yet
// in the recorded timeline. The live timeline and slides both draw it at the end of a row.
#pragma once

#include <cstdint>
#include <optional>

#include "poolscope/timeline.h"

namespace poolscope::gui {

// When the lane's last recorded segment ends (0 when nothing is recorded).
std::int64_t lane_end(const LaneTimeline& lane);

// [since, now) in `state`, starting no earlier than the lane's recorded end; none when empty.
std::optional<Segment> open_segment(std::int64_t since_ns, std::int64_t now_ns,
                                    const LaneTimeline* lane, SegmentState state,
                                    std::uint64_t job);

}  // namespace poolscope::gui
