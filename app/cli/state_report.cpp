// `run --state-at T`: the option, and the run's rewound state at each instant as JSON (the
// machine-readable state names) or as readable lines.
#include "cli/state_report.h"

#include <cmath>
#include <sstream>

#include "poolscope/rewind.h"

namespace poolscope::cli {

namespace {

nlohmann::ordered_json job_or_null(std::uint64_t job) {
  return job != 0 ? nlohmann::ordered_json(job) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json state_json(const RewoundState& r, double t_s) {
  nlohmann::ordered_json j;
  j["t"] = t_s;
  j["producer"] = {{"state", to_id(r.producer)},
                   {"holding", job_or_null(r.holding)},
                   {"line", line_role(r.producer)}};
  nlohmann::ordered_json workers = nlohmann::ordered_json::array();
  for (const RewoundWorker& w : r.workers)
    workers.push_back({{"name", worker_slot_name(w.slot)},
                       {"state", to_id(w.state)},
                       {"job", job_or_null(w.job)},
                       {"line", line_role(w.state)}});
  j["workers"] = std::move(workers);
  j["queue"] = {
      {"depth", r.queue_jobs.size()}, {"capacity", r.queue_capacity}, {"jobs", r.queue_jobs}};
  j["results"] = {{"depth", r.results_depth}, {"capacity", r.results_capacity}};
  j["consumer"] = {{"state", to_id(r.consumer)}, {"line", line_role(r.consumer)}};
  const Counters& c = r.counters;
  j["accounting"] = {
      {"submitted", c.submitted}, {"completed", c.completed}, {"failed", c.failed},
      {"timed_out", c.timed_out}, {"rejected", c.rejected},   {"dropped", c.dropped},
      {"cancelled", c.cancelled}, {"queued", c.queued},       {"in_progress", c.in_progress},
      {"held", c.held},           {"consumed", c.consumed}};
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const Finding& f : r.findings) findings.push_back({{"kind", f.kind}, {"at_s", f.at_s}});
  j["findings"] = std::move(findings);
  return j;
}

}  // namespace

void add_state_at_option(CLI::App& cmd, std::vector<double>& times_s) {
  cmd.add_option("--state-at", times_s,
                 "Also rebuild the whole picture at this many seconds into the run (repeatable; "
                 "with --json: the \"states\" array)")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            double t = 0;
            if (!CLI::detail::lexical_cast(v, t) || !std::isfinite(t) || t < 0)
              return "'" + v + "' is not a time: seconds since the run started, >= 0";
            return {};
          },
          "SECONDS"))
      ->take_all()
      ->allow_extra_args(false);
}

nlohmann::ordered_json states_json(const Snapshot& final_snap, const std::vector<double>& times_s,
                                   std::string& error) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  if (!final_snap.timeline) {
    error = "--state-at: the run kept no timeline";
    return out;
  }
  const Rewind rw(final_snap);
  for (double t : times_s) {
    const RewoundState r = rw.at_s(t);
    if (!r.in_window && error.empty())
      error = "--state-at " + std::to_string(t) + ": before the recorded window (it starts at " +
              std::to_string(double(rw.window_start_ns() - rw.start_ns()) / 1e9) + " s)";
    out.push_back(state_json(r, t));
  }
  return out;
}

std::string states_text(const Snapshot& final_snap, const std::vector<double>& times_s) {
  std::ostringstream o;
  if (!final_snap.timeline) return o.str();
  const Rewind rw(final_snap);
  for (double t : times_s) {
    const RewoundState r = rw.at_s(t);
    o << "at " << t << " s: producer " << to_id(r.producer);
    if (r.holding) o << " holding job " << r.holding;
    o << "; queue " << r.queue_jobs.size() << "/" << r.queue_capacity << "; results "
      << r.results_depth << "/" << r.results_capacity << "; consumer " << to_id(r.consumer) << "\n";
    for (const RewoundWorker& w : r.workers) {
      o << "  " << worker_slot_name(w.slot) << ": " << to_id(w.state);
      if (w.job) o << " job " << w.job;
      o << "\n";
    }
    const Counters& c = r.counters;
    o << "  submitted " << c.submitted << ", completed " << c.completed << ", failed " << c.failed
      << ", rejected " << c.rejected << ", dropped " << c.dropped << ", cancelled " << c.cancelled
      << ", queued " << c.queued << ", in progress " << c.in_progress << ", held " << c.held
      << "\n";
  }
  return o.str();
}

}  // namespace poolscope::cli
