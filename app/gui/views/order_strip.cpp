// The order strip: the jobs' send order over their completion order as chips, a job out of place
// outlined; and when a run is short enough to show it.
#include "views/order_strip.h"

#include <imgui.h>

#include <cinttypes>
#include <cstdio>
#include <span>

#include "ui/palette.h"

namespace poolscope::gui {
namespace {

constexpr std::int64_t max_listed_jobs = 24;

// One line: a dim label in a fixed-width gutter, then a chip per job id. A chip whose job is not
// where the other order has it is outlined, so a swap stands out.
void chip_line(const char* label, std::span<const std::uint64_t> ids,
               std::span<const std::uint64_t> other, ImU32 fill, float gutter) {
  ImGui::TextDisabled("%s", label);
  ImGui::SameLine(gutter);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  const float h = ImGui::GetTextLineHeight();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    char text[24];
    std::snprintf(text, sizeof text, "%" PRIu64, ids[i]);
    const float w = ImGui::CalcTextSize(text).x + 8.0f;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    if (p.x + w > right) {
      ImGui::TextDisabled("…");
      return;
    }
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), fill, 3.0f);
    if (i < other.size() && other[i] != ids[i]) {
      dl->AddRect(p, ImVec2(p.x + w, p.y + h), colors::text, 3.0f, 0, 2.0f);
    }
    dl->AddText(ImVec2(p.x + 4.0f, p.y), text_on(fill), text);
    ImGui::Dummy(ImVec2(w, h));
    ImGui::SameLine(0, 3.0f);
  }
  ImGui::NewLine();
}

}  // namespace

bool order_strip_wanted(const Snapshot& snap) {
  return !snap.spec.open_loop() && snap.spec.jobs.has_value() && *snap.spec.jobs > 0 &&
         *snap.spec.jobs <= max_listed_jobs;
}

void draw_order_strip(const Snapshot& snap) {
  const float gutter = ImGui::CalcTextSize("results ").x + ImGui::GetStyle().WindowPadding.x;
  chip_line("sent", snap.submission_order, snap.completion_order, colors::queued, gutter);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Jobs in the order the producer sent them");
  chip_line("results", snap.completion_order, snap.submission_order, colors::completed, gutter);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Results in the order they arrived: the order jobs finished, not the order "
        "they were sent (outlined: a job out of its sending place)");
  }
}

}  // namespace poolscope::gui
