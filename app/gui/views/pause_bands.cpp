// draw_pause_bands: each pause in view as a light band with edge lines, labelled when wide.
// draw_not_kept_band: the time before the record is complete, shaded dark and labelled.
#include "views/pause_bands.h"

#include <algorithm>

#include "ui/palette.h"

namespace poolscope::gui {

void draw_pause_bands(ImDrawList* dl, const PlotRect& r, const TimeAxis& axis,
                      const TimelineData& tl, bool label) {
  if (tl.pauses.empty()) return;
  dl->PushClipRect(r.min, r.max, true);
  for (const auto& [start_ns, end_ns] : tl.pauses) {
    const double t0 = double(start_ns - tl.start_ns) / 1e9;
    const double t1 = double(end_ns - tl.start_ns) / 1e9;
    if (t1 < axis.t0 || t0 > axis.t1) continue;
    const auto x0 =
        static_cast<float>(std::max(axis.x_of(t0, r.min.x, r.width()), double(r.min.x)));
    const auto x1 =
        static_cast<float>(std::min(axis.x_of(t1, r.min.x, r.width()), double(r.max.x)));
    dl->AddRectFilled(ImVec2(x0, r.min.y), ImVec2(std::max(x1, x0 + 1.0f), r.max.y),
                      IM_COL32(255, 255, 255, 28));
    dl->AddLine(ImVec2(x0, r.min.y), ImVec2(x0, r.max.y), colors::axis);
    dl->AddLine(ImVec2(x1, r.min.y), ImVec2(x1, r.max.y), colors::axis);
    const char* text = "paused";
    const ImVec2 ts = ImGui::CalcTextSize(text);
    if (label && x1 - x0 > ts.x + 8.0f)
      dl->AddText(ImVec2((x0 + x1 - ts.x) * 0.5f, r.min.y + 2.0f), colors::text, text);
  }
  dl->PopClipRect();
}

float draw_not_kept_band(ImDrawList* dl, const PlotRect& r, const TimeAxis& axis,
                         const TimelineData& tl) {
  if (tl.complete_from_ns <= tl.start_ns) return r.min.x;
  const double t1 = double(tl.complete_from_ns - tl.start_ns) / 1e9;
  if (t1 <= axis.t0) return r.min.x;
  const auto x1 = static_cast<float>(std::min(axis.x_of(t1, r.min.x, r.width()), double(r.max.x)));
  dl->PushClipRect(r.min, r.max, true);
  dl->AddRectFilled(r.min, ImVec2(x1, r.max.y), IM_COL32(0, 0, 0, 110));
  dl->AddLine(ImVec2(x1, r.min.y), ImVec2(x1, r.max.y), colors::text_dim);
  // Whichever fits: the reason in full, then shorter.
  for (const char* text : {"records before here incomplete (the window rolls)", "incomplete"}) {
    const ImVec2 ts = ImGui::CalcTextSize(text);
    if (x1 - r.min.x > ts.x + 8.0f) {
      dl->AddText(ImVec2(x1 - ts.x - 4.0f, r.max.y - ts.y - 2.0f), colors::text, text);
      break;
    }
  }
  dl->PopClipRect();
  return x1;
}

}  // namespace poolscope::gui
