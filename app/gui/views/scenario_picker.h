// ScenarioPicker: a combo over <assets>/scenarios/*.json, "Open file…" (a file browser) for any
// other file, and "Save scenario" (a modal asking where). Only pushes commands; App loads, saves
// and reports errors. UI thread only.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "commands.h"
#include "poolscope/scenario.h"
#include "views/file_browser_view.h"

namespace poolscope::gui {

class ScenarioPicker {
 public:
  // allow_system_dialog: "Open file…" may hand over to zenity/kdialog (the window only).
  explicit ScenarioPicker(std::string scenarios_dir, bool allow_system_dialog = false);
  // The scenario now running (shown in the combo; "" when it came from options, not a file).
  void set_current(const std::string& path) { current_ = path; }
  const std::vector<std::string>& files() const { return files_; }
  void rescan();

  // `recent`: the recent files the browser lists.
  void Draw(const ScenarioSpec& edited, const std::vector<std::string>& recent, Commands& cmds);
  // Opens the file browser as "Open file…" does (in the current scenario's folder).
  void open_browser();
  const FileBrowserView& browser() const { return browser_; }
  // Where "Open file…" was drawn last frame.
  FileBrowserView::Rect open_button_rect() const { return open_button_; }

 private:
  std::string dir_;
  std::vector<std::string> files_;
  std::string current_;
  FileBrowserView browser_;
  FileBrowserView::Rect open_button_{};
  std::array<char, 512> save_path_{};
};

}  // namespace poolscope::gui
