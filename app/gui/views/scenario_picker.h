// ScenarioPicker: a combo over <assets>/scenarios/*.json, "Open file…" for any other path, and
// "Save scenario" (a modal asking where). Only pushes commands; App loads, saves and reports
// errors. UI thread only.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "commands.h"
#include "poolscope/scenario.h"

namespace poolscope::gui {

class ScenarioPicker {
 public:
  explicit ScenarioPicker(std::string scenarios_dir);
  // The scenario now running (shown in the combo; "" when it came from options, not a file).
  void set_current(const std::string& path) { current_ = path; }
  const std::vector<std::string>& files() const { return files_; }
  void rescan();

  void Draw(const ScenarioSpec& edited, Commands& cmds);

 private:
  std::string dir_;
  std::vector<std::string> files_;
  std::string current_;
  std::array<char, 512> open_path_{};
  std::array<char, 512> save_path_{};
};

}  // namespace poolscope::gui
