// OrderStrip: the jobs in the order they were sent beside the order their results arrived (the
// seed lesson's point: results come back in completion order). Drawn for short closed-loop runs
// only, where every job fits on a line. UI thread only.
#pragma once

#include "poolscope/snapshot.h"

namespace poolscope::gui {

// Whether the run is short enough to list every job.
bool order_strip_wanted(const Snapshot& snap);
// Two lines of job-id chips at the cursor, within the content width.
void draw_order_strip(const Snapshot& snap);

}  // namespace poolscope::gui
