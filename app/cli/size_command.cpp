// `poolscope size`: the fewest workers for a queue-wait target by Erlang C (or Allen–Cunneen),
// checked by real runs at that size and one fewer.
#include "cli/size_command.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stop_token>

#include "cli/option_values.h"
#include "poolscope/sizing.h"

namespace poolscope::cli {

void add_size_command(CLI::App& app, SizeCommand& cmd, CLI::App*& sub) {
  sub = app.add_subcommand("size",
                           "The fewest workers that keep P% of queue waits within T ms (Erlang C; "
                           "Allen-Cunneen when jobs are not exponential), checked by real runs");
  add_number(*sub, "--rate", cmd.rate, key_rule("rate"), "Poisson arrivals, jobs per second")
      ->required();
  add_number(*sub, "--job-ms", cmd.job_ms, key_rule("job_ms"), "Mean job duration in ms")
      ->required();
  add_text(*sub, "--dist", cmd.dist,
           "Job duration distribution: exp (default, M/M/c exact), fixed, uniform, lognormal",
           "one of exp, fixed, uniform, lognormal");
  add_number(*sub, "--spread", cmd.spread, key_rule("spread"),
             "Relative spread of uniform and lognormal durations (default 0.5)");
  add_number(*sub, "--wait-ms", cmd.wait_ms, {0, 1e9, false, false, " ms"},
             "Queue-wait target T in ms (time from submit to a worker starting the job)")
      ->required();
  add_number(*sub, "--percentile", cmd.percentile, {0, 100, false, false, " percent"},
             "Share P of jobs, in percent strictly between 0 and 100 (95 = p95), that must wait "
             "at most T")
      ->required();
  add_number(*sub, "--seconds", cmd.seconds, {0.1, 600, false, false, " seconds"},
             "Each verification run produces jobs for this long (default 3)");
  sub->add_flag("--no-verify", cmd.no_verify, "Predict only, no verification runs");
  add_number(*sub, "--seed", cmd.seed, key_rule("seed"), "Random seed of the runs");
  sub->add_flag("--json", cmd.json,
                "Print {\"workers\", \"predicted\": {...}, \"measured\": {\"<c>\": {...}, "
                "\"<c-1>\": {...}}}");
}

namespace {

double round4(double v) { return std::round(v * 1e4) / 1e4; }

nlohmann::ordered_json prediction_json(const WaitPrediction& p) {
  return {{"workers", p.workers},
          {"p_within", round4(p.p_within)},
          {"p_wait", round4(p.p_wait)},
          {"mean_wait_ms", round4(p.mean_wait_s * 1000.0)}};
}

nlohmann::ordered_json measurement_json(const WaitMeasurement& m) {
  nlohmann::ordered_json j;
  j["workers"] = m.workers;
  j["jobs"] = m.jobs;
  // With no job measured there is no fraction to report.
  j["p_within"] = m.jobs ? nlohmann::ordered_json(round4(m.p_within)) : nullptr;
  j["p_within_ci95"] = {round4(m.p_within_lo), round4(m.p_within_hi)};
  nlohmann::ordered_json waits;
  waits["mean"] = round4(m.mean_ms);
  for (const auto& [name, q] : {std::pair{"p50", m.p50_ms}, {"p95", m.p95_ms}, {"p99", m.p99_ms}}) {
    waits[name] = round4(q.value);
    waits[std::string(name) + "_ci95"] = {round4(q.lo), round4(q.hi)};
  }
  j["wait_ms"] = m.jobs ? waits : nlohmann::ordered_json(nullptr);
  j["never_started"] = m.never_started;
  if (m.lost_records) j["lost_records"] = m.lost_records;
  j["wall_s"] = round4(m.wall_s);
  return j;
}

void print_prediction(const char* label, const WaitPrediction& p, const WaitPrediction* fewer) {
  std::printf("  %-22s %4d workers: P(wait <= T) = %.4f, P(wait > 0) = %.4f, mean wait %.3f ms\n",
              label, p.workers, p.p_within, p.p_wait, p.mean_wait_s * 1000.0);
  if (fewer)
    std::printf("  %-22s %4d workers: P(wait <= T) = %.4f\n", "", fewer->workers, fewer->p_within);
}

}  // namespace

int execute_size(const SizeCommand& cmd, SignalWatcher& signals) {
  SizingQuestion q;
  q.rate_per_s = cmd.rate.value_or(0.0);
  q.job_s = cmd.job_ms.value_or(0.0) / 1000.0;
  q.spread = cmd.spread;
  q.wait_s = cmd.wait_ms.value_or(0.0) / 1000.0;
  q.target = cmd.percentile.value_or(0.0) / 100.0;
  if (cmd.dist) {
    const auto d = parse_dist(*cmd.dist);
    if (!d) {
      std::cerr << "poolscope size: --dist: \"" << *cmd.dist
                << "\" is not one of exp, fixed, uniform, lognormal\n";
      return 2;
    }
    q.dist = *d;
  }
  // The inputs' own ranges, named by their options; size_for_target() still checks everything
  // (and refuses loads no pool of at most 1024 workers can carry).
  if (!(q.job_s > 0.0)) {
    std::cerr << "poolscope size: --job-ms: must be more than 0\n";
    return 2;
  }
  if (!(q.target > 0.0 && q.target < 1.0)) {
    std::cerr << "poolscope size: --percentile: " << q.target * 100.0
              << " is not strictly between 0 and 100 (a percent: 95 means p95)\n";
    return 2;
  }
  std::string error;
  const auto answer = size_for_target(q, error);
  if (!answer) {
    std::cerr << "poolscope size: " << error << "\n";
    return 2;
  }
  const int c = answer->workers;
  const auto at_c = predict_at(q, *answer, c);
  const auto at_fewer = c > 1 ? predict_at(q, *answer, c - 1) : std::nullopt;

  std::vector<WaitMeasurement> measured;
  if (!cmd.no_verify) {
    std::stop_source stop;
    const auto handling = signals.handle([&stop](int) { stop.request_stop(); });
    for (const int w : {c, c - 1}) {
      if (w < 1 || stop.stop_requested()) continue;
      if (!cmd.json) std::fprintf(stderr, "  running %d workers for %.1f s...\n", w, cmd.seconds);
      measured.push_back(measure_waits(q, w, cmd.seconds, stop.get_token(), cmd.seed.value_or(1)));
    }
  }

  if (cmd.json) {
    nlohmann::ordered_json j;
    j["workers"] = c;
    nlohmann::ordered_json pred;
    pred["model"] = answer->model;
    if (!answer->note.empty()) pred["note"] = answer->note;
    pred["offered_load"] = round4(answer->offered_load);
    pred["service_scv"] = round4(answer->service_scv);
    pred["target"] = q.target;
    pred["wait_ms"] = q.wait_s * 1000.0;
    pred["mmc"] = prediction_json(answer->mmc);
    if (answer->allen_cunneen) pred["allen_cunneen"] = prediction_json(*answer->allen_cunneen);
    if (at_c) pred["at_workers"] = prediction_json(*at_c);
    if (at_fewer) pred["at_one_fewer"] = prediction_json(*at_fewer);
    j["predicted"] = pred;
    nlohmann::ordered_json meas = nlohmann::ordered_json::object();
    for (const WaitMeasurement& m : measured) meas[std::to_string(m.workers)] = measurement_json(m);
    j["measured"] = meas;
    std::cout << j.dump() << "\n";
    return signals.exit_status(0);
  }

  std::printf("Target: %.4g%% of jobs wait at most %.4g ms in the queue\n", q.target * 100.0,
              q.wait_s * 1000.0);
  std::printf("Offered load: %.4g x %.4g ms = %.4g busy workers (cs^2 = %.3g)\n", q.rate_per_s,
              q.job_s * 1000.0, answer->offered_load, answer->service_scv);
  std::printf("Workers: %d  (by %s)\n", c, answer->model.c_str());
  if (!answer->note.empty()) std::printf("  note: %s\n", answer->note.c_str());
  std::printf("Predicted:\n");
  if (at_c) print_prediction(answer->model.c_str(), *at_c, at_fewer ? &*at_fewer : nullptr);
  if (!answer->exponential)
    std::printf("  %-22s %4d workers (M/M/c would say)\n", "M/M/c (Erlang C)", answer->mmc.workers);
  if (!measured.empty()) {
    std::printf("Measured (%.1f s of arrivals each, first 10%% left out as warm-up):\n",
                cmd.seconds);
    std::printf("  %7s %7s  %-23s %9s %9s  %-24s %s\n", "workers", "jobs", "P(wait<=T) [95%]",
                "mean ms", "p50 ms", "p95 ms [95%]", "p99 ms [95%]");
    for (const WaitMeasurement& m : measured) {
      if (m.jobs == 0) {
        std::printf("  %7d       0  no jobs arrived after the warm-up: run longer (--seconds)\n",
                    m.workers);
        continue;
      }
      char p95[64], p99[64];
      std::snprintf(p95, sizeof p95, "%.3f [%.3f, %.3f]", m.p95_ms.value, m.p95_ms.lo, m.p95_ms.hi);
      std::snprintf(p99, sizeof p99, "%.3f [%.3f, %.3f]", m.p99_ms.value, m.p99_ms.lo, m.p99_ms.hi);
      std::printf("  %7d %7llu  %.4f [%.4f, %.4f] %9.3f %9.3f  %-24s %s%s\n", m.workers,
                  static_cast<unsigned long long>(m.jobs), m.p_within, m.p_within_lo, m.p_within_hi,
                  m.mean_ms, m.p50_ms.value, p95, p99,
                  m.never_started ? "  (some never started: counted as > T)" : "");
    }
    std::printf("  (intervals treat jobs as independent; correlated waits make them wider)\n");
  }
  return signals.exit_status(0);
}

}  // namespace poolscope::cli
