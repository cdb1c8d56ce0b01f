#include "cli/bench_command.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "poolscope/engine.h"

namespace poolscope::cli {

void add_bench_command(CLI::App& app, BenchCommand& cmd, CLI::App*& sub) {
  sub = app.add_subcommand("bench", "Push N empty jobs through the engine; print jobs/s");
  sub->add_option("--jobs", cmd.jobs, "Jobs to push through")->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000'000}));
  sub->add_option("--workers", cmd.workers, "Worker threads")->check(CLI::Range(1, 1024));
  sub->add_option("--buffer", cmd.buffer, "Queue capacities (jobs and results); 0 = unbuffered")
      ->check(CLI::Range(0, 1'000'000));
  sub->add_flag("--no-trace", cmd.no_trace, "Do not record events (counters and histograms only)");
  sub->add_flag("--timeline", cmd.timeline,
                "Also turn events into the timeline window while running (the GUI's work)");
  sub->add_flag("--json", cmd.json, "Print {\"jobs_per_s\": ...}");
}

int execute_bench(const BenchCommand& cmd) {
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
  engine.start();
  while (!engine.wait_finished(std::chrono::milliseconds(50))) {
  }
  auto snap = engine.snapshot_now();
  if (snap->counters.completed != std::uint64_t(cmd.jobs)) {
    std::cerr << "poolscope bench: only " << snap->counters.completed << " of " << cmd.jobs
              << " jobs completed\n";
    return 1;
  }
  const double jobs_per_s = double(cmd.jobs) / snap->elapsed_s;
  if (cmd.json) {
    nlohmann::ordered_json j;
    j["jobs_per_s"] = std::round(jobs_per_s);
    j["jobs"] = cmd.jobs;
    j["workers"] = cmd.workers;
    j["buffer"] = cmd.buffer;
    j["events_recorded"] = !cmd.no_trace;
    j["wall_s"] = snap->elapsed_s;
    std::cout << j.dump() << std::endl;
  } else {
    std::printf("jobs_per_s %.0f (%lld jobs, %d workers, buffer %d, events %s)\n", jobs_per_s,
                static_cast<long long>(cmd.jobs), cmd.workers, cmd.buffer,
                cmd.no_trace ? "off" : "recorded");
  }
  return 0;
}

}  // namespace poolscope::cli
