// The open end of a timeline row (see the header).
#include "ui/open_segment.h"

#include <algorithm>

namespace poolscope::gui {

std::int64_t lane_end(const LaneTimeline& lane) {
  return lane.blocks.empty() ? 0 : lane.blocks.back()->last_end_ns();
}

std::optional<Segment> open_segment(std::int64_t since_ns, std::int64_t now_ns,
                                    const LaneTimeline* lane, SegmentState state,
                                    std::uint64_t job) {
  if (since_ns <= 0 || now_ns <= since_ns) return std::nullopt;
  const std::int64_t from = lane != nullptr ? std::max(since_ns, lane_end(*lane)) : since_ns;
  if (from >= now_ns) return std::nullopt;
  return Segment{from, now_ns, job, state, JobOutcome::none};
}

}  // namespace poolscope::gui
