// Runs the built `poolscope` executable as a child process with its output captured in files,
// under a deadline: a hanging CLI is killed and reported, never waited on forever.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace poolscope::clitest {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

inline const fs::path kExe = POOLSCOPE_EXE;
inline const fs::path kSourceDir = POOLSCOPE_SOURCE_DIR;

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "." + info->name();
    for (char& c : name)
      if (c == '/') c = '_';
    path_ =
        fs::temp_directory_path() / ("poolscope-cli-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& leaf) const { return path_ / leaf; }

 private:
  fs::path path_;
};

struct Result {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  int signal = 0;
  bool timed_out = false;
  std::string out, err;
  double seconds = 0;  // from spawn to exit
  // Lines of stderr (a trailing newline ends the last line, it does not start another).
  std::vector<std::string> err_lines() const {
    std::vector<std::string> lines;
    std::istringstream in(err);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    return lines;
  }
};

inline std::string describe(const std::vector<std::string>& args) {
  std::string s = "poolscope";
  for (const auto& a : args) s += " " + a;
  return s;
}

// Spawns poolscope with `args`; `while_running(pid)` runs once it started (to send signals).
// Where the child's stdout goes: a file in the test's directory (captured), another path
// ("/dev/full"), a closed descriptor, or a pipe whose reader has gone.
struct Stdout {
  enum Kind { captured, path, closed, broken_pipe } kind = captured;
  std::string to;
};

// Which executable runs, and what changes in its environment: by default the built poolscope with
// the test's own environment.
struct Program {
  fs::path exe = kExe;
  std::map<std::string, std::optional<std::string>> env;  // NAME -> value; nullopt: unset

  // The test's environment with `env` applied, as "NAME=value" entries.
  std::vector<std::string> environment() const {
    std::vector<std::string> out;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string entry(*e);
      if (env.count(entry.substr(0, entry.find('='))) == 0) out.push_back(entry);
    }
    for (const auto& [name, value] : env)
      if (value) out.push_back(name + "=" + *value);
    return out;
  }
};

inline Result run_cli(const std::vector<std::string>& args, const TempDir& dir,
                      std::chrono::milliseconds timeout = 20s,
                      const std::function<void(pid_t)>& while_running = {},
                      const Stdout& stdout_to = {}, const Program& program = {}) {
  Result r;
  const fs::path out_path = dir / "stdout.txt", err_path = dir / "stderr.txt";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  int pipe_fds[2] = {-1, -1};
  switch (stdout_to.kind) {
    case Stdout::captured:
      posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                       0644);
      break;
    case Stdout::path:
      posix_spawn_file_actions_addopen(&fa, 1, stdout_to.to.c_str(), O_WRONLY, 0);
      break;
    case Stdout::closed:
      posix_spawn_file_actions_addclose(&fa, 1);
      break;
    case Stdout::broken_pipe:
      if (::pipe(pipe_fds) != 0) ADD_FAILURE() << "pipe: " << std::strerror(errno);
      posix_spawn_file_actions_adddup2(&fa, pipe_fds[1], 1);
      posix_spawn_file_actions_addclose(&fa, pipe_fds[0]);
      posix_spawn_file_actions_addclose(&fa, pipe_fds[1]);
      break;
  }
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  // The child starts with default signal handling and nothing blocked, whatever ctest gave us.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> argv_s{program.exe.string()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s = program.environment();
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  const auto t0 = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &fa, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (pipe_fds[0] >= 0) {
    ::close(pipe_fds[0]);  // no reader: the child's writes to stdout fail with EPIPE
    ::close(pipe_fds[1]);
  }
  if (rc != 0) {
    ADD_FAILURE() << "cannot start " << program.exe << ": " << std::strerror(rc);
    return r;
  }
  if (while_running) while_running(pid);

  int status = 0;
  for (;;) {
    const pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (std::chrono::steady_clock::now() - t0 > timeout) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      r.timed_out = true;
      ADD_FAILURE() << describe(args) << " did not exit within " << timeout.count() << " ms";
      break;
    }
    std::this_thread::sleep_for(2ms);
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!r.timed_out && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  return r;
}

// Parses stdout as exactly one JSON object (a trailing newline allowed).
inline nlohmann::json parse_json_stdout(const Result& r) {
  try {
    nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_TRUE(j.is_object()) << r.out;
    return j;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "stdout is not one JSON object: " << e.what() << "\n" << r.out;
    return nlohmann::json::object();
  }
}

// True once `pid`'s main thread blocks SIGINT: poolscope's signal watcher is then in place.
inline bool wait_signal_watcher(pid_t pid, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
      if (line.rfind("SigBlk:", 0) != 0) continue;
      const unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
      if (mask & (1ull << (SIGINT - 1))) return true;
    }
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

}  // namespace poolscope::clitest
