// Level of detail for the timeline: turns one lane's segments into the few items worth drawing
// for a time window at a given pixel width. Only visible segments are visited (binary search
// over blocks, then within a block); runs of segments narrower than `min_px` become one merged
// item; inside a crowded pixel column the scan jumps to the next column, so the work per lane is
// bounded by its pixel width, not by its segment count. Pure logic, no ImGui; thread-compatible.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "poolscope/timeline.h"

namespace poolscope::gui {

struct LodItem {
  float x0 = 0, x1 = 0;              // pixels (unclipped)
  float px0 = 0, px1 = 0;            // the whole pixel columns to fill, [px0, px1): snap_to_pixels
  const Segment* segment = nullptr;  // the segment, when not merged
  SegmentState state = SegmentState::idle;  // merged: the state that took most of the time
  std::uint32_t merged = 0;                 // segments merged into this item (0: a single segment)
  std::int64_t start_ns = 0, end_ns = 0;
};

struct LodParams {
  std::int64_t t0_ns = 0;  // visible window, absolute steady-clock nanoseconds
  std::int64_t t1_ns = 0;
  float x0 = 0;           // pixel of t0
  float width = 1;        // pixels of [t0, t1]
  float min_px = 2.0f;    // narrower segments merge (a wider one keeps both its edges visible)
  int column_budget = 4;  // segments visited per pixel column before jumping ahead
};

// Summaries of fixed-size chunks of immutable segment blocks, so that a zoomed-out view can step
// over a chunk of narrow segments at once. Computed on first use; kept while the block lives and
// is in use. UI thread only.
class LodCache {
 public:
  static constexpr std::size_t chunk_size = 128;
  struct Chunk {
    std::int64_t max_dur_ns = 0;  // longest segment
    std::int64_t max_gap_ns = 0;  // longest gap between consecutive segments
    std::array<std::int64_t, segment_state_count> time{};  // time per state
    bool ready = false;
  };
  struct Entry {
    std::weak_ptr<const SegmentBlock> block;
    std::vector<Chunk> chunks;
    std::uint64_t used = 0;
  };

  Entry& entry(const std::shared_ptr<const SegmentBlock>& block);
  const Chunk& chunk(Entry& e, const SegmentBlock& block, std::size_t index);
  // Call once per frame: forgets blocks that are gone or were not drawn for a while.
  void next_frame();
  std::size_t size() const { return map_.size(); }

 private:
  std::unordered_map<const SegmentBlock*, Entry> map_;
  std::uint64_t frame_ = 0;
};

// Appends the items for `lane` to `out` (cleared first). Returns the steps taken (segments
// visited plus chunks stepped over): the work done. Without a cache, chunks are not stepped over.
std::size_t build_lod(const LaneTimeline& lane, const LodParams& p, std::vector<LodItem>& out,
                      LodCache* cache = nullptr);

// Snaps time-ordered items to whole pixel columns (px0, px1), so that what is drawn does not depend
// on where the rasterizer's pixel centres fall. Two items that touch get one empty column between
// them, taken from the one that has two columns to spare: every item at least 2 px wide keeps its
// edges visible as a 1 px gap, whatever its colour and its sub-pixel position, even between
// back-to-back segments of the same state. Items of a single column may touch.
void snap_to_pixels(std::vector<LodItem>& items);

// Finds the segment of `lane` covering `t_ns`, or nullptr.
const Segment* find_segment(const LaneTimeline& lane, std::int64_t t_ns);

}  // namespace poolscope::gui
