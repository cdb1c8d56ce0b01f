// poolscope: a live, instrumented worker-pool laboratory.
//   poolscope                  the GUI with the seed lesson running
//   poolscope run ...          a headless run with a summary (text or JSON), trace and CSV
//   poolscope bench ...        engine throughput
//   poolscope sweep ...        throughput and latency against worker counts
//   poolscope shot ...         the UI rendered offscreen to PNG
//   poolscope bench-ui ...     UI frame times
//   poolscope code ...         the Go program a scenario describes
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/bench_command.h"
#include "cli/code_command.h"
#include "cli/gui_commands.h"
#include "cli/run_command.h"
#include "cli/sweep_command.h"

namespace {

// Assets next to the executable's source tree when run from a build, or under share/ when
// installed; POOLSCOPE_ASSETS overrides both.
std::string assets_dir() {
  if (const char* env = std::getenv("POOLSCOPE_ASSETS")) return env;
  if (std::filesystem::exists("assets/scenarios")) return "assets";
  return POOLSCOPE_ASSETS_DIR;
}

// CLI11 reports errors in several lines and with its own exit codes; the contract is one line
// naming the option and exit status 2.
int usage_error(const CLI::App& app, const CLI::ParseError& e) {
  std::string msg = e.what();
  if (const auto nl = msg.find('\n'); nl != std::string::npos) msg = msg.substr(0, nl);
  std::cerr << "poolscope: " << msg << " (see '" << app.get_name() << " --help')\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"poolscope: a live, instrumented worker-pool laboratory", "poolscope"};
  app.require_subcommand(0, 1);
  poolscope::cli::RunOptions window_run;
  poolscope::cli::add_run_options(app, window_run);

  poolscope::cli::RunCommand run;
  poolscope::cli::BenchCommand bench;
  poolscope::cli::SweepCommand sweep;
  poolscope::cli::ShotCommand shot;
  poolscope::cli::BenchUiCommand bench_ui;
  CLI::App *run_cmd = nullptr, *bench_cmd = nullptr, *sweep_cmd = nullptr, *shot_cmd = nullptr,
           *bench_ui_cmd = nullptr;
  poolscope::cli::add_run_command(app, run, run_cmd);
  poolscope::cli::add_bench_command(app, bench, bench_cmd);
  poolscope::cli::add_sweep_command(app, sweep, sweep_cmd);
  poolscope::cli::add_shot_command(app, shot, shot_cmd);
  poolscope::cli::add_bench_ui_command(app, bench_ui, bench_ui_cmd);
  poolscope::cli::CodeCommand code;
  CLI::App* code_cmd = nullptr;
  poolscope::cli::add_code_command(app, code, code_cmd);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage_error(app, e);
  }

  if (run_cmd->parsed()) return poolscope::cli::execute_run(run);
  if (bench_cmd->parsed()) return poolscope::cli::execute_bench(bench);
  if (sweep_cmd->parsed()) return poolscope::cli::execute_sweep(sweep);
  if (shot_cmd->parsed()) return poolscope::cli::execute_shot(shot);
  if (bench_ui_cmd->parsed()) return poolscope::cli::execute_bench_ui(bench_ui);
  if (code_cmd->parsed()) return poolscope::cli::execute_code(code);
  return poolscope::cli::execute_window(window_run, assets_dir());
}
