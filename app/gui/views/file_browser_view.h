// FileBrowserView: the "Open scenario" dialog drawn with ImGui on a FileBrowser model: an Up
// button and the path's clickable parts, places (the lesson presets, home, the working
// directory) and the recent files on the left, the directory's folders and *.json files on the
// right, a typed path, and what went wrong. "System dialog…" hands over to zenity or kdialog
// when one is installed and the host allows it (only the interactive window does). Pushes
// LoadScenario once a file loads as a scenario. UI thread only.
#pragma once

#include <imgui.h>

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "file_browser.h"
#include "system_file_dialog.h"

namespace poolscope::gui {

class FileBrowserView {
 public:
  FileBrowserView(std::string presets_dir, bool allow_system_dialog);

  // Opens the dialog at the next Draw, showing `dir` (the presets when it cannot be read).
  void open(const std::string& dir);
  // Draws the dialog while it is open; call where the opening button is (same ID stack).
  void Draw(const std::vector<std::string>& recent, Commands& cmds);
  bool is_open() const { return open_; }

  const FileBrowser& model() const { return model_; }
  const char* typed_path() const { return path_.data(); }
  // Where an item was drawn last frame, for tests: "up", "crumb:<name>", "place:presets",
  // "place:home", "place:cwd", "recent:<index>", "entry:<name>", "path", "open", "cancel".
  struct Rect {
    ImVec2 min, max;
  };
  std::optional<Rect> item_rect(const std::string& key) const;

 private:
  void draw_path_bar();
  void draw_places(const std::vector<std::string>& recent, Commands& cmds);
  void draw_listing(Commands& cmds);
  void draw_footer(Commands& cmds);
  void try_open(const std::string& path, Commands& cmds);
  void poll_system_dialog(Commands& cmds);
  void remember(const std::string& key);
  void set_path(const std::string& s);

  std::string presets_dir_;
  std::string system_tool_;  // zenity or kdialog; "" when none or not allowed
  FileBrowser model_;
  SystemFileDialog system_dialog_;
  bool pending_open_ = false;
  bool open_ = false;
  bool close_ = false;
  std::array<char, 1024> path_{};
  std::string selected_;  // the file entry last clicked
  std::map<std::string, Rect, std::less<>> rects_;
};

}  // namespace poolscope::gui
