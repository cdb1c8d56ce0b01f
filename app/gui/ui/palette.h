// The colors of every view: the Okabe-Ito colorblind-safe palette mapped to timeline states, and
// the legend that names them. Stateless; safe from any thread (but ImGui calls: UI thread only).
#pragma once

#include <imgui.h>

#include "poolscope/snapshot.h"
#include "poolscope/timeline.h"

namespace poolscope::gui {

// Okabe & Ito (2008), "Color Universal Design": distinguishable under the common color
// deficiencies. Packed as ImU32 (ABGR).
namespace okabe_ito {
inline constexpr ImU32 orange = IM_COL32(230, 159, 0, 255);
inline constexpr ImU32 sky_blue = IM_COL32(86, 180, 233, 255);
inline constexpr ImU32 bluish_green = IM_COL32(0, 158, 115, 255);
inline constexpr ImU32 yellow = IM_COL32(240, 228, 66, 255);
inline constexpr ImU32 blue = IM_COL32(0, 114, 178, 255);
inline constexpr ImU32 vermillion = IM_COL32(213, 94, 0, 255);
inline constexpr ImU32 reddish_purple = IM_COL32(204, 121, 167, 255);
}  // namespace okabe_ito

namespace colors {
inline constexpr ImU32 panel_bg = IM_COL32(24, 27, 33, 255);
inline constexpr ImU32 plot_bg = IM_COL32(17, 19, 24, 255);
inline constexpr ImU32 plot_frame = IM_COL32(255, 255, 255, 30);
inline constexpr ImU32 grid = IM_COL32(255, 255, 255, 22);
inline constexpr ImU32 axis = IM_COL32(255, 255, 255, 70);
inline constexpr ImU32 text = IM_COL32(230, 232, 236, 255);
inline constexpr ImU32 text_dim = IM_COL32(150, 156, 166, 255);
inline constexpr ImU32 idle = IM_COL32(62, 68, 80, 255);
inline constexpr ImU32 empty_slot = IM_COL32(44, 49, 58, 255);
inline constexpr ImU32 capacity = okabe_ito::orange;
inline constexpr ImU32 running = okabe_ito::sky_blue;
inline constexpr ImU32 blocked = okabe_ito::vermillion;
inline constexpr ImU32 blocked_result = okabe_ito::orange;
inline constexpr ImU32 downstream = okabe_ito::reddish_purple;
inline constexpr ImU32 consuming = okabe_ito::bluish_green;
inline constexpr ImU32 failed = okabe_ito::yellow;
inline constexpr ImU32 cancelled = IM_COL32(170, 170, 170, 255);
inline constexpr ImU32 producer_waiting = IM_COL32(52, 74, 92, 255);
inline constexpr ImU32 queued = okabe_ito::blue;
inline constexpr ImU32 completed = okabe_ito::bluish_green;
inline constexpr ImU32 rejected = okabe_ito::vermillion;
inline constexpr ImU32 dropped = okabe_ito::reddish_purple;
inline constexpr ImU32 throughput = okabe_ito::bluish_green;
inline constexpr ImU32 p50 = okabe_ito::sky_blue;
inline constexpr ImU32 p95 = okabe_ito::orange;
inline constexpr ImU32 p99 = okabe_ito::vermillion;
inline constexpr ImU32 high_priority = IM_COL32(255, 255, 255, 235);  // a band on the job's bar
inline constexpr ImU32 send_failed = IM_COL32(255, 64, 64, 255);      // send on a closed channel
inline constexpr ImU32 cursor = IM_COL32(255, 255, 255, 235);         // the rewind cursor's line
inline constexpr ImU32 marker = IM_COL32(196, 170, 255, 255);         // a teacher's note
inline constexpr ImU32 selected_row = IM_COL32(255, 255, 255, 26);    // the row steps move on
}  // namespace colors

// The fill of a timeline segment: its state, or its outcome for a failed / cancelled job.
ImU32 segment_color(SegmentState state, JobOutcome outcome);
ImU32 worker_state_color(WorkerState s);
ImU32 with_alpha(ImU32 c, float alpha);
ImU32 lerp_color(ImU32 a, ImU32 b, float t);
// Black or white, whichever reads better on `bg`.
ImU32 text_on(ImU32 bg);

// Swatches naming every color and mark the timeline uses, wrapping within the content width.
// `hatch`: the merged-run texture (null: drawn translucent); then the rejected / dropped marks.
void draw_timeline_legend(ImTextureID hatch, ImU32 rejected, ImU32 dropped);

}  // namespace poolscope::gui
