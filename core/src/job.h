// Jobs: simulated work that really runs on the worker threads. A job's duration and whether it
// fails are drawn by the producer from the scenario's seeded RNG, so a run is reproducible
// whatever the scheduling; the worker only executes it.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <random>
#include <stdexcept>
#include <stop_token>

#include "clock.h"
#include "poolscope/scenario.h"
#include "poolscope/timeline.h"

namespace poolscope {

struct Job {
  // Job classes (bits of `cls`): the priority lesson's high class, and the I/O-bound jobs that
  // the separate-pools lesson sends to their own pool.
  static constexpr std::uint8_t high = job_class::high;
  static constexpr std::uint8_t io = job_class::io;

  std::uint64_t id = 0;
  std::int64_t submit_ns = 0;
  std::int64_t duration_ns = 0;
  bool will_fail = false;
  std::uint8_t cls = 0;
};

struct JobResult {
  std::uint64_t id = 0;
  std::int64_t submit_ns = 0;
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::int32_t worker = -1;  // slot; -2 = the producer (caller-runs)
  JobOutcome outcome = JobOutcome::ok;
  std::uint64_t value = 0;  // the job's "answer" (j*2), so empty jobs still compute something
};

// The part of a scenario that shapes jobs; changes live.
struct JobProfile {
  JobKind kind = JobKind::sleep;
  double mean_ms = 1000.0;
  double cpu_fraction = 0.5;
  DurationDist dist = DurationDist::fixed;
  double spread = 0.5;
  double fail = 0.0;
  double timeout_ms = 0.0;
  double priority_share = 0.0;  // share of jobs drawn in the high class
  double io_share = 0.0;        // share of jobs drawn as I/O-bound (sleep whatever the kind)

  static JobProfile from(const ScenarioSpec& s);
  bool empty() const { return mean_ms <= 0.0 && fail <= 0.0; }
};

// Draws job durations and failures; owned by the producer thread (not thread-safe).
class JobFactory {
 public:
  explicit JobFactory(std::uint64_t seed) : rng_(seed) {}
  Job make(std::uint64_t id, const JobProfile& profile);

 private:
  std::int64_t draw_duration_ns(const JobProfile& p);
  std::mt19937_64 rng_;
};

// Sleep jobs poll the clock for at most this long before they are due (see Sleeper). `make
// bench` measures the machine's floor with the same budget (tests/bench/timer_floor.cpp).
inline constexpr std::int64_t sleep_job_spin_budget_ns = 60'000;

// A sleep that a stop request ends at once; one per thread (not thread-safe).
// A timer wake-up lands tens of microseconds late (more on a VM), which is the whole error budget
// of a 10 ms sleep job. With a spin budget, the sleeper asks to be woken early, by how late its
// wake-ups usually are (learned as it goes), and polls the clock for the rest: it ends
// within a few microseconds of the deadline while polling only for about the timer's jitter, not
// for a fixed tail (eight workers polling fixed tails at once on two cores keep the due ones off
// the cores).
class Sleeper {
 public:
  explicit Sleeper(std::int64_t max_spin_ns = 0)
      : max_spin_ns_(max_spin_ns), lead_ns_(std::min<std::int64_t>(max_spin_ns, 30'000)) {}
  // True when the deadline was reached, false when stopped first.
  bool sleep_until(std::int64_t deadline_ns, std::stop_token stop);
  // How long before a deadline the sleeper asks to be woken now.
  std::int64_t lead_ns() const { return lead_ns_; }

 private:
  void learn(std::int64_t late_ns);

  std::int64_t max_spin_ns_;
  std::int64_t lead_ns_;
  std::mutex mutex_;
  std::condition_variable_any cv_;
};

// K downstream "connections" (a database pool, a rate-limited API) that jobs hold while they
// work. limit 0 = unlimited. Connections go to waiters in the order they came (a condition
// variable's wake-ups have no order, and an unlucky waiter could wait many times as long as the
// rest, which made the waits, and the latencies adaptive limits measure, needlessly noisy).
// Thread-safe; the limit may change while jobs hold connections.
class Downstream {
 public:
  void set_limit(int limit);
  // False when stopped before a connection was free. `waited` (when given) is set when none was
  // free at once.
  bool acquire(std::stop_token stop, bool* waited = nullptr);
  void release();
  int in_use() const;
  bool would_wait() const;

 private:
  bool free_locked() const { return limit_ == 0 || in_use_ < limit_; }

  mutable std::mutex mutex_;
  std::condition_variable_any cv_;
  int limit_ = 0;
  int in_use_ = 0;
  std::uint64_t next_ticket_ = 0;
  std::deque<std::uint64_t> waiting_;  // tickets of the waiters, oldest first
};

// The job threw: its worker catches this and records an error result.
struct JobFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Runs the job's work on this thread from start_ns. Spin work is measured in this thread's CPU
// time, so on an oversubscribed machine a CPU-bound job takes longer on the wall clock (which is
// why adding workers past the cores does not add throughput); waits are wall-clock. Returns ok,
// throws JobFailure for a failing job, timed_out when the per-job timeout cut it short, cancelled
// when `abort` stopped it.
JobOutcome execute_job(const Job& job, const JobProfile& profile, std::int64_t start_ns,
                       std::stop_token abort, Sleeper& sleeper);

}  // namespace poolscope
