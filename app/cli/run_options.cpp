#include "cli/run_options.h"

#include "cli/option_values.h"
#include "poolscope/printable.h"

namespace poolscope::cli {

void add_run_options(CLI::App& cmd, RunOptions& o, bool with_workers) {
  // Each number's range (and the message when a value is outside it) comes from the key table.
  const auto number = [&cmd](std::string_view key, auto& out, const std::string& help) {
    add_number(cmd, key_name(key, KeyStyle::cli), out, key_rule(key), help);
  };
  // A key with named values: what the value must be is said from the key table.
  const auto choice = [&cmd](std::string_view key, auto& out, const std::string& help) {
    add_text(cmd, key_name(key, KeyStyle::cli), out, help, "one of " + choices_of(key));
  };
  add_text(cmd, "--scenario", o.scenario, "Scenario JSON file (assets/scenarios/*.json)",
           "a scenario file");
  if (with_workers) number("workers", o.workers, "Worker threads (1.." + std::to_string(max_workers) + ")");
  number("buffer", o.buffer, "Job queue capacity; 0 = unbuffered rendezvous");
  number("results_buffer", o.results_buffer, "Results queue capacity (default: --buffer)");
  number("jobs", o.jobs, "Closed loop: this many jobs, then close the queue");
  number("duration", o.duration, "Produce for this many seconds, then close the queue");
  number("job_ms", o.job_ms, "Mean job duration in milliseconds (decimals allowed)");
  choice("job_kind", o.job_kind, "sleep (I/O-bound), spin (CPU-bound) or mixed");
  number("cpu_fraction", o.cpu_fraction, "Mixed jobs: share of the time computing, 0..1");
  choice("dist", o.dist, "Duration distribution: fixed, uniform, exp or lognormal");
  number("spread", o.spread, "Relative spread of uniform and lognormal durations");
  number("rate", o.rate, "Open loop: Poisson arrivals at this many jobs per second");
  number("burst", o.burst, "Bursts: this many jobs ...");
  number("burst_every_ms", o.burst_every_ms, "... every this many milliseconds");
  choice("policy", o.policy, "Full-queue policy: block, reject, caller-runs, drop-oldest");
  number("consumer_ms", o.consumer_ms, "Per-result delay of the consumer (slow consumer)");
  number("fail", o.fail, "Probability that a job fails, 0..1");
  number("timeout_ms", o.timeout_ms, "Per-job timeout in milliseconds (0 = none)");
  number("downstream", o.downstream, "Downstream connections jobs hold (0 = unlimited)");
  number("seed", o.seed, "Random seed (runs with the same seed draw the same jobs)");
  choice("mode", o.mode, "pool (workers share a queue) or spawn (one thread per job)");
  choice("mistake", o.mistake,
         "Demonstrate a mistake: none, forget_close, wait_before_drain, close_results_early");
  number("autoscale_min", o.autoscale_min, "Dynamic pool: at least this many workers");
  number("autoscale_max", o.autoscale_max, "Dynamic pool: at most this many workers");
  number("priority_share", o.priority_share,
         "Share of jobs in the high-priority class, served first (0..1)");
  number("io_share", o.io_share, "Share of jobs that are I/O-bound sleeps (0..1)");
  number("io_workers", o.io_workers,
         "A separate pool of this many workers for the I/O jobs (0 = one shared pool)");
}

namespace {

template <class T>
void set_if(const std::optional<T>& v, T& field) {
  if (v) field = *v;
}
template <class T, class U>
void set_opt_if(const std::optional<T>& v, std::optional<U>& field) {
  if (v) field = *v;
}

}  // namespace

std::optional<ScenarioSpec> resolve_spec(const RunOptions& o, std::string& error) {
  ScenarioSpec s;
  if (!o.scenario.empty()) {
    auto loaded = load_scenario(o.scenario, error);
    if (!loaded) return std::nullopt;
    s = *loaded;
  }
  set_if(o.workers, s.workers);
  set_if(o.buffer, s.buffer);
  set_opt_if(o.results_buffer, s.results_buffer);
  set_opt_if(o.jobs, s.jobs);
  set_opt_if(o.duration, s.duration_s);
  // A count or a duration on the command line replaces the file's stopping rule.
  if (o.jobs && !o.duration) s.duration_s.reset();
  if (o.duration && !o.jobs) s.jobs.reset();
  set_if(o.job_ms, s.job_ms);
  set_if(o.cpu_fraction, s.cpu_fraction);
  set_if(o.spread, s.spread);
  set_opt_if(o.rate, s.rate);
  set_if(o.burst, s.burst);
  set_if(o.burst_every_ms, s.burst_every_ms);
  set_if(o.consumer_ms, s.consumer_ms);
  set_if(o.fail, s.fail);
  set_if(o.timeout_ms, s.timeout_ms);
  set_if(o.downstream, s.downstream);
  set_if(o.seed, s.seed);
  set_if(o.autoscale_min, s.autoscale_min);
  set_if(o.autoscale_max, s.autoscale_max);
  set_if(o.priority_share, s.priority_share);
  set_if(o.io_share, s.io_share);
  set_if(o.io_workers, s.io_workers);
  // Keys with named values: the names and the message come from the key table.
  const std::pair<std::string_view, const std::optional<std::string>*> named[] = {
      {"mode", &o.mode},      {"mistake", &o.mistake}, {"job_kind", &o.job_kind},
      {"dist", &o.dist},      {"policy", &o.policy},
  };
  for (const auto& [key, text] : named) {
    if (!*text) continue;
    error = set_choice(s, key, **text, KeyStyle::cli);
    if (!error.empty()) return std::nullopt;
  }
  // Rate and bursts replace each other when one comes from the command line.
  if (o.rate && !o.burst) s.burst = 0;
  if (o.burst && !o.rate) s.rate.reset();
  error = validate(s, KeyStyle::cli);
  if (!error.empty()) return std::nullopt;
  return s;
}

}  // namespace poolscope::cli
