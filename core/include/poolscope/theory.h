// Queueing theory for worker-pool sizing: the textbook predictions a run can be compared against.
//
// - little(): Little's law, L = λ·W, as a consistency check on measured numbers.
// - mmc(): the M/M/c queue (Poisson arrivals, exponential service, c workers, unbounded queue),
//   via Erlang C.
// - mmck(): the M/M/c/K queue (at most K jobs in the system, arrivals finding it full are
//   rejected): what a bounded channel in front of c workers does.
// - goetz_workers*(): Goetz's rule of thumb for the size of a pool of blocking workers.
// - mmc_applicability(): whether a scenario meets the M/M/c assumptions, in plain language.
//
// Units: rates are per second, times are in seconds. Every function is pure (no state, no I/O,
// no allocation beyond the returned strings) and therefore thread-safe.
#pragma once

#include <optional>
#include <string>

#include "poolscope/scenario.h"

namespace poolscope {

// ---- Little's law ------------------------------------------------------------------------------

struct LittleCheck {
  double measured_l;           // measured mean number of jobs in the system
  double lambda;               // measured throughput, jobs/s
  double w_s;                  // measured mean time in the system, s
  double predicted_l;          // λ·W
  double relative_difference;  // (measured - predicted) / predicted; 0 when predicted is 0
};

// Compares a measured mean occupancy with λ·W. Little's law holds for any stable system, so a
// large relative difference points at a measurement problem (or a run that had not settled).
LittleCheck little(double measured_mean_in_system, double throughput_per_s, double mean_latency_s);

// ---- M/M/c (Erlang C) --------------------------------------------------------------------------

struct MmcResult {
  bool stable;         // ρ < 1
  double utilization;  // ρ = λ·S / c (the offered load per server; ≥ 1 when unstable)
  double p_wait;       // P(an arrival has to queue) = Erlang C; 1 when unstable
  double wait_s;       // mean time in the queue before service (Wq); +inf when unstable
  double queue_len;    // mean number of jobs waiting, not in service (Lq); +inf when unstable
  double response_s;   // mean time in the system, Wq + S; +inf when unstable
  std::string note;    // why the numbers are what they are; empty when there is nothing to say
};

// The note mmc() gives when ρ ≥ 1.
inline constexpr const char* kMmcUnstableNote =
    "unstable: arrivals exceed capacity (ρ ≥ 1): the queue grows without bound";

// M/M/c with arrival rate lambda_per_s, mean service time mean_service_s and `servers` workers.
// nullopt when lambda or the service time is not a positive finite number, or servers < 1.
// When ρ ≥ 1 the result has stable = false, p_wait = 1, infinite waits and kMmcUnstableNote.
// Numerically stable for any c (uses the Erlang B recursion, no factorials or powers).
std::optional<MmcResult> mmc(double lambda_per_s, double mean_service_s, int servers);

// ---- M/M/c/K (finite capacity) ----------------------------------------------------------------

struct MmckResult {
  double p_block;           // P(an arrival finds K jobs in the system and is rejected) = p_K
  double utilization;       // mean fraction of busy servers = λ_eff·S / c
  double queue_len;         // mean number of jobs waiting, not in service (Lq)
  double wait_s;            // mean time in the queue of an admitted job, Lq / λ_eff
  double throughput_per_s;  // admitted (and completed) jobs per second, λ_eff = λ·(1 - p_block)
};

// M/M/c/K: `servers` workers and at most capacity_k jobs in the system (capacity_k - servers
// waiting), so a bounded queue of capacity_k - servers slots in front of the pool. Stable for
// any load, including ρ ≥ 1. nullopt when lambda or the service time is not a positive finite
// number, λ·S overflows, servers < 1 or capacity_k < servers. O(capacity_k) time, O(1) memory;
// no overflow for large c and K.
std::optional<MmckResult> mmck(double lambda_per_s, double mean_service_s, int servers,
                               int capacity_k);

// ---- Goetz's sizing rule ----------------------------------------------------------------------

// The most workers the Goetz functions suggest. A job that only waits makes the rule infinite;
// long before that, a pool of platform threads is limited by memory and scheduling, not by the
// rule, so the answer is capped here.
inline constexpr int kGoetzMaxWorkers = max_workers;

// N = round(Ncpu × U × (1 + W/C)), clamped to [1, kGoetzMaxWorkers].
// cpus: CPUs available; target_utilization: desired CPU utilisation in [0, 1]; wait_time and
// compute_time: time a job spends blocked and on the CPU (any unit, only W/C matters).
// Out-of-range inputs are clamped, not rejected: cpus < 1 counts as 1, U to [0, 1] (NaN as 0),
// a negative or NaN wait as 0; compute_time ≤ 0 with wait_time > 0 means pure waiting and gives
// kGoetzMaxWorkers; with no wait either, W/C counts as 0.
int goetz_workers(int cpus, double target_utilization, double wait_time, double compute_time);

// The same rule from a job profile with U = 1: cpu_fraction = C / (W + C) in (0, 1], so
// N = round(Ncpu / cpu_fraction). cpu_fraction ≤ 0 means the job only waits and gives
// kGoetzMaxWorkers; a fraction above 1 (or NaN) counts as 1 (CPU-bound: one worker per CPU).
int goetz_workers_for_profile(int cpus, double cpu_fraction);

// ---- When does M/M/c apply? -------------------------------------------------------------------

struct Applicability {
  bool applies;      // every M/M/c assumption holds, so its numbers are predictions
  std::string note;  // plain-language reasons, "; "-separated, when it does not
};

// applies is true only when all three assumptions hold. When service or arrivals are not
// memoryless the note says M/M/c is an approximation; a closed loop (the producer waits for the
// queue) means it does not apply at all.
Applicability mmc_applicability(bool open_loop, bool exponential_service, bool poisson_arrivals);

}  // namespace poolscope
