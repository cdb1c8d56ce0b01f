// FileBrowser: the model of the "Open scenario" dialog, with no UI: the directory shown, its
// subdirectories and *.json files (sorted, directories first, hidden ones left out), the path's
// parts for the clickable breadcrumbs, the recent-files list, and checking that a chosen file is
// a scenario before it is opened. Errors (an unreadable directory, a file that is not a scenario)
// are kept for the dialog to show; nothing throws. UI thread only.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace poolscope::gui {

struct BrowserEntry {
  std::string name;  // the file or directory name
  std::filesystem::path path;
  bool is_dir = false;
};

struct DirListing {
  std::filesystem::path dir;
  std::vector<BrowserEntry> entries;
  std::string error;  // "" when the directory was read
};

// The subdirectories and *.json files of `dir`: directories first, each group sorted by name
// (case-insensitively); names starting with '.' are left out.
DirListing list_directory(const std::filesystem::path& dir);

// The breadcrumbs of an absolute `dir`: ("/", "/"), ("home", "/home"), ("ann", "/home/ann").
std::vector<std::pair<std::string, std::filesystem::path>> path_parts(
    const std::filesystem::path& dir);

// `recent` with `path` moved (or added) to the front, without duplicates, at most `max` long.
inline constexpr std::size_t kRecentFilesKept = 8;
std::vector<std::string> push_recent(std::vector<std::string> recent, const std::string& path,
                                     std::size_t max = kRecentFilesKept);

class FileBrowser {
 public:
  // Shows `dir` (made absolute). On failure the listing stays as it was, the error is set and
  // false is returned.
  bool open_dir(const std::filesystem::path& dir);
  bool up();
  // Re-reads the directory shown.
  void refresh() { open_dir(listing_.dir); }

  // The typed path (or a clicked entry): a directory is opened; a file is checked as a scenario
  // and returned when it is one (the dialog then opens it); otherwise the error is set.
  std::optional<std::string> choose(const std::string& typed);

  const std::filesystem::path& dir() const { return listing_.dir; }
  const std::vector<BrowserEntry>& entries() const { return listing_.entries; }
  const std::string& error() const { return error_; }
  void clear_error() { error_.clear(); }
  void set_error(std::string error) { error_ = std::move(error); }

 private:
  DirListing listing_;
  std::string error_;
};

}  // namespace poolscope::gui
