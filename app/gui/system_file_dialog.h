// SystemFileDialog: the desktop's own file chooser (zenity or kdialog, when one is installed) run
// as a child process watched by a thread of its own, so that the UI never waits for it; the UI
// thread polls for the answer. Destroying it ends a dialog still open. Only the interactive
// window offers it (tests and shots never do). UI thread only.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace poolscope::gui {

class SystemFileDialog {
 public:
  SystemFileDialog() = default;
  ~SystemFileDialog();
  SystemFileDialog(const SystemFileDialog&) = delete;
  SystemFileDialog& operator=(const SystemFileDialog&) = delete;

  // The zenity or kdialog executable found on PATH, or "" when neither is installed.
  static std::string find_tool();

  // Opens the chooser (a *.json filter) in `dir`; false with `error` set if it cannot start.
  bool start(const std::string& tool, const std::filesystem::path& dir, std::string& error);
  bool running() const { return thread_.joinable() && !finished_.load(); }
  // Once the chooser has closed: the chosen path, or "" when it was cancelled. nullopt while it
  // is still open (or when none was started).
  std::optional<std::string> take_result();

 private:
  std::thread thread_;
  std::atomic<bool> finished_{false};
  std::atomic<pid_t> pid_{0};
  std::mutex mutex_;
  std::string result_;
};

}  // namespace poolscope::gui
