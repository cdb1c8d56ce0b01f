// What the window remembers between sessions (UI scale, presentation mode, window size, the last
// scenario) and the store that keeps it in $XDG_CONFIG_HOME/poolscope/settings.json. Opt-in: only
// the interactive window has a store; `shot`, `bench-ui` and the tests stay reproducible.
// UI thread only; the App owns its store.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host/gui_main.h"

namespace poolscope::gui {

struct RememberedSettings {
  static constexpr int kVersion = 1;
  float ui_scale = 1.0f;  // the scale outside presentation mode
  bool presentation = false;
  int window_width = kDefaultWidth;
  int window_height = kDefaultHeight;
  std::string last_scenario;              // the scenario file last opened ("" for none)
  std::vector<std::string> recent_files;  // scenario files opened, the latest first (at most 8)

  bool operator==(const RememberedSettings&) const = default;
};

class SettingsStore {
 public:
  explicit SettingsStore(std::filesystem::path file) : file_(std::move(file)) {}

  // $XDG_CONFIG_HOME/poolscope/settings.json, else $HOME/.config/poolscope/settings.json;
  // nullopt when neither variable is set (nothing is remembered then).
  static std::optional<std::filesystem::path> default_file();

  // The remembered settings; nullopt when the file does not exist (silently) or cannot be used
  // (one warning on stderr naming the file). Values out of range fall back to their defaults,
  // with a warning.
  std::optional<RememberedSettings> load();
  // Writes `s` unless it is what the file already holds: to a temporary file, then renamed
  // over the old one. A failure is reported once on stderr; false then.
  bool save(const RememberedSettings& s);

  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  std::optional<RememberedSettings> on_disk_;  // what was read or written last
  bool write_failure_reported_ = false;
};

// The file to reopen for `last` (as saved), or "" when there is none: the path itself when it
// still exists, else a preset of the same name in assets_dir/scenarios (the data directory may
// have moved, as between a build tree and an installed package).
std::string resolve_last_scenario(const std::string& last, const std::string& assets_dir);

}  // namespace poolscope::gui
