// TheoryReport: the queueing-theory predictions for a run beside what the run measured, built
// from a snapshot (the engine puts one in every snapshot, so the GUI shows them live and
// `run --json` prints them). A model that does not apply says why in its note.
//
// A value type; make_theory() is pure and thread-safe.
#pragma once

#include <string>

namespace poolscope {

struct Snapshot;
struct ScenarioSpec;

// One predicted quantity and its measurement. relative_difference = (measured - predicted) /
// predicted, 0 when predicted is 0.
struct Comparison {
  double predicted = 0.0;
  double measured = 0.0;
  double relative_difference = 0.0;
};

struct TheoryReport {
  // Little's law, L = λ·W: λ the consumption rate, W the mean latency (submit to consumed), L the
  // measured time-average of jobs in the system.
  struct Little {
    bool valid = false;
    double lambda_per_s = 0.0;
    double w_ms = 0.0;
    Comparison l;
    std::string note;
  } little;

  // M/M/c (Erlang C) for open-loop runs: λ the offered arrival rate, S the measured mean service
  // time, c the workers. `valid` when the numbers could be computed; `applies` when every M/M/c
  // assumption holds (otherwise the note says it is an approximation, or why it is skipped).
  struct Mmc {
    bool valid = false;
    bool applies = false;
    bool stable = false;  // ρ < 1; when false only utilization.predicted (= ρ) is meaningful
    double lambda_per_s = 0.0;
    double service_ms = 0.0;
    int servers = 0;
    Comparison utilization, p_wait, wait_ms, queue_len;
    std::string note;
  } mmc;

  // M/M/c/K: a job queue of `buffer` slots in front of c workers, K = c + buffer. p_block is the
  // probability that an arrival finds the system full, measured as the share of arrivals that
  // found the queue full.
  struct Mmck {
    bool valid = false;
    int capacity_k = 0;
    Comparison p_block, utilization;
    std::string note;
  } mmck;

  // Goetz's rule N = Ncpu × U × (1 + W/C) with U = 1, from the job profile's compute share.
  struct Goetz {
    bool valid = false;
    int cpus = 0;
    double cpu_fraction = 0.0;  // C / (W + C) of the average job
    int workers = 0;
    std::string note;
  } goetz;
};

// The offered arrival rate of an open-loop run, jobs/s; 0 for a closed loop.
double offered_rate(const ScenarioSpec& spec);

// The compute share C / (W + C) of the average job of `spec` (spin 1, sleep 0, mixed its CPU
// fraction; I/O-class jobs only wait): the job profile Goetz's rule sizes a pool for.
double job_cpu_fraction(const ScenarioSpec& spec);

// The report for a snapshot (its spec, counters and measurements); `cpus` = CPUs available.
TheoryReport make_theory(const Snapshot& s, int cpus);

}  // namespace poolscope
