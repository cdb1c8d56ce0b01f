// PipelineView: the diagram producer → job queue (its slots) → workers → results queue →
// consumer, colored by live state. A full queue turns the producer "BLOCKED" with the time it has
// waited; an unbuffered queue is drawn as a hand-off point; rejections and drops flash as they
// happen. Owns only its flash timers; UI thread only.
#pragma once

#include <imgui.h>

#include <cstdint>

#include "poolscope/snapshot.h"

namespace poolscope::gui {

class PipelineView {
 public:
  // `now_s`: a UI clock (ImGui time) for the flashes.
  void Draw(const Snapshot& snap, double now_s);

 private:
  struct Flash {
    std::uint64_t last = 0;   // counter value last seen
    std::uint64_t delta = 0;  // how many arrived in the latest burst
    double until_s = 0;       // flash ends
  };
  void update_flash(Flash& f, std::uint64_t value, double now_s);

  std::uint64_t run_id_ = 0;
  Flash rejected_, dropped_;
};

}  // namespace poolscope::gui
