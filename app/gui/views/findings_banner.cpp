// FindingsBanner's drawing: each finding's headline and message on a warning-colored window,
// and the Cancel button while the run is live.
#include "views/findings_banner.h"

#include <string>

#include "ui/palette.h"

namespace poolscope::gui {
namespace {

const char* headline(const std::string& kind) {
  if (kind == "deadlock") return "Deadlock";
  if (kind == "leak") return "Goroutine-style leak";
  if (kind == "send_on_closed") return "Send on a closed channel";
  return "Finding";
}

}  // namespace

void FindingsBanner::Draw(const Snapshot& snap, ImVec2 top_left, float width, Commands& cmds) {
  if (snap.findings.empty()) return;
  ImGui::SetNextWindowPos(top_left);
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(lerp_color(
                                               colors::panel_bg, colors::blocked, 0.55f)));
  ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(colors::blocked));
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration |
                                     ImGuiWindowFlags_AlwaysAutoResize |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoFocusOnAppearing;
  if (ImGui::Begin("##findings", nullptr, flags)) {
    ImGui::PushTextWrapPos(width - ImGui::GetFontSize() * 9);
    for (const Finding& f : snap.findings) {
      ImGui::TextColored(ImVec4(1, 1, 1, 1), "⚠ %s:", headline(f.kind));
      ImGui::SameLine();
      ImGui::TextUnformatted(f.message.c_str());
    }
    ImGui::PopTextWrapPos();
    const bool live = snap.phase == RunPhase::running || snap.phase == RunPhase::paused;
    if (live) {
      ImGui::SameLine(width - ImGui::GetFontSize() * 7.5f);
      if (ImGui::Button("Cancel run", ImVec2(ImGui::GetFontSize() * 6.5f, 0))) {
        cmds.push(cmd::Shutdown{ShutdownMode::cancel});
      }
      if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip(
            "Cancel: stop producing, count queued jobs as cancelled, unblock everyone");
      }
    }
  }
  ImGui::End();
  ImGui::PopStyleColor(2);
}

}  // namespace poolscope::gui
