// The GUI's subcommands (`shot`, `bench-ui`) and the window, when the GUI is built.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/run_options.h"
#include "cli/signal_watcher.h"
// Plain data on core types (no GUI library needed): the requests the GUI's entry points take.
#include "gui/host/gui_main.h"

namespace poolscope::cli {

// The window's default size (gui::kDefaultWidth x kDefaultHeight) as --size writes it: "WxH".
std::string default_size();

// The CLI fills the GUI's own requests; it keeps beside them only what it resolves them from.
struct ShotCommand {
  RunOptions run;                     // resolved into request.spec
  std::string size = default_size();  // parsed into request.width and request.height
  std::string sweep;                  // --sweep: parsed into request.sweep
  std::string window;                 // --window START..END: parsed into request.window_*
  bool slide_no_depth = false;        // --slide-no-depth: request.slide_depth off
  gui::ShotRequest request;
};

struct BenchUiCommand {
  std::string size = default_size();  // parsed into request.width and request.height
  gui::BenchUiRequest request;
};

void add_shot_command(CLI::App& app, ShotCommand& cmd, CLI::App*& sub);
void add_bench_ui_command(CLI::App& app, BenchUiCommand& cmd, CLI::App*& sub);
int execute_shot(const ShotCommand& cmd);
int execute_bench_ui(const BenchUiCommand& cmd);
// The window with `run`'s scenario (the seed lesson by default).
int execute_window(const RunOptions& run, const std::string& assets_dir, SignalWatcher& signals);

}  // namespace poolscope::cli
