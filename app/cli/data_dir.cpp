// Finding the data directory (see data_dir.h) and the lesson presets in it.
#include "cli/data_dir.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <vector>

#include "poolscope/printable.h"

namespace poolscope::cli {

namespace fs = std::filesystem;

namespace {

// Paths are quoted whole up to this length (a message stays one readable line).
constexpr std::size_t path_max = 300;

bool has_scenarios(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "scenarios", ec);
}

// The assets/ directory the build tree's marker names, when `exe` is the built executable.
std::optional<fs::path> build_tree_assets(const fs::path& exe) {
  std::ifstream marker(exe.parent_path() / kBuildTreeMarker);
  std::string line;
  if (!marker || !std::getline(marker, line) || line.empty()) return std::nullopt;
  return fs::path(line);
}

// The explicit choice (option or environment): used as given, or an error; never skipped.
std::optional<fs::path> explicit_dir(const std::string& what, const std::string& dir,
                                     std::string& error) {
  if (has_scenarios(dir)) return fs::path(dir);
  std::error_code ec;
  error = what + ": " + printable_quoted(dir, path_max) +
          (fs::is_directory(dir, ec) ? " has no scenarios/ directory (the lesson presets)"
                                     : " is not a directory");
  return std::nullopt;
}

}  // namespace

DataDirSources data_dir_sources(std::string option) {
  DataDirSources s;
  s.option = std::move(option);
  if (const char* env = std::getenv(kDataDirEnv); env != nullptr && *env != '\0') s.env = env;
  std::error_code ec;
  s.exe = fs::read_symlink("/proc/self/exe", ec);
  return s;
}

std::optional<fs::path> find_data_dir(const DataDirSources& from, std::string& error) {
  if (!from.option.empty()) return explicit_dir("--data-dir", from.option, error);
  if (from.env) return explicit_dir(kDataDirEnv, *from.env, error);
  std::vector<fs::path> looked;
  if (!from.exe.empty()) {
    if (const auto assets = build_tree_assets(from.exe)) {
      if (has_scenarios(*assets)) return *assets;
      looked.push_back(*assets);
    }
    const fs::path installed =
        (from.exe.parent_path() / ".." / "share" / "poolscope").lexically_normal();
    if (has_scenarios(installed)) return installed;
    looked.push_back(installed);
  }
  error = "no lesson presets found (looked for scenarios/ in ";
  if (looked.empty()) error += "nothing: the executable's own path is unknown";
  for (std::size_t i = 0; i < looked.size(); ++i)
    error += (i > 0 ? " and " : "") + printable_quoted(looked[i].string(), path_max);
  error += std::string("); give --data-dir DIR or set ") + kDataDirEnv;
  return std::nullopt;
}

bool is_preset_name(const std::string& value) {
  if (value.empty() || value == "." || value == ".." || value.find('/') != std::string::npos)
    return false;
  std::error_code ec;
  return !fs::exists(value, ec);
}

std::optional<std::string> preset_path(const fs::path& data_dir, const std::string& name,
                                       std::string& error) {
  const fs::path dir = data_dir / "scenarios";
  const std::string file = name.size() > 5 && name.ends_with(".json") ? name : name + ".json";
  std::error_code ec;
  if (fs::is_regular_file(dir / file, ec)) return (dir / file).string();
  std::vector<std::string> presets;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".json") presets.push_back(e.path().stem().string());
  std::sort(presets.begin(), presets.end());
  std::string list;
  for (const auto& p : presets) list += (list.empty() ? "" : ", ") + p;
  error = "--scenario: " + printable_quoted(name) + " is neither a file nor a preset in " +
          printable_quoted(dir.string(), path_max) + " (presets: " + printable(list, 600) + ")";
  return std::nullopt;
}

}  // namespace poolscope::cli
