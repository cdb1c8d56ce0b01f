// The pipeline's middle in spawn mode (lesson 1): there is no job queue and no pool, only one
// new thread per job. The queue column says so; the workers' column draws a cell per job thread
// alive, out of the spawn cap's cells, so the climb to the cap is seen. UI thread only.
#pragma once

#include <imgui.h>

#include "poolscope/snapshot.h"

namespace poolscope::gui {

// `queue_*` and `threads_*`: the screen rectangles of the job queue's and the workers' columns.
void draw_spawn_columns(ImDrawList* dl, ImVec2 queue_min, ImVec2 queue_max, ImVec2 threads_min,
                        ImVec2 threads_max, const Snapshot& snap);

}  // namespace poolscope::gui
