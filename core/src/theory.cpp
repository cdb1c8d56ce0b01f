// Queueing theory: M/M/c (Erlang C), Little's law and Goetz's sizing rule.
#include "poolscope/theory.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace poolscope {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Rates and times must be real positive numbers; `!(x > 0)` also rejects NaN.
bool positive_finite(double x) { return x > 0.0 && std::isfinite(x); }

// Rounds a worker count and keeps it in [1, kGoetzMaxWorkers]; clamping before the cast keeps
// the conversion to int defined for huge (or infinite) counts.
int clamp_workers(double n) {
  const double r = std::round(n);
  if (!(r >= 1.0)) return 1;
  if (r >= static_cast<double>(kGoetzMaxWorkers)) return kGoetzMaxWorkers;
  return static_cast<int>(r);
}

}  // namespace

LittleCheck little(double measured_mean_in_system, double throughput_per_s, double mean_latency_s) {
  LittleCheck c{};
  c.measured_l = measured_mean_in_system;
  c.lambda = throughput_per_s;
  c.w_s = mean_latency_s;
  c.predicted_l = throughput_per_s * mean_latency_s;
  // An idle run predicts nothing, so there is nothing to be wrong about.
  c.relative_difference =
      c.predicted_l == 0.0 ? 0.0 : (measured_mean_in_system - c.predicted_l) / c.predicted_l;
  return c;
}

std::optional<MmcResult> mmc(double lambda_per_s, double mean_service_s, int servers) {
  if (!positive_finite(lambda_per_s) || !positive_finite(mean_service_s) || servers < 1) {
    return std::nullopt;
  }
  const double c = static_cast<double>(servers);
  const double a = lambda_per_s * mean_service_s;  // offered load in Erlangs
  const double rho = a / c;

  MmcResult r{};
  r.utilization = rho;
  if (!(rho < 1.0)) {
    r.stable = false;
    r.p_wait = 1.0;
    r.wait_s = kInf;
    r.queue_len = kInf;
    r.response_s = kInf;
    r.note = kMmcUnstableNote;
    return r;
  }

  // Erlang B by its recursion: every step stays in [0, 1], unlike a^c / c! which overflows
  // near c = 170.
  double b = 1.0;
  for (int k = 1; k <= servers && b > 0.0; ++k) {
    b = a * b / (static_cast<double>(k) + a * b);  // once it underflows to 0 it stays 0
  }
  // Erlang C from Erlang B; the denominator is > c - a > 0 because ρ < 1.
  const double erlang_c = c * b / (c - a * (1.0 - b));

  r.stable = true;
  r.p_wait = erlang_c;
  // Wq = C / (cμ - λ) = C·S / (c - a).
  r.wait_s = erlang_c * mean_service_s / (c - a);
  r.queue_len = lambda_per_s * r.wait_s;  // Little's law on the queue alone
  r.response_s = r.wait_s + mean_service_s;
  return r;
}

std::optional<MmckResult> mmck(double lambda_per_s, double mean_service_s, int servers,
                               int capacity_k) {
  if (!positive_finite(lambda_per_s) || !positive_finite(mean_service_s) || servers < 1 ||
      capacity_k < servers) {
    return std::nullopt;
  }
  const double a = lambda_per_s * mean_service_s;
  if (!std::isfinite(a)) return std::nullopt;
  const double c = static_cast<double>(servers);
  const double rho = a / c;

  // Birth-death chain: p_n / p_{n-1} = a / n while n ≤ c, then ρ. Walk n = 0..K with w the
  // weight of state n relative to the largest weight so far (so w ≤ 1 before each step and the
  // sums stay below K + 1 times their factors): no overflow for any c or K, and only one
  // rounding per step, so the relative error grows like n·ε rather than with log magnitudes.
  double w = 1.0;        // weight of the current state n
  double sum = 0.0;      // Σ w_n
  double busy = 0.0;     // Σ min(n, c)·w_n
  double waiting = 0.0;  // Σ max(n - c, 0)·w_n
  double w_k = 0.0;      // weight of state K; stays 0 if it underflowed
  const std::int64_t k_max = capacity_k;
  const std::int64_t c_int = servers;
  for (std::int64_t n = 0;; ++n) {
    sum += w;
    busy += static_cast<double>(std::min(n, c_int)) * w;
    if (n > c_int) waiting += static_cast<double>(n - c_int) * w;
    if (n == k_max) {
      w_k = w;
      break;
    }
    const double ratio = n + 1 <= c_int ? a / static_cast<double>(n + 1) : rho;
    w *= ratio;
    if (w > 1.0) {
      // New maximum: renormalise so it is 1 again.
      sum /= w;
      busy /= w;
      waiting /= w;
      w = 1.0;
    } else if (w == 0.0) {
      // Underflow: every later state is exactly 0 too, so stopping changes nothing (and makes
      // huge K with ρ < 1 cheap). p_K is then 0 as well.
      break;
    }
  }

  MmckResult r{};
  r.p_block = w_k / sum;
  // Flow balance: λ(1 - p_K) = (mean busy servers) / S. The busy form avoids the cancellation
  // in 1 - p_K when nearly every arrival is blocked.
  const double mean_busy = busy / sum;
  r.throughput_per_s = mean_busy / mean_service_s;
  r.utilization = mean_busy / c;
  r.queue_len = waiting / sum;
  // Little's law on the queue with the admitted arrival rate; no queue means no wait.
  r.wait_s = r.queue_len > 0.0 ? r.queue_len / r.throughput_per_s : 0.0;
  return r;
}

int goetz_workers(int cpus, double target_utilization, double wait_time, double compute_time) {
  const double n_cpu = static_cast<double>(std::max(cpus, 1));
  // Zero (or NaN) target utilisation: the smallest pool, whatever the jobs do.
  if (!(target_utilization > 0.0)) return 1;
  const double u = std::min(target_utilization, 1.0);
  const double w = wait_time > 0.0 ? wait_time : 0.0;
  double ratio = 0.0;  // W / C
  if (compute_time > 0.0) {
    ratio = w / compute_time;
  } else if (w > 0.0) {
    return kGoetzMaxWorkers;  // pure waiting: the rule has no finite answer
  }
  return clamp_workers(n_cpu * u * (1.0 + ratio));
}

int goetz_workers_for_profile(int cpus, double cpu_fraction) {
  // cpu_fraction = C / (W + C), so 1 + W/C = 1 / cpu_fraction.
  // 0 (or less) is a job that only waits: the rule is infinite, so answer with the cap.
  if (cpu_fraction <= 0.0) return kGoetzMaxWorkers;
  // Above 1 or NaN is not a valid fraction; treat it as CPU-bound, the conservative choice.
  const double f = cpu_fraction <= 1.0 ? cpu_fraction : 1.0;
  return clamp_workers(static_cast<double>(std::max(cpus, 1)) / f);
}

Applicability mmc_applicability(bool open_loop, bool exponential_service, bool poisson_arrivals) {
  Applicability a{};
  a.applies = open_loop && exponential_service && poisson_arrivals;
  if (a.applies) {
    a.note = "open loop, Poisson arrivals, exponential service: M/M/c applies";
    return a;
  }
  auto add = [&a](const char* reason) {
    if (!a.note.empty()) a.note += "; ";
    a.note += reason;
  };
  if (!open_loop) {
    // A closed loop already explains non-Poisson arrivals, so that is not repeated.
    add("closed loop: the producer waits for the queue, so arrivals are not Poisson; "
        "M/M/c does not apply");
  } else if (!poisson_arrivals) {
    add("arrivals are not Poisson: M/M/c is an approximation (G/M/c); bursty arrivals wait "
        "longer than it predicts");
  }
  if (!exponential_service) {
    add("service times are not exponential: M/M/c is an approximation (M/G/c)");
  }
  return a;
}

}  // namespace poolscope
