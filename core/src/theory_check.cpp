// The models against the intervals: M/M/c from the settings and from the measured inputs, and
// Allen–Cunneen with the measured variability.
#include "poolscope/theory_check.h"

#include <algorithm>

#include "poolscope/theory.h"
#include "poolscope/theory_report.h"

namespace poolscope {

namespace {

ModelPrediction predict(double lambda, double service_ms, int servers, const TheoryCheck& c) {
  ModelPrediction p;
  p.lambda_per_s = lambda;
  p.service_ms = service_ms;
  p.servers = servers;
  const auto r = mmc(lambda, service_ms / 1e3, servers);
  if (!r) {
    p.note = "no arrival rate or service time to predict from";
    return p;
  }
  p.valid = true;
  p.stable = r->stable;
  p.utilization = r->utilization;
  p.utilization_agrees = agrees(c.utilization, r->utilization);
  if (r->stable) {
    p.wait_ms = r->wait_s * 1e3;
    p.wait_agrees = agrees(c.wait_ms, p.wait_ms);
  } else {
    p.note = kMmcUnstableNote;
  }
  return p;
}

}  // namespace

TheoryCheck check_theory(const ScenarioSpec& spec, const RunConfidence& measured) {
  TheoryCheck c;
  if (spec.mode == PoolMode::spawn || spec.io_workers > 0) {
    c.reason = "no single pool behind one queue: M/M/c does not describe this run";
    return c;
  }
  if (!spec.open_loop()) {
    c.reason =
        "closed loop: the producer waits for room, so arrivals are not independent of "
        "the queue and M/M/c does not apply";
    return c;
  }
  if (!measured.valid) {
    c.reason = measured.reason;
    return c;
  }
  c.valid = true;
  c.wait_ms = measured.queue_wait_ms;
  c.utilization = measured.utilization;
  const int servers = std::max(1, spec.workers);
  c.from_settings = predict(offered_rate(spec), spec.job_ms, servers, c);
  c.from_measured = predict(measured.arrival_rate_per_s, measured.service_ms, servers, c);

  auto& ac = c.allen_cunneen;
  ac.ca2 = measured.arrival_scv;
  ac.cs2 = measured.service_scv;
  ac.note = kAllenCunneenNote;
  if (c.from_measured.valid && c.from_measured.stable) {
    ac.valid = true;
    ac.wait_ms = c.from_measured.wait_ms * (ac.ca2 + ac.cs2) / 2.0;
    ac.agrees = agrees(c.wait_ms, ac.wait_ms);
  }
  return c;
}

}  // namespace poolscope
