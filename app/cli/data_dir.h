// Where poolscope's data lives (scenarios/ with the lesson presets), wherever it is installed:
//   1. --data-dir DIR
//   2. $POOLSCOPE_DATA_DIR
//   3. the repository's assets/, when the executable is the one the build tree made (CMake writes
//      a marker file naming that directory next to it; an installed copy has no marker)
//   4. <executable's directory>/../share/poolscope (/usr/bin -> /usr/share/poolscope)
// A directory given explicitly (1, 2) must hold scenarios/; it is an error, not skipped, if not.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace poolscope::cli {

inline constexpr const char* kDataDirEnv = "POOLSCOPE_DATA_DIR";
// The marker CMake writes beside the built executable; it holds the repository's assets/ path.
inline constexpr const char* kBuildTreeMarker = "poolscope-build-assets";

struct DataDirSources {
  std::string option;              // --data-dir; empty when not given
  std::optional<std::string> env;  // $POOLSCOPE_DATA_DIR when set (and not empty)
  std::filesystem::path exe;       // the running executable
};

// The sources of this process: the option as given, the environment and /proc/self/exe.
DataDirSources data_dir_sources(std::string option);

// The data directory by the order above; empty, with `error` saying where it looked, when none.
std::optional<std::filesystem::path> find_data_dir(const DataDirSources& from, std::string& error);

// A --scenario value that is not an existing file and names no directory ("seed",
// "02-seed-program", "seed.json") is a preset in <data dir>/scenarios: true when `value` names
// such a name (the caller then needs the data directory to resolve it).
bool is_preset_name(const std::string& value);

// The preset file for `name` in `data_dir`/scenarios; empty, with `error` listing the presets,
// when there is none.
std::optional<std::string> preset_path(const std::filesystem::path& data_dir,
                                       const std::string& name, std::string& error);

}  // namespace poolscope::cli
