// `poolscope run`: its options, and one headless run with the trace and CSV exports, the
// --max-seconds cap, signal handling and the summary.
#include "cli/run_command.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <optional>

#include "cli/confidence_report.h"
#include "cli/exports.h"
#include "cli/flight_recorder.h"
#include "cli/option_values.h"
#include "cli/report.h"
#include "cli/signal_watcher.h"
#include "cli/state_report.h"
#include "poolscope/engine.h"
#include "poolscope/printable.h"

namespace poolscope::cli {

namespace {

// Rows a CSV can hold (40 bytes each in memory), and rejection/drop/cancel marks kept for the
// trace and the CSV. A run beyond them says so and exits non-zero.
constexpr std::size_t kCsvRowsKept = 10'000'000;
constexpr std::size_t kMarksKept = 10'000'000;

// The process's CPU time so far (user + system, every thread), in seconds.
double process_cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto s = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

}  // namespace

void add_run_command(CLI::App& app, RunCommand& cmd, CLI::App*& sub) {
  sub = app.add_subcommand("run", "Run a scenario headless and print its summary");
  add_run_options(*sub, cmd.run);
  add_number(*sub, "--max-seconds", cmd.max_seconds,
             {0, 1e6, false, false, " seconds (0 = no limit)"},
             "Cancel the run after this many seconds, whatever else it says");
  sub->add_flag("--json", cmd.json, "Print exactly one JSON object");
  add_text(*sub, "--trace", cmd.trace_path, "Write a Chrome Trace Event JSON file (Perfetto)");
  add_text(*sub, "--csv", cmd.csv_path, "Write one CSV row per job");
  add_state_at_option(*sub, cmd.state_at);
  add_text(*sub, "--flight-recorder", cmd.flight_dir,
           "When a finding fires or the latency p99 crosses --flight-p99-ms, write a Chrome trace "
           "of the seconds before it into this directory (created if needed)",
           "a directory");
  add_number(*sub, "--flight-p99-ms", cmd.flight_p99_ms, {0, 1e7, false, true, " ms"},
             "Flight recorder: also trigger when the latency p99 rises above this (0 = off)");
  add_number(*sub, "--flight-seconds", cmd.flight_seconds, {0.1, 3600, false, false, " seconds"},
             "Flight recorder: how many seconds before the trigger each trace keeps");
}

int execute_run(const RunCommand& cmd, SignalWatcher& signals) {
  std::string error;
  auto spec = resolve_spec(cmd.run, error);
  if (!spec) {
    std::cerr << "poolscope run: " << error << "\n";
    return 2;
  }
  // Outputs are opened before the run: an unwritable path is refused at once, not after it.
  std::optional<OutputFile> trace, csv;
  if (!cmd.trace_path.empty() && !(trace = OutputFile::open(cmd.trace_path, error))) {
    std::cerr << "poolscope run: --trace: " << error << "\n";
    return 1;
  }
  if (!cmd.csv_path.empty() && !(csv = OutputFile::open(cmd.csv_path, error))) {
    std::cerr << "poolscope run: --csv: " << error << "\n";
    return 1;
  }

  if (cmd.flight_dir.empty() && (cmd.flight_p99_ms > 0 || cmd.flight_seconds != 5)) {
    std::cerr << "poolscope run: --flight-p99-ms and --flight-seconds need --flight-recorder DIR\n";
    return 2;
  }
  if (!cmd.flight_dir.empty()) {
    // The directory is made (and checked) before the run: a bad one is refused at once.
    std::error_code ec;
    std::filesystem::create_directories(cmd.flight_dir, ec);
    if (!ec && ::access(cmd.flight_dir.c_str(), W_OK | X_OK) != 0)
      ec = std::error_code(errno, std::generic_category());
    if (ec) {
      std::cerr << "poolscope run: --flight-recorder: cannot write into "
                << printable_quoted(cmd.flight_dir, 200) << ": " << ec.message() << "\n";
      return 1;
    }
  }

  EngineOptions options;
  if (trace) {
    // Every job in the trace: threads wait for the collector rather than overwrite their rings,
    // and the timeline keeps what the engine's global budget allows (see README, Limits).
    options.lossless_events = true;
    options.segments_per_lane = std::numeric_limits<std::size_t>::max();
    options.marks_kept = kMarksKept;
  }
  if (csv) {
    options.job_records_kept = kCsvRowsKept;
    options.marks_kept = kMarksKept;
  }
  Engine engine(*spec, options);
  // SIGINT, SIGTERM, SIGHUP, SIGQUIT: a cancel shutdown; the summary, trace and CSV of what ran
  // are still written, and the exit status is 128 + the signal.
  const auto handling = signals.handle([&engine](int) { engine.shutdown(ShutdownMode::cancel); });
  const double cpu0 = process_cpu_s();
  engine.start();

  int status = 0;
  const auto fail = [&status](const std::string& what) {
    std::cerr << "poolscope run: " << what << "\n";
    if (status == 0) status = 1;
  };
  FlightRecorder flight;
  nlohmann::ordered_json recordings = nlohmann::ordered_json::array();
  const auto watch = [&](const Snapshot& s) {
    if (cmd.flight_dir.empty()) return;
    for (const FlightTrigger& t : flight.observe(s, cmd.flight_p99_ms)) {
      const std::string path = flight_file_stem(cmd.flight_dir, t.kind) + ".json";
      const std::string err = write_flight_trace(s, t.at_s, cmd.flight_seconds, path);
      if (!err.empty()) {
        fail("--flight-recorder: " + err);
        continue;
      }
      char line[160];
      std::snprintf(line, sizeof line, "flight recorder: %s at %.2f s: the %.3g s before it in ",
                    t.kind.c_str(), t.at_s, std::min(cmd.flight_seconds, t.at_s));
      // Said at once (the run may go on for long); with --json, in the summary instead.
      if (!cmd.json) std::cout << line << path << std::endl;
      recordings.push_back({{"kind", t.kind}, {"at_s", t.at_s}, {"path", path}});
    }
  };

  const auto t0 = std::chrono::steady_clock::now();
  bool capped = false;
  while (!engine.wait_finished(std::chrono::milliseconds(20))) {
    if (const auto s = engine.snapshot()) watch(*s);
    if (!capped && cmd.max_seconds > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() >=
            cmd.max_seconds) {
      capped = true;
      engine.shutdown(ShutdownMode::cancel);
    }
  }
  // The engine's CPU time over the run (its threads, and this one waiting), next to wall_s: an
  // idle pool should cost next to nothing.
  const double cpu_s = process_cpu_s() - cpu0;
  auto snap = engine.snapshot_now();
  watch(*snap);
  std::optional<std::uint64_t> trace_lost, csv_lost;
  if (trace) {
    const auto depth = engine.depth_log();
    error = write_chrome_trace(*trace, *snap, {depth.begin(), depth.end()});
    if (!error.empty()) fail("--trace: " + error);
    trace_lost = engine.trace_lost_events();
    if (*trace_lost > 0)
      fail("--trace: the trace is incomplete: " + std::to_string(*trace_lost) +
           " records (at least as many events) were lost (see README, Limits)");
  }
  if (csv) {
    error = write_jobs_csv(*csv, engine.job_records(), snap->start_ns);
    if (!error.empty()) fail("--csv: " + error);
    csv_lost = engine.lost_job_records();
    if (*csv_lost > 0)
      fail("--csv: the CSV is incomplete: " + std::to_string(*csv_lost) +
           " jobs have no row (at most " + std::to_string(kCsvRowsKept) + " rows are kept)");
  }
  const RunConfidence confidence = measure_run(engine, *snap);
  const TheoryCheck check = check_theory(snap->spec, confidence);
  if (cmd.json) {
    auto j = summary_json(*snap);
    add_confidence_json(j, confidence, check);
    j["cpu_s"] = std::round(cpu_s * 1e4) / 1e4;
    if (trace_lost || csv_lost) j["lost_events"] = trace_lost.value_or(0) + csv_lost.value_or(0);
    if (!cmd.flight_dir.empty()) j["flight_recordings"] = recordings;
    if (!cmd.state_at.empty()) {
      error.clear();
      j["states"] = states_json(*snap, cmd.state_at, error);
      if (!error.empty()) fail(error);
    }
    std::cout << j.dump() << "\n";
  } else {
    std::cout << summary_text(*snap) << confidence_text(confidence) << theory_check_text(check)
              << states_text(*snap, cmd.state_at);
  }
  return signals.exit_status(status);
}

}  // namespace poolscope::cli
