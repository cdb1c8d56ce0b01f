#include "lessons_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "palette.h"
#include "poolscope/scenario.h"

namespace poolscope::gui {

namespace fs = std::filesystem;

void LessonsPanel::set_files(const std::vector<std::string>& paths) {
  entries_.clear();
  for (const std::string& path : paths) {
    Entry entry{path, fs::path(path).stem().string(), true};
    std::string err;
    if (auto spec = load_scenario(path, err)) {
      if (!spec->title.empty()) entry.title = spec->title;
    } else {
      entry.loads = false;
    }
    entries_.push_back(std::move(entry));
  }
  std::sort(entries_.begin(), entries_.end(),
            [](const Entry& a, const Entry& b) { return a.path < b.path; });
}

void LessonsPanel::Draw(Commands& cmds) {
  if (entries_.empty()) {
    ImGui::TextDisabled("No lesson presets found (assets/scenarios/*.json).");
    return;
  }
  ImGui::TextDisabled("Click a lesson to load and start it.");
  int n = 0;
  for (const Entry& e : entries_) {
    ++n;
    ImGui::PushID(n);
    char label[16];
    std::snprintf(label, sizeof label, "%2d", n);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::text_dim), "%s", label);
    ImGui::SameLine();
    if (!e.loads)
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colors::failed));
    if (ImGui::Selectable(e.title.c_str(), e.path == current_))
      cmds.push(cmd::LoadScenario{e.path});
    if (!e.loads) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s%s", e.path.c_str(),
                        e.loads ? "" : "\n(does not load: click for the error)");
    }
    ImGui::PopID();
  }
}

}  // namespace poolscope::gui
