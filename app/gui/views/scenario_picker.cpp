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

ScenarioPicker::ScenarioPicker(std::string scenarios_dir, bool allow_system_dialog)
    : dir_(std::move(scenarios_dir)), browser_(dir_, allow_system_dialog) {
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

void ScenarioPicker::open_browser() {
  std::error_code ec;
  const fs::path from = current_.empty() ? fs::path(dir_) : fs::path(current_).parent_path();
  browser_.open(fs::is_directory(from, ec) ? from.string() : dir_);
}

void ScenarioPicker::Draw(const ScenarioSpec& edited, const std::vector<std::string>& recent,
                          Commands& cmds) {
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
  if (ImGui::Button("Open file…", ImVec2(w, 0))) open_browser();
  open_button_ = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Browse for a scenario file (.json)");
  ImGui::SameLine();
  if (ImGui::Button("Save scenario", ImVec2(w, 0))) ImGui::OpenPopup("Save scenario");

  browser_.Draw(recent, cmds);
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
