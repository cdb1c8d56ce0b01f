// The classroom shortcuts table, reading a shortcut's key press, and the help overlay window.
#include "classroom.h"

#include <imgui.h>

#include <array>

#include "ui/palette.h"

namespace poolscope::gui {

std::span<const Shortcut> shortcuts() {
  static constexpr std::array<Shortcut, 15> list{{
      {"Space", "pause / resume the engine"},
      {"F", "freeze the views (the engine goes on, or pauses: see View)"},
      {"P", "presentation mode: large text, high contrast, advanced controls hidden"},
      {"L", "back to the present: the views follow live time again"},
      {"← / →", "rewind: step to the previous / next change of any thread or job"},
      {"shift + ← / →", "rewind on the row clicked last: its previous / next change"},
      {"ctrl + ← / →", "rewind on the row clicked last: its previous / next job start or end"},
      {"click", "timeline: rewind every view to that instant and select that row"},
      {"H", "this help"},
      {"F12", "save a screenshot of the window to ./screenshots"},
      {"wheel", "timeline: zoom around the mouse"},
      {"drag", "timeline: pan"},
      {"shift + wheel", "timeline: scroll the worker rows"},
      {"ctrl + click", "slider: type an exact value"},
      {"Esc", "close this help or an error"},
  }};
  return list;
}

bool shortcut_pressed(int key) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || io.KeyCtrl || io.KeyAlt || io.KeySuper) return false;
  return ImGui::IsKeyPressed(key, false);
}

void draw_help_overlay(bool& open) {
  if (!open) return;
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_AlwaysAutoResize |
                                     ImGuiWindowFlags_NoCollapse |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove;
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(colors::panel_bg));
  if (ImGui::Begin("Keyboard shortcuts", &open, flags)) {
    if (ImGui::BeginTable("shortcuts", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
      for (const Shortcut& s : shortcuts()) {
        ImGui::TableNextColumn();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::running), "%s", s.keys);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(s.what);
      }
      ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextDisabled("Hover any control, graph or timeline segment for details.");
    if (ImGui::Button("Close", ImVec2(ImGui::GetFontSize() * 6, 0)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) {
      open = false;
    }
  }
  ImGui::End();
  ImGui::PopStyleColor();
}

}  // namespace poolscope::gui
