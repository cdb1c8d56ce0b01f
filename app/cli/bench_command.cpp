// `poolscope bench`: its options, and the run of N empty spin jobs through the engine that it
// times (jobs per second as text or JSON; a signal cancels and still reports).
#include "cli/bench_command.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/option_values.h"
#include "poolscope/engine.h"

namespace poolscope::cli {

void add_bench_command(CLI::App& app, BenchCommand& cmd, CLI::App*& sub) {
  sub = app.add_subcommand("bench", "Push N empty jobs through the engine; print jobs/s");
  add_number(*sub, "--jobs", cmd.jobs, {1, 1e9, true, false, {}}, "Jobs to push through");
  add_number(*sub, "--workers", cmd.workers, key_rule("workers"), "Worker threads");
  add_number(*sub, "--buffer", cmd.buffer, key_rule("buffer"),
             "Queue capacities (jobs and results); 0 = unbuffered");
  sub->add_flag("--no-trace", cmd.no_trace, "Do not record events (counters and histograms only)");
  sub->add_flag("--timeline", cmd.timeline,
                "Also turn events into the timeline window while running (the GUI's work)");
  sub->add_flag("--json", cmd.json, "Print {\"jobs_per_s\": ...}");
}

int execute_bench(const BenchCommand& cmd, SignalWatcher& signals) {
  ScenarioSpec spec;
  spec.title = "bench";
  spec.workers = cmd.workers;
  spec.buffer = cmd.buffer;
  spec.jobs = cmd.jobs;
  spec.job_ms = 0;
  spec.job_kind = JobKind::spin;
  EngineOptions options;
  options.record_events = !cmd.no_trace;
  options.keep_timeline = cmd.timeline;
  options.snapshot_hz = 5;
  Engine engine(spec, options);
  // A signal cancels the run; what completed until then is reported, with exit 128 + signal.
  const auto handling = signals.handle([&engine](int) { engine.shutdown(ShutdownMode::cancel); });
  engine.start();
  while (!engine.wait_finished(std::chrono::milliseconds(50))) {
  }
  auto snap = engine.snapshot_now();
  if (snap->counters.completed != std::uint64_t(cmd.jobs) && !signals.received()) {
    std::cerr << "poolscope bench: only " << snap->counters.completed << " of " << cmd.jobs
              << " jobs completed\n";
    return 1;
  }
  const double jobs_per_s = double(snap->counters.completed) / std::max(1e-9, snap->elapsed_s);
  if (cmd.json) {
    nlohmann::ordered_json j;
    j["jobs_per_s"] = std::round(jobs_per_s);
    j["jobs"] = cmd.jobs;
    j["workers"] = cmd.workers;
    j["buffer"] = cmd.buffer;
    j["events_recorded"] = !cmd.no_trace;
    j["wall_s"] = snap->elapsed_s;
    std::cout << j.dump() << "\n";
  } else {
    std::printf("jobs_per_s %.0f (%lld jobs, %d workers, buffer %d, events %s)\n", jobs_per_s,
                static_cast<long long>(cmd.jobs), cmd.workers, cmd.buffer,
                cmd.no_trace ? "off" : "recorded");
  }
  return signals.exit_status(0);
}

}  // namespace poolscope::cli
