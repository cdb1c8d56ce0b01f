// FileBrowserView's drawing: the modal's three bands (path bar, places | listing, typed path and
// buttons) sized from the font, so that they keep their proportions at any UI scale.
#include "views/file_browser_view.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "ui/palette.h"

namespace poolscope::gui {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPopup = "Open scenario";

ImVec4 color(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

}  // namespace

FileBrowserView::FileBrowserView(std::string presets_dir, bool allow_system_dialog)
    : presets_dir_(std::move(presets_dir)),
      system_tool_(allow_system_dialog ? SystemFileDialog::find_tool() : std::string()) {}

void FileBrowserView::open(const std::string& dir) {
  if (dir.empty() || !model_.open_dir(dir)) model_.open_dir(presets_dir_);
  model_.clear_error();
  set_path("");
  selected_.clear();
  pending_open_ = true;
}

std::optional<FileBrowserView::Rect> FileBrowserView::item_rect(const std::string& key) const {
  const auto it = rects_.find(key);
  if (it == rects_.end()) return std::nullopt;
  return it->second;
}

void FileBrowserView::remember(const std::string& key) {
  rects_[key] = Rect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
}

void FileBrowserView::set_path(const std::string& s) {
  const std::size_t n = std::min(s.size(), path_.size() - 1);
  std::memcpy(path_.data(), s.data(), n);
  path_[n] = '\0';
}

void FileBrowserView::try_open(const std::string& path, Commands& cmds) {
  if (auto file = model_.choose(path)) {
    cmds.push(cmd::LoadScenario{*file});
    close_ = true;
    return;
  }
  // A directory was opened (or the error is shown): the typed path has done its job.
  if (model_.error().empty()) {
    set_path("");
    selected_.clear();
  }
}

void FileBrowserView::poll_system_dialog(Commands& cmds) {
  if (auto chosen = system_dialog_.take_result(); chosen && !chosen->empty()) {
    set_path(*chosen);
    try_open(*chosen, cmds);
  }
}

void FileBrowserView::Draw(const std::vector<std::string>& recent, Commands& cmds) {
  // Not in the UI's first frame: ImGui 1.86 asserts when a window first appears while a modal
  // opened in the same frame is up (the panels drawn after this one appear then).
  if (pending_open_ && ImGui::GetFrameCount() > 1) {
    ImGui::OpenPopup(kPopup);
    pending_open_ = false;
  }
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float em = ImGui::GetFontSize();
  const ImVec2 size(std::min(display.x * 0.92f, em * 54.0f),
                    std::min(display.y * 0.86f, em * 36.0f));
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  open_ = ImGui::BeginPopupModal(
      kPopup, nullptr,
      ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  if (!open_) {
    rects_.clear();
    return;
  }
  rects_.clear();
  poll_system_dialog(cmds);
  draw_path_bar();
  ImGui::Spacing();
  // The footer: the typed path with its buttons, and a line for what went wrong.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float footer = ImGui::GetFrameHeightWithSpacing() + ImGui::GetTextLineHeightWithSpacing() +
                       ImGui::GetTextLineHeight() + style.ItemSpacing.y;
  const float body_h = std::max(em * 6.0f, ImGui::GetContentRegionAvail().y - footer);
  const float places_w = std::min(em * 15.0f, ImGui::GetContentRegionAvail().x * 0.36f);
  ImGui::BeginChild("places", ImVec2(places_w, body_h), true);
  draw_places(recent, cmds);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("listing", ImVec2(0, body_h), true);
  draw_listing(cmds);
  ImGui::EndChild();
  draw_footer(cmds);
  if (close_ || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    close_ = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void FileBrowserView::draw_path_bar() {
  const fs::path dir = model_.dir();
  const bool can_go_up = dir.has_parent_path() && dir.parent_path() != dir;
  ImGui::BeginDisabled(!can_go_up);
  if (ImGui::Button("↑ Up")) model_.up();
  ImGui::EndDisabled();
  remember("up");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("The parent folder (Backspace with an empty path)");
  if (can_go_up && path_[0] == '\0' &&
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace), false))
    model_.up();
  // The path's parts as buttons; when they do not fit, the leading ones give way to "…".
  const auto parts = path_parts(dir);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float sep_w = ImGui::CalcTextSize("/").x + style.ItemSpacing.x * 0.5f;
  std::vector<float> widths;
  for (const auto& p : parts)
    widths.push_back(ImGui::CalcTextSize(p.first.c_str()).x + style.FramePadding.x * 2 + sep_w);
  ImGui::SameLine();
  const float avail = ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("…").x - sep_w;
  std::size_t first = parts.size();
  float used = 0;
  while (first > 0 && used + widths[first - 1] <= avail) used += widths[--first];
  if (first == parts.size() && !parts.empty()) first = parts.size() - 1;  // the last one always
  if (first > 0) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("…");
    ImGui::SameLine(0, style.ItemSpacing.x * 0.5f);
  }
  std::optional<fs::path> go;
  for (std::size_t i = first; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    if (i > first && parts[i - 1].first != "/") {
      ImGui::AlignTextToFramePadding();
      ImGui::TextDisabled("/");
      ImGui::SameLine(0, style.ItemSpacing.x * 0.5f);
    }
    ImGui::PushID(static_cast<int>(i));
    if (last)
      ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(parts[i].first.c_str()) && !last) go = parts[i].second;
    if (last) ImGui::PopStyleColor();
    ImGui::PopID();
    remember("crumb:" + parts[i].first);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", parts[i].second.c_str());
    if (!last) ImGui::SameLine(0, style.ItemSpacing.x * 0.5f);
  }
  if (go) model_.open_dir(*go);
}

void FileBrowserView::draw_places(const std::vector<std::string>& recent, Commands& cmds) {
  ImGui::TextColored(color(colors::running), "Places");
  const auto place = [&](const char* label, const char* key, const std::string& dir) {
    if (dir.empty()) return;
    if (ImGui::Selectable(label)) model_.open_dir(dir);
    remember(key);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", dir.c_str());
  };
  place("Lesson presets", "place:presets", presets_dir_);
  const char* home = std::getenv("HOME");
  place("Home", "place:home", home != nullptr ? home : "");
  std::error_code ec;
  place("Working directory", "place:cwd", fs::current_path(ec).string());
  if (!system_tool_.empty()) {
    const bool waiting = system_dialog_.running();
    ImGui::BeginDisabled(waiting);
    if (ImGui::Selectable(waiting ? "System dialog open…" : "System dialog…")) {
      std::string error;
      if (!system_dialog_.start(system_tool_, model_.dir(), error)) model_.set_error(error);
    }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("Choose with %s", fs::path(system_tool_).filename().c_str());
  }
  ImGui::Spacing();
  ImGui::TextColored(color(colors::running), "Recent");
  if (recent.empty()) ImGui::TextDisabled("none yet");
  for (std::size_t i = 0; i < recent.size(); ++i) {
    const fs::path p(recent[i]);
    const bool there = fs::is_regular_file(p, ec);
    ImGui::PushID(static_cast<int>(i));
    if (!there) ImGui::PushStyleColor(ImGuiCol_Text, color(colors::text_dim));
    if (ImGui::Selectable(p.stem().string().c_str())) {
      set_path(recent[i]);
      try_open(recent[i], cmds);
    }
    if (!there) ImGui::PopStyleColor();
    ImGui::PopID();
    remember("recent:" + std::to_string(i));
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s%s", recent[i].c_str(), there ? "" : "\n(no longer there)");
  }
}

void FileBrowserView::draw_listing(Commands& cmds) {
  const auto& entries = model_.entries();
  if (entries.empty()) ImGui::TextDisabled("No folders or .json files here");
  std::optional<fs::path> enter;
  for (const BrowserEntry& e : entries) {
    ImGui::PushID(e.name.c_str());
    if (e.is_dir) {
      ImGui::PushStyleColor(ImGuiCol_Text, color(colors::running));
      if (ImGui::Selectable(("▸ " + e.name + "/").c_str())) enter = e.path;
      ImGui::PopStyleColor();
    } else {
      const bool selected = selected_ == e.name;
      if (ImGui::Selectable(("   " + e.name).c_str(), selected,
                            ImGuiSelectableFlags_AllowDoubleClick)) {
        selected_ = e.name;
        set_path(e.name);
        if (ImGui::IsMouseDoubleClicked(0)) try_open(e.name, cmds);
      }
    }
    ImGui::PopID();
    remember("entry:" + e.name);
  }
  if (enter) {
    model_.open_dir(*enter);
    set_path("");
    selected_.clear();
  }
}

void FileBrowserView::draw_footer(Commands& cmds) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float button_w = ImGui::GetFontSize() * 6.0f;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Path");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 2 * (button_w + style.ItemSpacing.x));
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  const bool enter =
      ImGui::InputTextWithHint("##browser_path", "a file or folder, typed or clicked", path_.data(),
                               path_.size(), ImGuiInputTextFlags_EnterReturnsTrue);
  remember("path");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Relative to %s; a folder opens, a .json scenario loads",
                      model_.dir().c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(path_[0] == '\0');
  const bool open = ImGui::Button("Open", ImVec2(button_w, 0));
  ImGui::EndDisabled();
  remember("open");
  ImGui::SameLine();
  if (ImGui::Button("Cancel", ImVec2(button_w, 0))) close_ = true;
  remember("cancel");
  if (enter || open) {
    try_open(path_.data(), cmds);
    if (enter && !close_) ImGui::SetKeyboardFocusHere(-1);
  }
  // What went wrong, in place (the dialog stays open).
  ImGui::PushTextWrapPos(0.0f);
  if (!model_.error().empty()) {
    ImGui::TextColored(color(colors::failed), "%s", model_.error().c_str());
  } else if (system_dialog_.running()) {
    ImGui::TextDisabled("Waiting for the system dialog…");
  } else {
    const auto& entries = model_.entries();
    const auto folders = std::count_if(entries.begin(), entries.end(),
                                       [](const BrowserEntry& e) { return e.is_dir; });
    const auto files = static_cast<long>(entries.size()) - folders;
    ImGui::TextDisabled("%ld folder%s, %ld scenario file%s (.json)", long(folders),
                        folders == 1 ? "" : "s", files, files == 1 ? "" : "s");
  }
  ImGui::PopTextWrapPos();
}

}  // namespace poolscope::gui
