// SystemFileDialog: finding zenity or kdialog, spawning it with its standard output on a pipe,
// and reading its answer on a thread.
#include "system_file_dialog.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <utility>
#include <vector>

extern char** environ;

namespace poolscope::gui {

std::string SystemFileDialog::find_tool() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return {};
  for (const char* tool : {"zenity", "kdialog"}) {
    std::stringstream dirs(path);
    for (std::string d; std::getline(dirs, d, ':');) {
      if (d.empty()) continue;
      const std::string exe = d + "/" + tool;
      if (::access(exe.c_str(), X_OK) == 0) return exe;
    }
  }
  return {};
}

bool SystemFileDialog::start(const std::string& tool, const std::filesystem::path& dir,
                             std::string& error) {
  if (running()) return true;
  if (thread_.joinable()) thread_.join();
  std::vector<std::string> args{tool};
  if (std::filesystem::path(tool).filename() == "kdialog") {
    args.insert(args.end(), {"--getopenfilename", dir.string(), "*.json|Scenarios (*.json)"});
  } else {
    args.insert(args.end(),
                {"--file-selection", "--title=Open scenario", "--filename=" + (dir / "").string(),
                 "--file-filter=Scenarios (*.json) | *.json"});
  }
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    error = std::string("cannot start the system dialog: ") + std::strerror(errno);
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, tool.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    error = "cannot start " + tool + ": " + std::strerror(rc);
    return false;
  }
  pid_ = pid;
  finished_ = false;
  {
    std::lock_guard lock(mutex_);
    result_.clear();
  }
  thread_ = std::thread([this, fd = fds[0], pid]() {
    std::string out;
    char buf[4096];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n > 0) {
        out.append(buf, static_cast<std::size_t>(n));
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else {
        break;
      }
    }
    ::close(fd);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = 0;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    const bool chosen = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    {
      std::lock_guard lock(mutex_);
      result_ = chosen ? out : std::string();
    }
    finished_ = true;
  });
  return true;
}

std::optional<std::string> SystemFileDialog::take_result() {
  if (!thread_.joinable() || !finished_.load()) return std::nullopt;
  thread_.join();
  std::lock_guard lock(mutex_);
  return std::exchange(result_, {});
}

SystemFileDialog::~SystemFileDialog() {
  // A chooser still open is closed: its pipe then ends and the thread returns.
  if (const pid_t pid = pid_.load(); pid > 0) ::kill(pid, SIGTERM);
  if (thread_.joinable()) thread_.join();
}

}  // namespace poolscope::gui
