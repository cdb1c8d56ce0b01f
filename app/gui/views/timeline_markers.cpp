// Drawing markers (stacked plates so that close notes do not overlap) and the add / remove menu.
#include "views/timeline_markers.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "ui/palette.h"
#include "ui/text_layout.h"

namespace poolscope::gui {

void draw_marker_lines(ImDrawList* dl, const std::vector<Marker>& markers, const TimeAxis& axis,
                       float x0, float x1, float y0, float y1) {
  for (const Marker& m : markers) {
    if (m.at_s < axis.t0 || m.at_s > axis.t1) continue;
    const auto x = static_cast<float>(axis.x_of(m.at_s, x0, x1 - x0));
    dl->AddLine(ImVec2(x, y0), ImVec2(x, y1), colors::marker, 2.0f);
  }
}

void TimelineMarkers::draw(ImDrawList* dl, const std::vector<Marker>& markers, const TimeAxis& axis,
                           float x0, float x1, float y0, float y1) {
  plates_.clear();
  const float line_h = ImGui::GetTextLineHeight();
  std::vector<std::vector<std::pair<float, float>>> levels;
  dl->PushClipRect(ImVec2(x0, y0), ImVec2(x1, y1), true);
  draw_marker_lines(dl, markers, axis, x0, x1, y0, y1);
  for (std::size_t i = 0; i < markers.size(); ++i) {
    const Marker& m = markers[i];
    if (m.at_s < axis.t0 || m.at_s > axis.t1) continue;
    const auto x = static_cast<float>(axis.x_of(m.at_s, x0, x1 - x0));
    const ImVec2 ts = ImGui::CalcTextSize(m.text.c_str());
    const float w = ts.x + 10.0f;
    const bool left = x + 4.0f + w > x1;
    const float a = left ? x - 4.0f - w : x + 4.0f, b = a + w;
    std::size_t level = 0;
    for (; level < levels.size(); ++level) {
      bool free = true;
      for (const auto& [p, q] : levels[level]) free = free && (b + 4.0f < p || a > q + 4.0f);
      if (free) break;
    }
    if (level == levels.size()) levels.emplace_back();
    levels[level].emplace_back(a, b);
    const float top = y0 + 2.0f + float(level) * (line_h + 6.0f);
    const ImVec2 pmin(a, top), pmax(b, top + line_h + 4.0f);
    dl->AddRectFilled(pmin, pmax, IM_COL32(10, 12, 16, 225), 3.0f);
    dl->AddText(ImVec2(a + 5.0f, top + 2.0f), colors::marker, m.text.c_str());
    plates_.push_back({pmin, pmax, i});
  }
  dl->PopClipRect();
}

void TimelineMarkers::handle(const std::vector<Marker>& markers, const TimeAxis& axis, float x0,
                             float x1, float y0, float y1, Commands& cmds) {
  const ImVec2 m = ImGui::GetIO().MousePos;
  const bool in_plot = m.x >= x0 && m.x <= x1 && m.y >= y0 && m.y <= y1;
  if (ImGui::IsWindowHovered() && in_plot && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
    menu_t_s_ = std::max(0.0, axis.t_of(m.x, x0, x1 - x0));
    menu_marker_.reset();
    for (const Plate& p : plates_)
      if (m.x >= p.min.x && m.x <= p.max.x && m.y >= p.min.y && m.y <= p.max.y)
        menu_marker_ = p.index;
    ImGui::OpenPopup("timeline_menu");
  }
  if (ImGui::BeginPopup("timeline_menu")) {
    char label[64];
    std::snprintf(label, sizeof label, "at %.3f s", menu_t_s_);
    ImGui::TextDisabled("%s", label);
    if (ImGui::Selectable("Add marker here…")) {
      open_editor_ = true;
      text_.fill('\0');
    }
    record_last_item("Add marker here…");
    if (menu_marker_ && *menu_marker_ < markers.size()) {
      const std::string remove = "Remove marker \"" + markers[*menu_marker_].text + "\"";
      if (ImGui::Selectable(remove.c_str())) cmds.push(cmd::RemoveMarker{*menu_marker_});
      record_last_item(remove);
    }
    ImGui::EndPopup();
  }
  if (open_editor_) {
    ImGui::OpenPopup("Add marker");
    open_editor_ = false;
  }
  if (ImGui::BeginPopupModal("Add marker", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::Text("A note on the timeline at %.3f s (saved with the scenario):", menu_t_s_);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24);
    const bool enter = ImGui::InputText("##marker_text", text_.data(), text_.size(),
                                        ImGuiInputTextFlags_EnterReturnsTrue);
    const bool empty = std::string_view(text_.data()).find_first_not_of(' ') == std::string::npos;
    ImGui::BeginDisabled(empty);
    const bool add = ImGui::Button("Add marker");
    record_last_item("Add marker");
    ImGui::EndDisabled();
    if ((add || enter) && !empty) {
      cmds.push(cmd::AddMarker{menu_t_s_, text_.data()});
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
      ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

}  // namespace poolscope::gui
