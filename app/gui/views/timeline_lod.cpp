// The timeline's level of detail: seeking visible segments, merging narrow runs (per-chunk
// summaries cached across frames), snapping items to pixels, and the segment at an instant.
#include "views/timeline_lod.h"

#include <algorithm>
#include <cmath>

namespace poolscope::gui {
namespace {

using Blocks = std::vector<std::shared_ptr<const SegmentBlock>>;

// Position of a segment in a lane.
struct Cursor {
  std::size_t block = 0;
  std::size_t seg = 0;
};

// The first segment (from `from` on) whose end is after t: segments and blocks are time-ordered
// and do not overlap, so end times are sorted too.
Cursor seek(const Blocks& blocks, std::int64_t t, Cursor from) {
  const auto bit =
      std::partition_point(blocks.begin() + static_cast<std::ptrdiff_t>(from.block), blocks.end(),
                           [t](const std::shared_ptr<const SegmentBlock>& b) {
                             return b->segments.empty() || b->last_end_ns() <= t;
                           });
  Cursor c{static_cast<std::size_t>(bit - blocks.begin()), 0};
  if (c.block >= blocks.size()) return c;
  const auto& segs = (*bit)->segments;
  const std::size_t first = c.block == from.block ? from.seg : 0;
  const auto sit =
      std::partition_point(segs.begin() + static_cast<std::ptrdiff_t>(first), segs.end(),
                           [t](const Segment& s) { return s.end_ns <= t; });
  c.seg = static_cast<std::size_t>(sit - segs.begin());
  return c;
}

// A run of narrow segments being merged.
struct Pending {
  bool active = false;
  std::int64_t start_ns = 0, end_ns = 0;
  std::uint32_t count = 0;
  std::array<std::int64_t, segment_state_count> time{};

  SegmentState dominant() const {
    const auto it = std::max_element(time.begin(), time.end());
    return static_cast<SegmentState>(it - time.begin());
  }
};

}  // namespace

LodCache::Entry& LodCache::entry(const std::shared_ptr<const SegmentBlock>& block) {
  Entry& e = map_[block.get()];
  if (e.block.expired()) {
    // New, or the address of a block that is gone: start over.
    e = Entry{};
    e.block = block;
    e.chunks.resize((block->segments.size() + chunk_size - 1) / chunk_size);
  }
  e.used = frame_;
  return e;
}

const LodCache::Chunk& LodCache::chunk(Entry& e, const SegmentBlock& block, std::size_t index) {
  Chunk& c = e.chunks[index];
  if (c.ready) return c;
  const std::size_t from = index * chunk_size;
  const std::size_t to = std::min(block.segments.size(), from + chunk_size);
  for (std::size_t i = from; i < to; ++i) {
    const Segment& s = block.segments[i];
    const std::int64_t d = s.end_ns - s.start_ns;
    c.max_dur_ns = std::max(c.max_dur_ns, d);
    c.time[static_cast<std::size_t>(s.state)] += std::max<std::int64_t>(d, 1);
    if (i > from) c.max_gap_ns = std::max(c.max_gap_ns, s.start_ns - block.segments[i - 1].end_ns);
  }
  c.ready = true;
  return c;
}

void LodCache::next_frame() {
  ++frame_;
  if (frame_ % 64 != 0) return;
  std::erase_if(map_, [this](const auto& kv) {
    return kv.second.block.expired() || kv.second.used + 256 < frame_;
  });
}

std::size_t build_lod(const LaneTimeline& lane, const LodParams& p, std::vector<LodItem>& out,
                      LodCache* cache) {
  out.clear();
  const Blocks& blocks = lane.blocks;
  if (blocks.empty() || p.t1_ns <= p.t0_ns || p.width <= 0) return 0;
  const double ns_per_px = double(p.t1_ns - p.t0_ns) / double(p.width);
  const auto min_ns = static_cast<std::int64_t>(ns_per_px * p.min_px);
  const auto gap_ns = static_cast<std::int64_t>(ns_per_px);  // a gap of a pixel ends a merge
  constexpr std::size_t chunk = LodCache::chunk_size;
  auto px = [&](std::int64_t t) {
    return p.x0 + static_cast<float>(double(t - p.t0_ns) / ns_per_px);
  };

  Pending pend;
  auto flush = [&] {
    if (!pend.active) return;
    LodItem it;
    it.x0 = px(pend.start_ns);
    it.x1 = std::max(px(pend.end_ns), it.x0 + 1.0f);
    it.state = pend.dominant();
    it.merged = pend.count;
    it.start_ns = pend.start_ns;
    it.end_ns = pend.end_ns;
    out.push_back(it);
    pend = Pending{};
  };

  std::size_t steps = 0;
  std::int64_t column = -1;  // pixel column of the current merge step
  int in_column = 0;
  LodCache::Entry* entry = nullptr;
  std::size_t entry_block = ~std::size_t{0};
  Cursor c = seek(blocks, p.t0_ns, Cursor{});
  while (c.block < blocks.size()) {
    const SegmentBlock& block = *blocks[c.block];
    const auto& segs = block.segments;
    if (c.seg >= segs.size()) {
      ++c.block;
      c.seg = 0;
      continue;
    }
    const Segment& s = segs[c.seg];
    if (s.start_ns >= p.t1_ns) break;
    ++steps;

    // Merging, at a chunk boundary: step over the whole chunk when all of it is narrow,
    // contiguous and before the right edge.
    if (cache != nullptr && pend.active && c.seg % chunk == 0 &&
        s.start_ns - pend.end_ns <= gap_ns) {
      const std::size_t n = std::min(chunk, segs.size() - c.seg);
      const Segment& last = segs[c.seg + n - 1];
      if (last.end_ns <= p.t1_ns) {
        if (entry_block != c.block) {
          entry = &cache->entry(blocks[c.block]);
          entry_block = c.block;
        }
        const LodCache::Chunk& ch = cache->chunk(*entry, block, c.seg / chunk);
        if (ch.max_dur_ns < min_ns && ch.max_gap_ns <= gap_ns) {
          pend.end_ns = std::max(pend.end_ns, last.end_ns);
          pend.count += static_cast<std::uint32_t>(n);
          for (std::size_t k = 0; k < ch.time.size(); ++k) pend.time[k] += ch.time[k];
          c.seg += n;
          continue;
        }
      }
    }

    const std::int64_t dur = s.end_ns - s.start_ns;
    if (dur >= min_ns) {
      flush();
      LodItem it;
      it.x0 = px(s.start_ns);
      it.x1 = px(s.end_ns);
      it.segment = &s;
      it.state = s.state;
      it.start_ns = s.start_ns;
      it.end_ns = s.end_ns;
      out.push_back(it);
      ++c.seg;
      continue;
    }
    if (pend.active && s.start_ns - pend.end_ns > gap_ns) flush();
    if (!pend.active) {
      pend.active = true;
      pend.start_ns = s.start_ns;
    }
    pend.end_ns = std::max(pend.end_ns, s.end_ns);
    ++pend.count;
    pend.time[static_cast<std::size_t>(s.state)] += std::max<std::int64_t>(dur, 1);

    const auto col = static_cast<std::int64_t>(std::floor(double(s.end_ns - p.t0_ns) / ns_per_px));
    if (col != column) {
      column = col;
      in_column = 0;
    }
    if (++in_column < p.column_budget) {
      ++c.seg;
      continue;
    }
    // A crowded column: skip to the first segment reaching into the next one (or, with a cache,
    // at most to the next chunk boundary, where whole chunks can be stepped over). The skipped
    // segments extend the merged run; they do not count toward its state mix.
    in_column = 0;
    const auto next_col_ns =
        p.t0_ns + static_cast<std::int64_t>(std::ceil(double(col + 1) * ns_per_px));
    const Cursor before = c;
    Cursor target = seek(blocks, next_col_ns, Cursor{c.block, c.seg + 1});
    if (cache != nullptr) {
      const std::size_t boundary = (c.seg / chunk + 1) * chunk;
      if (boundary < segs.size() && (target.block > c.block || target.seg > boundary)) {
        target = Cursor{c.block, boundary};
      }
    }
    std::size_t skipped = 0;
    for (std::size_t b = before.block; b <= target.block && b < blocks.size(); ++b) {
      const std::size_t from = b == before.block ? before.seg + 1 : 0;
      const std::size_t to = b == target.block ? target.seg : blocks[b]->segments.size();
      skipped += to > from ? to - from : 0;
    }
    c = target;
    if (skipped == 0) continue;
    pend.count += static_cast<std::uint32_t>(skipped);
    // The last skipped segment is the one just before the target.
    const Segment* last = nullptr;
    if (c.block < blocks.size() && c.seg > 0) {
      last = &blocks[c.block]->segments[c.seg - 1];
    } else if (c.block > 0 && c.block <= blocks.size() && !blocks[c.block - 1]->segments.empty()) {
      last = &blocks[c.block - 1]->segments.back();
    }
    if (last != nullptr) pend.end_ns = std::max(pend.end_ns, std::min(last->end_ns, p.t1_ns));
  }
  flush();
  return steps;
}

void snap_to_pixels(std::vector<LodItem>& items) {
  for (LodItem& it : items) {
    it.px0 = std::floor(it.x0 + 0.5f);
    // A segment of 2 px keeps 2 columns even where float rounding would make it 1.
    const float min_cols = it.x1 - it.x0 >= 1.99f ? 2.0f : 1.0f;
    it.px1 = std::max(std::floor(it.x1 + 0.5f), it.px0 + min_cols);
  }
  for (std::size_t i = 0; i + 1 < items.size(); ++i) {
    LodItem& a = items[i];
    LodItem& b = items[i + 1];
    if (b.px0 > a.px1) continue;  // an empty column between them already
    if (b.px0 - a.px0 >= 2.0f) {
      a.px1 = b.px0 - 1.0f;  // the gap from the left item's last column
    } else if (b.px1 - a.px1 >= 2.0f) {
      b.px0 = a.px1 + 1.0f;  // from the right item's first column
    } else {
      a.px1 = std::max(a.px0 + 1.0f, std::min(a.px1, b.px0));  // two slivers: no room for a gap
    }
  }
}

const Segment* find_segment(const LaneTimeline& lane, std::int64_t t_ns) {
  const Cursor c = seek(lane.blocks, t_ns, Cursor{});
  if (c.block >= lane.blocks.size()) return nullptr;
  const auto& segs = lane.blocks[c.block]->segments;
  if (c.seg >= segs.size()) return nullptr;
  const Segment& s = segs[c.seg];
  return s.start_ns <= t_ns && t_ns < s.end_ns ? &s : nullptr;
}

}  // namespace poolscope::gui
