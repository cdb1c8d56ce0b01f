// FileBrowser: listing and sorting a directory with error codes (never exceptions), breadcrumbs,
// the recent list, and choosing a file only once it loads as a scenario.
#include "file_browser.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "poolscope/scenario.h"

namespace poolscope::gui {
namespace {

namespace fs = std::filesystem;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_json(const fs::path& p) { return lower(p.extension().string()) == ".json"; }

}  // namespace

DirListing list_directory(const fs::path& dir) {
  DirListing out;
  out.dir = dir;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (!ec && !fs::is_directory(dir, ec)) ec = std::make_error_code(std::errc::not_a_directory);
  if (ec) {
    out.error = "Cannot read " + dir.string() + ": " + ec.message();
    return out;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      out.error = "Cannot read all of " + dir.string() + ": " + ec.message();
      break;
    }
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::error_code type_ec;
    const bool is_dir = it->is_directory(type_ec);  // follows symbolic links
    if (is_dir || (is_json(it->path()) && it->is_regular_file(type_ec))) {
      out.entries.push_back({name, it->path(), is_dir});
    }
  }
  std::sort(out.entries.begin(), out.entries.end(),
            [](const BrowserEntry& a, const BrowserEntry& b) {
              if (a.is_dir != b.is_dir) return a.is_dir;
              const std::string la = lower(a.name), lb = lower(b.name);
              return la != lb ? la < lb : a.name < b.name;
            });
  return out;
}

std::vector<std::pair<std::string, fs::path>> path_parts(const fs::path& dir) {
  std::vector<std::pair<std::string, fs::path>> parts;
  fs::path at;
  for (const fs::path& part : dir.lexically_normal()) {
    if (part.empty()) continue;  // the empty name after a trailing separator
    at /= part;
    parts.emplace_back(part.string(), at);
  }
  return parts;
}

std::vector<std::string> push_recent(std::vector<std::string> recent, const std::string& path,
                                     std::size_t max) {
  std::erase(recent, path);
  recent.insert(recent.begin(), path);
  if (recent.size() > max) recent.resize(max);
  return recent;
}

bool FileBrowser::open_dir(const fs::path& dir) {
  std::error_code ec;
  fs::path abs = fs::absolute(dir, ec);
  if (ec) abs = dir;
  DirListing next = list_directory(abs.lexically_normal());
  if (!next.error.empty() && next.entries.empty()) {
    error_ = next.error;
    return false;
  }
  error_ = next.error;  // a partial listing is shown, with what went wrong
  listing_ = std::move(next);
  return true;
}

bool FileBrowser::up() {
  const fs::path parent = listing_.dir.parent_path();
  if (parent.empty() || parent == listing_.dir) return false;
  return open_dir(parent);
}

std::optional<std::string> FileBrowser::choose(const std::string& typed) {
  if (typed.empty()) return std::nullopt;
  fs::path p(typed);
  // "~/x" as a shell would read it.
  if (typed == "~" || typed.rfind("~/", 0) == 0) {
    if (const char* home = std::getenv("HOME"))
      p = fs::path(home) / typed.substr(std::min<std::size_t>(2, typed.size()));
  }
  // A relative path is from the directory shown.
  if (p.is_relative() && !listing_.dir.empty()) p = listing_.dir / p;
  std::error_code ec;
  if (fs::is_directory(p, ec)) {
    open_dir(p);
    return std::nullopt;
  }
  if (!fs::exists(p, ec)) {
    error_ = "No such file or directory: " + p.lexically_normal().string();
    return std::nullopt;
  }
  std::string why;
  if (!load_scenario(p.lexically_normal().string(), why)) {
    error_ = "Not a scenario: " + p.filename().string() + ": " + why;
    return std::nullopt;
  }
  error_.clear();
  return p.lexically_normal().string();
}

}  // namespace poolscope::gui
