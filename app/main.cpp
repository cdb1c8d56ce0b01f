// poolscope: a live, instrumented worker-pool laboratory.
//   poolscope                  the GUI with the seed lesson running
//   poolscope run ...          a headless run with a summary (text or JSON), trace and CSV
//   poolscope bench ...        engine throughput
//   poolscope sweep ...        throughput and latency against worker counts
//   poolscope size ...         the fewest workers for a queue-wait target, verified by runs
//   poolscope shot ...         the UI rendered offscreen to PNG
//   poolscope bench-ui ...     UI frame times
//   poolscope code ...         the Go program a scenario describes
//   poolscope --version        the version (CMake's project version)
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <new>

#include "cli/bench_command.h"
#include "cli/code_command.h"
#include "cli/compare_command.h"
#include "cli/data_dir.h"
#include "cli/gui_commands.h"
#include "cli/option_values.h"
#include "cli/run_command.h"
#include "cli/signal_watcher.h"
#include "cli/size_command.h"
#include "cli/stdout_check.h"
#include "cli/sweep_command.h"
#include "poolscope/printable.h"

namespace {

// The data directory, when the command shows the presets (the window, shot), names one
// ("--scenario seed") or was given one: found once; a named preset becomes its file's path.
// Non-zero (after one line on stderr) when it is needed and missing.
int locate_data(const std::string& option, bool shows_presets, poolscope::cli::RunOptions* options,
                std::filesystem::path& data_dir) {
  const bool names_preset = options != nullptr && poolscope::cli::is_preset_name(options->scenario);
  if (option.empty() && !shows_presets && !names_preset) return 0;
  std::string error;
  auto found = poolscope::cli::find_data_dir(poolscope::cli::data_dir_sources(option), error);
  if (!found) {
    std::cerr << "poolscope: " << error << "\n";
    return 2;
  }
  data_dir = *found;
  if (!names_preset) return 0;
  auto preset = poolscope::cli::preset_path(data_dir, options->scenario, error);
  if (!preset) {
    std::cerr << "poolscope: " << error << "\n";
    return 2;
  }
  options->scenario = *preset;
  return 0;
}

// CLI11 reports errors in several lines and with its own exit codes; the contract is one line
// naming the option and exit status 2.
// The message may echo arguments: control characters are escaped, so it stays one line.
int usage_error(const CLI::App& app, const CLI::ParseError& e) {
  std::cerr << "poolscope: " << poolscope::printable(e.what(), 300) << " (see '" << app.get_name()
            << " --help')\n";
  return 2;
}

int run_main(int argc, char** argv) {
  // A reader that goes away (`poolscope run | head`) makes writes fail with EPIPE, which
  // finish_stdout() turns into a quiet non-zero exit, instead of killing the process before it
  // has written its files.
  std::signal(SIGPIPE, SIG_IGN);
  // Output to a file or pipe is written once, by finish_stdout(), so that its error (and errno)
  // is seen there and not lost in an earlier implicit flush.
  static char stdout_buffer[1 << 20];
  if (!::isatty(STDOUT_FILENO)) std::setvbuf(stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);
  poolscope::cli::SignalWatcher signals;

  CLI::App app{"poolscope: a live, instrumented worker-pool laboratory", "poolscope"};
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", std::string("poolscope ") + POOLSCOPE_VERSION,
                       "Print the version and exit");
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
  poolscope::cli::SizeCommand size;
  CLI::App* size_cmd = nullptr;
  poolscope::cli::add_size_command(app, size, size_cmd);
  poolscope::cli::CompareCommand compare;
  CLI::App* compare_cmd = nullptr;
  poolscope::cli::add_compare_command(app, compare, compare_cmd);
  // Accepted before the subcommand and after it alike.
  std::string data_dir_option;
  for (CLI::App* cmd : {&app, run_cmd, bench_cmd, sweep_cmd, shot_cmd, bench_ui_cmd, code_cmd,
                        size_cmd, compare_cmd})
    poolscope::cli::add_text(
        *cmd, "--data-dir", data_dir_option,
        "Directory holding scenarios/ (the lesson presets); default: "
        "$POOLSCOPE_DATA_DIR, else the build tree's assets/ or <prefix>/share/poolscope",
        "a directory");
  // Set after the subcommands exist: they would inherit it.
  app.footer(
      "With no subcommand, opens the window with the seed lesson (the options above apply to "
      "it).\n--scenario takes a file or a preset's name (seed, 04-backpressure) from the data "
      "directory:\n--data-dir DIR, else $POOLSCOPE_DATA_DIR, else the build tree's assets/, "
      "else <prefix>/share/poolscope.\n'poolscope SUBCOMMAND --help' lists a subcommand's "
      "options.\n");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return poolscope::cli::finish_stdout(app.exit(e));
  } catch (const CLI::CallForAllHelp& e) {
    return poolscope::cli::finish_stdout(app.exit(e));
  } catch (const CLI::CallForVersion& e) {
    return poolscope::cli::finish_stdout(app.exit(e));
  } catch (const CLI::ParseError& e) {
    return usage_error(app, e);
  }

  const bool window = !run_cmd->parsed() && !bench_cmd->parsed() && !sweep_cmd->parsed() &&
                      !shot_cmd->parsed() && !bench_ui_cmd->parsed() && !code_cmd->parsed() &&
                      !size_cmd->parsed() && !compare_cmd->parsed();
  poolscope::cli::RunOptions* options = window                ? &window_run
                                        : run_cmd->parsed()   ? &run.run
                                        : sweep_cmd->parsed() ? &sweep.run
                                        : shot_cmd->parsed()  ? &shot.run
                                        : code_cmd->parsed()  ? &code.run
                                                              : nullptr;
  std::filesystem::path data_dir;
  if (const int rc = locate_data(data_dir_option, window || shot_cmd->parsed(), options, data_dir))
    return rc;
  shot.request.assets_dir = data_dir.string();

  int status = 0;
  if (run_cmd->parsed())
    status = poolscope::cli::execute_run(run, signals);
  else if (bench_cmd->parsed())
    status = poolscope::cli::execute_bench(bench, signals);
  else if (sweep_cmd->parsed())
    status = poolscope::cli::execute_sweep(sweep, signals);
  else if (shot_cmd->parsed())
    status = poolscope::cli::execute_shot(shot);
  else if (bench_ui_cmd->parsed())
    status = poolscope::cli::execute_bench_ui(bench_ui);
  else if (code_cmd->parsed())
    status = poolscope::cli::execute_code(code);
  else if (size_cmd->parsed())
    status = poolscope::cli::execute_size(size, signals);
  else if (compare_cmd->parsed())
    status = poolscope::cli::execute_compare(compare, signals);
  else
    status = poolscope::cli::execute_window(window_run, data_dir.string(), signals);
  return poolscope::cli::finish_stdout(status);
}

}  // namespace

// Whatever escapes a command (std::bad_alloc under a memory limit, say) ends as one line and a
// non-zero exit, never as std::terminate's abort.
int main(int argc, char** argv) {
  try {
    return run_main(argc, argv);
  } catch (const std::bad_alloc&) {
    std::fputs("poolscope: out of memory\n", stderr);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "poolscope: internal error: %s\n",
                 poolscope::printable(e.what(), 300).c_str());
  } catch (...) {
    std::fputs("poolscope: internal error\n", stderr);
  }
  return 1;
}
