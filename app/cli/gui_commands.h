// The GUI's subcommands (`shot`, `bench-ui`) and the window, when the GUI is built.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "cli/run_options.h"
#include "cli/signal_watcher.h"

namespace poolscope::cli {

struct ShotCommand {
  RunOptions run;
  double at_s = -1.0;  // < 0: not given; the scenario's show_at
  std::string out_path;
  std::string size = "1600x1000";
  bool presentation = false;
  bool help = false;
  std::string tab = "controls";
};

struct BenchUiCommand {
  int workers = 64;
  std::int64_t events = 1'000'000;
  int frames = 200;
  bool json = false;
  std::string size = "1600x1000";
};

void add_shot_command(CLI::App& app, ShotCommand& cmd, CLI::App*& sub);
void add_bench_ui_command(CLI::App& app, BenchUiCommand& cmd, CLI::App*& sub);
int execute_shot(const ShotCommand& cmd);
int execute_bench_ui(const BenchUiCommand& cmd);
// The window with `run`'s scenario (the seed lesson by default).
int execute_window(const RunOptions& run, const std::string& assets_dir, SignalWatcher& signals);

}  // namespace poolscope::cli
