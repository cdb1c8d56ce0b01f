// LessonsPanel: reading the presets' titles once, and the clickable list that loads one.
#include "views/lessons_panel.h"

#include <imgui.h>

#include <algorithm>
#include <filesystem>

#include "poolscope/scenario.h"
#include "ui/palette.h"
#include "ui/text_layout.h"

namespace poolscope::gui {

namespace fs = std::filesystem;

namespace {
std::string same_file_key(const std::string& path) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(path, ec);
  return ec ? path : p.string();
}
}  // namespace

void LessonsPanel::set_files(const std::vector<std::string>& paths) {
  entries_.clear();
  for (const std::string& path : paths) {
    Entry entry{same_file_key(path), fs::path(path).stem().string(), true};
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

void LessonsPanel::set_current(const std::string& path) { current_ = same_file_key(path); }

void LessonsPanel::Draw(Commands& cmds) {
  if (entries_.empty()) {
    ImGui::TextDisabled("No lesson presets found (assets/scenarios/*.json).");
    return;
  }
  ImGui::TextDisabled("Click a lesson to load and start it.");
  // The presets' titles carry their lesson numbers ("4. Backpressure").
  int n = 0;
  for (const Entry& e : entries_) {
    ImGui::PushID(++n);
    if (!e.loads)
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colors::failed));
    // A title longer than the column ends in "…"; the tooltip has it whole.
    const std::string shown = ellipsize(ImGui::GetFont(), ImGui::GetFontSize(), e.title,
                                        ImGui::GetContentRegionAvail().x);
    if (ImGui::Selectable(shown.c_str(), e.path == current_)) cmds.push(cmd::LoadScenario{e.path});
    if (!e.loads) ImGui::PopStyleColor();
    record_last_item(shown, e.title);
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s\n%s%s", e.title.c_str(), e.path.c_str(),
                        e.loads ? "" : "\n(does not load: click for the error)");
    }
    ImGui::PopID();
  }
}

}  // namespace poolscope::gui
