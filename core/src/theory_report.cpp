// The theory report: what the models predict for a run, next to what it measured.
#include "poolscope/theory_report.h"

#include <algorithm>
#include <cmath>

#include "poolscope/snapshot.h"
#include "poolscope/theory.h"

namespace poolscope {

namespace {

Comparison compare(double predicted, double measured) {
  Comparison c;
  c.predicted = predicted;
  c.measured = measured;
  c.relative_difference = predicted != 0.0 ? (measured - predicted) / predicted : 0.0;
  return c;
}

void fill_little(const Snapshot& s, TheoryReport::Little& out) {
  const double wall = s.active_s();
  if (wall <= 0.0 || s.counters.consumed == 0 || s.latency_ms.count == 0) {
    out.note = "no results consumed: nothing to measure W with";
    return;
  }
  out.valid = true;
  out.lambda_per_s = double(s.counters.consumed) / wall;
  out.w_ms = s.latency_ms.mean;
  const LittleCheck c = little(s.mean_in_system, out.lambda_per_s, out.w_ms / 1e3);
  out.l = compare(c.predicted_l, c.measured_l);
  if (s.counters.cancelled + s.counters.rejected + s.counters.dropped > 0)
    out.note =
        "jobs that left without a result (cancelled, rejected, dropped) count in L only while "
        "they were in the system, and not in W";
  else if (s.phase != RunPhase::finished)
    out.note = "the run is still going: jobs in the system now have no latency yet";
}

void fill_mmc(const Snapshot& s, TheoryReport::Mmc& out) {
  const ScenarioSpec& spec = s.spec;
  if (spec.mode == PoolMode::spawn) {
    out.note =
        "spawn mode: every job gets its own thread, so no job waits for a worker "
        "(M/M/∞); M/M/c does not apply";
    return;
  }
  if (spec.io_workers > 0) {
    out.note = "two pools (CPU and I/O): M/M/c applies to each pool separately, not to the whole";
    return;
  }
  const double lambda = offered_rate(spec);
  const Applicability a =
      mmc_applicability(spec.open_loop(), spec.dist == DurationDist::exp, spec.rate.has_value());
  out.applies = a.applies;
  out.note = a.note;
  if (lambda <= 0.0) return;  // closed loop: the note says why
  const double service_s =
      s.service_ms.count > 0 ? s.service_ms.mean / 1e3 : std::max(spec.job_ms, 0.0) / 1e3;
  const int c = std::max(1, spec.workers);
  const auto r = mmc(lambda, service_s, c);
  if (!r) {
    out.note += (out.note.empty() ? "" : "; ") + std::string("no service time measured yet");
    return;
  }
  out.valid = true;
  out.lambda_per_s = lambda;
  out.service_ms = service_s * 1e3;
  out.servers = c;
  out.stable = r->stable;
  out.utilization = compare(r->utilization, s.utilization);
  if (r->stable) {
    out.p_wait = compare(r->p_wait, s.waited_share);
    out.wait_ms = compare(r->wait_s * 1e3, s.queue_wait_ms.mean);
    out.queue_len = compare(r->queue_len, s.mean_queue_depth);
  } else {
    out.note = std::string(kMmcUnstableNote) + (out.note.empty() ? "" : "; " + out.note);
  }
  if (spec.buffer < 1000 && r->stable)
    out.note += "; the job queue holds only " + std::to_string(spec.buffer) +
                " jobs, so long queues are cut short (see M/M/c/K)";
}

void fill_mmck(const Snapshot& s, TheoryReport::Mmck& out) {
  const ScenarioSpec& spec = s.spec;
  const double lambda = offered_rate(spec);
  if (spec.mode == PoolMode::spawn || spec.io_workers > 0 || lambda <= 0.0) {
    out.note = lambda <= 0.0 ? "closed loop: the producer waits for room, nothing is blocked "
                               "at random; M/M/c/K does not apply"
                             : "no single bounded queue in front of one pool";
    return;
  }
  const double service_s =
      s.service_ms.count > 0 ? s.service_ms.mean / 1e3 : std::max(spec.job_ms, 0.0) / 1e3;
  const int c = std::max(1, spec.workers);
  const int k = c + std::max(0, spec.buffer);
  if (k > 100'000) {
    // The model costs O(K) per snapshot; a queue this long never fills in a lesson anyway.
    out.note = "the job queue is so long that it behaves as unbounded: see M/M/c";
    return;
  }
  const auto r = mmck(lambda, service_s, c, k);
  if (!r) {
    out.note = "no service time measured yet";
    return;
  }
  out.valid = true;
  out.capacity_k = k;
  const double measured = s.counters.submitted > 0
                              ? double(s.counters.full_arrivals) / double(s.counters.submitted)
                              : 0.0;
  out.p_block = compare(r->p_block, measured);
  out.utilization = compare(r->utilization, s.utilization);
  switch (spec.policy) {
    case FullPolicy::reject:
    case FullPolicy::drop_oldest:
      out.note = "measured: the share of arrivals that found the queue full (one job lost each)";
      break;
    case FullPolicy::block:
      out.note =
          "with policy block a full queue delays the producer instead of losing the job, "
          "which also delays later arrivals: an approximation";
      break;
    case FullPolicy::caller_runs:
      out.note =
          "with caller-runs a full queue makes the producer run the job, which delays "
          "later arrivals: an approximation";
      break;
  }
}

void fill_goetz(const Snapshot& s, int cpus, TheoryReport::Goetz& out) {
  const ScenarioSpec& spec = s.spec;
  const double f = job_cpu_fraction(spec);
  out.valid = true;
  out.cpus = cpus;
  out.cpu_fraction = f;
  out.workers = goetz_workers_for_profile(cpus, f);
  if (f <= 0.0)
    out.note = "the jobs only wait, so the rule has no finite answer (capped at " +
               std::to_string(kGoetzMaxWorkers) +
               "): the limit is memory, the arrival rate or a downstream";
  else if (f >= 1.0)
    out.note = "CPU-bound jobs: one worker per CPU; more only queue for the CPU";
  if (spec.downstream > 0)
    out.note += std::string(out.note.empty() ? "" : "; ") + "a downstream of " +
                std::to_string(spec.downstream) + " connections caps useful workers at " +
                std::to_string(spec.downstream);
}

}  // namespace

double offered_rate(const ScenarioSpec& spec) {
  if (spec.rate) return *spec.rate;
  if (spec.burst > 0 && spec.burst_every_ms > 0) return spec.burst * 1000.0 / spec.burst_every_ms;
  return 0.0;
}

double job_cpu_fraction(const ScenarioSpec& spec) {
  const double f = spec.job_kind == JobKind::spin    ? 1.0
                   : spec.job_kind == JobKind::sleep ? 0.0
                                                     : std::clamp(spec.cpu_fraction, 0.0, 1.0);
  return f * (1.0 - std::clamp(spec.io_share, 0.0, 1.0));  // I/O-class jobs only wait
}

TheoryReport make_theory(const Snapshot& s, int cpus) {
  TheoryReport r;
  fill_little(s, r.little);
  fill_mmc(s, r.mmc);
  fill_mmck(s, r.mmck);
  fill_goetz(s, std::max(1, cpus), r.goetz);
  return r;
}

}  // namespace poolscope
