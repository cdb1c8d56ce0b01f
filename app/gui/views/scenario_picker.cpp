// ScenarioPicker's drawing: the presets combo (rescanned when it opens) and the Open and Save
// modals, each pushing a command.
#include "views/scenario_picker.h"

#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace poolscope::gui {
namespace {

namespace fs = std::filesystem;

void copy_to(std::array<char, 512>& buf, const std::string& s) {
  const std::size_t n = std::min(s.size(), buf.size() - 1);
  std::memcpy(buf.data(), s.data(), n);
  buf[n] = '\0';
}

std::string display_name(const std::string& path) {
  return path.empty() ? std::string("(from the command line)") : fs::path(path).stem().string();
}

}  // namespace

ScenarioPicker::ScenarioPicker(std::string scenarios_dir) : dir_(std::move(scenarios_dir)) {
  copy_to(save_path_, "my-scenario.json");
  rescan();
}

void ScenarioPicker::rescan() {
  files_.clear();
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    if (e.path().extension() == ".json") files_.push_back(e.path().string());
  }
  std::sort(files_.begin(), files_.end());
}

void ScenarioPicker::Draw(const ScenarioSpec& edited, Commands& cmds) {
  ImGui::SetNextItemWidth(-1.0f);
  const std::string shown = display_name(current_);
  if (ImGui::BeginCombo("##scenario", shown.c_str(), ImGuiComboFlags_HeightLarge)) {
    if (ImGui::IsWindowAppearing()) rescan();
    if (files_.empty()) ImGui::TextDisabled("no scenarios in %s", dir_.c_str());
    for (const std::string& f : files_) {
      if (ImGui::Selectable(display_name(f).c_str(), f == current_)) {
        cmds.push(cmd::LoadScenario{f});
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.c_str());
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Load a lesson from %s", dir_.c_str());

  const float w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  if (ImGui::Button("Open file…", ImVec2(w, 0))) ImGui::OpenPopup("Open scenario");
  ImGui::SameLine();
  if (ImGui::Button("Save scenario", ImVec2(w, 0))) ImGui::OpenPopup("Save scenario");

  if (ImGui::BeginPopupModal("Open scenario", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted("Scenario file (JSON):");
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
    const bool enter = ImGui::InputText("##open_path", open_path_.data(), open_path_.size(),
                                        ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::Button("Open") || enter) {
      cmds.push(cmd::LoadScenario{open_path_.data()});
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  if (ImGui::BeginPopupModal("Save scenario", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted("Save the current settings as:");
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
    const bool enter = ImGui::InputText("##save_path", save_path_.data(), save_path_.size(),
                                        ImGuiInputTextFlags_EnterReturnsTrue);
    std::error_code ec;
    ImGui::TextDisabled("relative paths are from %s", fs::current_path(ec).string().c_str());
    if (ImGui::Button("Save") || enter) {
      cmds.push(cmd::SaveScenario{save_path_.data(), edited});
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

}  // namespace poolscope::gui
