// FindingsBanner: what the engine detected about the run (a leak, a deadlock, a send on a closed
// channel) as a banner across the top of the live views, naming the blocked threads, with the
// action that recovers (Cancel). Draws nothing when there is no finding. UI thread only.
#pragma once

#include <imgui.h>

#include "commands.h"
#include "poolscope/snapshot.h"

namespace poolscope::gui {

class FindingsBanner {
 public:
  // `top_left` and `width`: where the banner goes (it grows downwards over the views).
  void Draw(const Snapshot& snap, ImVec2 top_left, float width, Commands& cmds);
};

}  // namespace poolscope::gui
