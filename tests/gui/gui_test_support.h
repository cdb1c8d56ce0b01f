// Helpers shared by the GUI tests: an offscreen UI on a spec, frame pumping, polling.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "host/offscreen_ui.h"

namespace poolscope::gui::test {

inline std::string source_dir() { return POOLSCOPE_SOURCE_DIR; }
inline std::string assets_dir() { return source_dir() + "/assets"; }

inline std::unique_ptr<OffscreenUi> make_ui(const ScenarioSpec& spec, int w, int h,
                                            const std::string& scenario_path = {}) {
  std::string error;
  auto ui =
      OffscreenUi::create(AppConfig{spec, scenario_path, assets_dir(), true, {}}, w, h, error);
  EXPECT_TRUE(ui) << error;
  return ui;
}

// A run long enough to still be going whatever a test does (a million 40 ms jobs).
inline ScenarioSpec long_run() {
  ScenarioSpec s;
  s.title = "long run";
  s.workers = 4;
  s.buffer = 8;
  s.jobs = 1'000'000;
  s.job_ms = 40;
  return s;
}

// One frame with `key` down, then one with it up: a single press (keys are io.KeysDown indexes,
// as ImGui 1.86's GLFW backend fills them).
inline void press(OffscreenUi& ui, int key) {
  ui.frame(1.0f / 30.0f, [&](ImGuiIO& io) { io.KeysDown[key] = true; });
  ui.frame(1.0f / 30.0f, [&](ImGuiIO& io) { io.KeysDown[key] = false; });
}

// A press with Ctrl or Shift held (as the backend reports modifiers: io.KeyCtrl / io.KeyShift).
enum class Held { ctrl, shift };
inline void press(OffscreenUi& ui, int key, Held held) {
  ui.frame(1.0f / 30.0f, [&](ImGuiIO& io) {
    io.KeysDown[key] = true;
    io.KeyCtrl = held == Held::ctrl;
    io.KeyShift = held == Held::shift;
  });
  ui.frame(1.0f / 30.0f, [&](ImGuiIO& io) {
    io.KeysDown[key] = false;
    io.KeyCtrl = io.KeyShift = false;
  });
}

// Renders frames for about `seconds` of wall time (the engine runs meanwhile).
inline void pump(OffscreenUi& ui, double seconds) {
  const auto until = std::chrono::steady_clock::now() +
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(seconds));
  do {
    ui.frame(1.0f / 30.0f);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  } while (std::chrono::steady_clock::now() < until);
}

// Polls `ok` (rendering frames meanwhile) until it holds or `seconds` pass.
inline bool eventually(OffscreenUi& ui, double seconds, const std::function<bool()>& ok) {
  const auto until = std::chrono::steady_clock::now() +
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(seconds));
  while (std::chrono::steady_clock::now() < until) {
    if (ok()) return true;
    ui.frame(1.0f / 30.0f);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return ok();
}

// A fresh empty directory under the system temp dir, removed by its destructor.
class TempDir {
 public:
  TempDir() {
    const auto base = std::filesystem::temp_directory_path();
    for (int i = 0;; ++i) {
      path_ = base / ("poolscope-gui-test-" + std::to_string(::getpid()) + "-" + std::to_string(i));
      if (std::filesystem::create_directory(path_)) break;
    }
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace poolscope::gui::test
