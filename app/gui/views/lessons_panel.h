// LessonsPanel: the lesson presets of <assets>/scenarios in their numbered order, by title; one
// click loads a lesson (through a LoadScenario command, so a broken file shows the error modal).
// The files come from the ScenarioPicker's scan; titles are read once, in set_files(). UI thread
// only.
#pragma once

#include <string>
#include <vector>

#include "commands.h"

namespace poolscope::gui {

class LessonsPanel {
 public:
  // The scenario files, in any order: the list follows their names ("02-seed.json").
  void set_files(const std::vector<std::string>& paths);
  // The scenario now running; matched by file, however its path was spelt.
  void set_current(const std::string& path);

  struct Entry {
    std::string path;
    std::string title;  // the file's title, or its name when it has none or does not load
    bool loads = true;
  };
  const std::vector<Entry>& entries() const { return entries_; }

  void Draw(Commands& cmds);

 private:
  std::string current_;
  std::vector<Entry> entries_;
};

}  // namespace poolscope::gui
