// SettingsStore: reading settings.json (any problem falls back to defaults with one warning),
// writing it atomically (a temporary file renamed over the old one), and finding the last
// scenario again.
#include "remembered_settings.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace poolscope::gui {
namespace {

// The ranges a remembered value must be in to be used (the same the UI and hosts accept).
constexpr float kMinScale = 0.5f, kMaxScale = 3.0f;
constexpr int kMinSize = 64, kMaxSize = 16384;
constexpr std::size_t kMaxRecent = 32;  // a hand-edited file's longer list is cut

void warn(const std::filesystem::path& file, const std::string& why) {
  std::fprintf(stderr, "poolscope: ignoring %s: %s; using the defaults\n", file.c_str(),
               why.c_str());
}

}  // namespace

std::optional<std::filesystem::path> SettingsStore::default_file() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  // The XDG spec: a relative XDG_CONFIG_HOME is invalid and ignored.
  if (xdg != nullptr && xdg[0] == '/') {
    return std::filesystem::path(xdg) / "poolscope" / "settings.json";
  }
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') {
    return std::filesystem::path(home) / ".config" / "poolscope" / "settings.json";
  }
  return std::nullopt;
}

std::optional<RememberedSettings> SettingsStore::load() {
  std::error_code ec;
  if (!std::filesystem::exists(file_, ec)) return std::nullopt;
  std::ifstream in(file_);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    warn(file_, "cannot read it");
    return std::nullopt;
  }
  const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    warn(file_, "not a JSON object");
    return std::nullopt;
  }
  const auto version = j.find("version");
  if (version == j.end() || !version->is_number_integer() ||
      version->get<int>() != RememberedSettings::kVersion) {
    warn(file_, "no \"version\": 1");
    return std::nullopt;
  }
  RememberedSettings s;
  std::string bad;  // the fields that were out of range or of the wrong type
  const auto note = [&](const char* key) { bad += bad.empty() ? key : std::string(", ") + key; };
  if (const auto it = j.find("ui_scale"); it != j.end()) {
    const float v = it->is_number() ? it->get<float>() : -1.0f;
    if (v >= kMinScale && v <= kMaxScale) {
      s.ui_scale = v;
    } else {
      note("ui_scale");
    }
  }
  if (const auto it = j.find("presentation"); it != j.end()) {
    if (it->is_boolean()) {
      s.presentation = it->get<bool>();
    } else {
      note("presentation");
    }
  }
  const auto size = [&](const char* key, int& out) {
    const auto it = j.find(key);
    if (it == j.end()) return;
    const long long v = it->is_number_integer() ? it->get<long long>() : -1;
    if (v >= kMinSize && v <= kMaxSize) {
      out = static_cast<int>(v);
    } else {
      note(key);
    }
  };
  size("window_width", s.window_width);
  size("window_height", s.window_height);
  if (const auto it = j.find("last_scenario"); it != j.end()) {
    if (it->is_string()) {
      s.last_scenario = it->get<std::string>();
    } else {
      note("last_scenario");
    }
  }
  if (const auto it = j.find("recent_files"); it != j.end()) {
    const bool all_strings =
        it->is_array() &&
        std::all_of(it->begin(), it->end(), [](const nlohmann::json& v) { return v.is_string(); });
    if (all_strings) {
      for (const auto& v : *it) {
        if (s.recent_files.size() < kMaxRecent) s.recent_files.push_back(v.get<std::string>());
      }
    } else {
      note("recent_files");
    }
  }
  if (!bad.empty()) {
    std::fprintf(stderr, "poolscope: %s: %s out of range; using the default for it\n",
                 file_.c_str(), bad.c_str());
  }
  on_disk_ = s;
  return s;
}

bool SettingsStore::save(const RememberedSettings& s) {
  if (on_disk_ && *on_disk_ == s) return true;
  const nlohmann::json j = {
      {"version", RememberedSettings::kVersion}, {"ui_scale", s.ui_scale},
      {"presentation", s.presentation},          {"window_width", s.window_width},
      {"window_height", s.window_height},        {"last_scenario", s.last_scenario},
      {"recent_files", s.recent_files}};
  std::error_code ec;
  std::filesystem::create_directories(file_.parent_path(), ec);
  // A temporary name of this process's own, so that two windows never write the same file.
  std::filesystem::path tmp = file_;
  tmp += ".tmp." + std::to_string(::getpid());
  bool ok = false;
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump(2) << "\n";
    out.close();
    ok = static_cast<bool>(out);
  }
  if (ok) {
    std::filesystem::rename(tmp, file_, ec);
    ok = !ec;
  }
  if (!ok) {
    std::filesystem::remove(tmp, ec);
    if (!write_failure_reported_) {
      std::fprintf(stderr, "poolscope: cannot save the settings to %s; they are not remembered\n",
                   file_.c_str());
      write_failure_reported_ = true;
    }
    // Not retried every frame: the failure stands for these settings.
    on_disk_ = s;
    return false;
  }
  on_disk_ = s;
  return true;
}

std::string resolve_last_scenario(const std::string& last, const std::string& assets_dir) {
  if (last.empty()) return {};
  std::error_code ec;
  if (std::filesystem::is_regular_file(last, ec)) return last;
  const auto preset =
      std::filesystem::path(assets_dir) / "scenarios" / std::filesystem::path(last).filename();
  if (!assets_dir.empty() && std::filesystem::is_regular_file(preset, ec)) return preset.string();
  return {};
}

}  // namespace poolscope::gui
