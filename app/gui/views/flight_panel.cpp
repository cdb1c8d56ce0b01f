// FlightPanel's drawing: a section in the style of the Controls tab's own.
#include "views/flight_panel.h"

#include <algorithm>

#include "ui/palette.h"

namespace poolscope::gui {

std::optional<FlightPanel::Rect> FlightPanel::widget_rect(const std::string& key) const {
  const auto it = rects_.find(key);
  if (it == rects_.end()) return std::nullopt;
  return it->second;
}

void FlightPanel::Draw(cli::FlightSettings& settings, const std::string& dir,
                       const std::string& last) {
  rects_.clear();
  const auto remember = [&](const char* key) {
    rects_[key] = Rect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
  };
  const auto label = [](const char* text, const char* help) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1.0f);
  };
  ImGui::Spacing();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::running), "Flight recorder");
  ImGui::Separator();
  if (!ImGui::BeginTable("flight", 2, ImGuiTableFlags_SizingFixedFit)) return;
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed,
                          ImGui::CalcTextSize("consumer delay").x + 4.0f);
  ImGui::TableSetupColumn("widget", ImGuiTableColumnFlags_WidthStretch);
  const std::string where = "Saves into " + dir + "/";
  label("record", where.c_str());
  ImGui::Checkbox("on a finding or p99##flight_enabled", &settings.enabled);
  remember("flight_enabled");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "When a finding fires (leak, deadlock, send on closed) or the latency p99 rises above "
        "the threshold, save the last seconds as a Chrome trace and a screenshot into %s/",
        dir.c_str());
  }
  label("p99 above", "Latency p99 threshold in ms (0: findings only)");
  double p99 = settings.p99_ms;
  if (ImGui::InputDouble("##flight_p99", &p99, 10.0, 100.0, p99 > 0 ? "%.0f ms" : "off"))
    settings.p99_ms = std::clamp(p99, 0.0, 1e7);
  remember("flight_p99");
  label("keep", "How many seconds before the trigger each recording keeps");
  float secs = static_cast<float>(settings.seconds);
  if (ImGui::SliderFloat("##flight_seconds", &secs, 1.0f, 60.0f, "last %.0f s"))
    settings.seconds = std::clamp(double(secs), 1.0, 60.0);
  remember("flight_seconds");
  ImGui::EndTable();
  if (!last.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::text_dim), "Last: %s", last.c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace poolscope::gui
