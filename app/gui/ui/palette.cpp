// The colors of timeline segments and worker states, small color arithmetic (alpha, blend,
// readable text on a fill), and the timeline legend.
#include "ui/palette.h"

#include <algorithm>
#include <array>

#include "ui/text_layout.h"

namespace poolscope::gui {
namespace {

float channel(ImU32 c, int shift) { return float((c >> shift) & 0xFFu); }

}  // namespace

ImU32 segment_color(SegmentState state, JobOutcome outcome) {
  switch (state) {
    case SegmentState::running:
      if (outcome == JobOutcome::failed || outcome == JobOutcome::timed_out) return colors::failed;
      if (outcome == JobOutcome::cancelled) return colors::cancelled;
      return colors::running;
    case SegmentState::idle:
      return colors::idle;
    case SegmentState::blocked_result:
      return colors::blocked_result;
    case SegmentState::waiting_downstream:
      return colors::downstream;
    case SegmentState::blocked_submit:
      return colors::blocked;
    case SegmentState::producer_waiting:
      return colors::producer_waiting;
    case SegmentState::consuming:
      return colors::consuming;
  }
  return colors::idle;
}

ImU32 worker_state_color(WorkerState s) {
  switch (s) {
    case WorkerState::running:
      return colors::running;
    case WorkerState::waiting_downstream:
      return colors::downstream;
    case WorkerState::blocked_result:
      return colors::blocked_result;
    case WorkerState::retiring:
      return colors::cancelled;
    case WorkerState::starting:
    case WorkerState::idle:
    case WorkerState::exited:
      break;
  }
  return colors::idle;
}

ImU32 with_alpha(ImU32 c, float alpha) {
  const auto a = static_cast<ImU32>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f);
  return (c & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

ImU32 lerp_color(ImU32 a, ImU32 b, float t) {
  auto mix = [&](int shift) {
    return static_cast<ImU32>(channel(a, shift) + (channel(b, shift) - channel(a, shift)) * t);
  };
  return IM_COL32(mix(IM_COL32_R_SHIFT), mix(IM_COL32_G_SHIFT), mix(IM_COL32_B_SHIFT),
                  mix(IM_COL32_A_SHIFT));
}

ImU32 text_on(ImU32 bg) {
  const float luma = 0.299f * channel(bg, IM_COL32_R_SHIFT) +
                     0.587f * channel(bg, IM_COL32_G_SHIFT) +
                     0.114f * channel(bg, IM_COL32_B_SHIFT);
  return luma > 140.0f ? IM_COL32(12, 14, 18, 255) : colors::text;
}

void draw_timeline_legend(ImTextureID hatch, ImU32 rejected, ImU32 dropped) {
  enum class Swatch { box, hatched, mark };
  struct Entry {
    const char* label;
    ImU32 color;
    Swatch swatch;
  };
  const std::array<Entry, 12> entries{{
      {"running", colors::running, Swatch::box},
      {"idle", colors::idle, Swatch::box},
      {"blocked submit", colors::blocked, Swatch::box},
      {"blocked result", colors::blocked_result, Swatch::box},
      {"downstream wait", colors::downstream, Swatch::box},
      {"consuming", colors::consuming, Swatch::box},
      {"failed / timed out", colors::failed, Swatch::box},
      {"cancelled", colors::cancelled, Swatch::box},
      {"arrival wait", colors::producer_waiting, Swatch::box},
      {"merged: zoom in", colors::running, Swatch::hatched},
      {"rejected", rejected, Swatch::mark},
      {"dropped", dropped, Swatch::mark},
  }};
  const float sw = ImGui::GetTextLineHeight() * 0.8f;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    const float w = sw + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(e.label).x;
    if (i > 0) {
      ImGui::SameLine(0.0f, ImGui::GetStyle().ItemSpacing.x * 2.0f);
      if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    }
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float dy = (ImGui::GetTextLineHeight() - sw) * 0.5f;
    const ImVec2 a(p.x, p.y + dy), b(p.x + sw, p.y + dy + sw);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    switch (e.swatch) {
      case Swatch::box:
        dl->AddRectFilled(a, b, e.color, 2.0f);
        break;
      case Swatch::hatched:
        // Drawn exactly as merged runs are drawn on the timeline.
        if (hatch != nullptr) {
          dl->AddImage(hatch, a, b, ImVec2(a.x / 8, a.y / 8), ImVec2(b.x / 8, b.y / 8), e.color);
        } else {
          dl->AddRectFilled(a, b, with_alpha(e.color, 0.55f));
        }
        break;
      case Swatch::mark:
        dl->AddTriangleFilled(a, ImVec2(b.x, a.y), ImVec2((a.x + b.x) * 0.5f, b.y), e.color);
        break;
    }
    ImGui::Dummy(ImVec2(sw, ImGui::GetTextLineHeight()));
    ImGui::SameLine(0.0f, ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::TextUnformatted(e.label);
    record_last_item(e.label);
  }
}

}  // namespace poolscope::gui
