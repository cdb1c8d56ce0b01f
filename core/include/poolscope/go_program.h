// GoProgram: the Go program a ScenarioSpec describes, in the seed's shape (a worker pool over a
// jobs channel, a WaitGroup that closes the results, a results loop), with the variants the other
// settings mean and the mistake lessons' buggy lines marked. Each line carries a role, so that a
// view can light the line each engine thread is on (line_role_of maps the live states to roles).
//
// Pure functions of their arguments; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "poolscope/scenario.h"
#include "poolscope/snapshot.h"

namespace poolscope {

// What a line does, as far as the engine's threads are concerned. `none`: no thread stops there.
enum class LineRole : std::uint8_t {
  none,
  worker_start,        // go worker(...): a worker starting
  worker_range,        // for j := range jobs (or the priority select): a worker waiting for a job
  downstream_acquire,  // sem <- struct{}{}: a worker waiting for a downstream connection
  worker_work,         // r := process(id, j): a worker running a job
  worker_result_send,  // results <- r: a worker blocked on a full results channel
  producer_arrival,    // time.Sleep before the next arrival (Poisson or bursts)
  producer_send,       // jobs <- j (or the select that offers it): the producer submitting
  caller_runs,         // the producer running a job itself (caller-runs policy)
  close_jobs,          // close(jobs)
  wg_wait,             // wg.Wait(): waiting for every worker to exit
  close_results,       // close(results)
  consumer_range,      // for r := range results: the consumer waiting for a result
  consumer_work,       // the consumer handling a result
};
std::string_view to_string(LineRole r);

struct GoLine {
  std::string text;  // without the newline; tabs indent, as gofmt writes
  LineRole role = LineRole::none;
  bool bug = false;  // the wrong line of a mistake lesson
};

struct GoProgram {
  std::vector<GoLine> lines;

  std::string text() const;  // the whole program, one '\n' after each line
  // The index of the first line with this role, or -1 when the program has none.
  int find(LineRole role) const;
  int bug_line() const;  // the first line marked bug, or -1
};

// The program for `spec` (which should be valid: see validate()).
GoProgram go_program(const ScenarioSpec& spec);

// The line roles where each engine thread is, from its live state; `none` when it is on no line
// (a producer or consumer that is done, an exited worker). The consumer of the wait-before-drain
// mistake is on wg.Wait() rather than in the results loop.
LineRole line_role_of(ProducerState s);
LineRole line_role_of(WorkerState s);
LineRole line_role_of(const ConsumerView& c);

// One engine thread on a line of the program.
struct ThreadOnLine {
  enum class Who : std::uint8_t { producer, worker, consumer };
  Who who = Who::worker;
  std::string name;           // "producer", "worker 2", "io worker 0", "consumer"
  std::string state;          // in words: "blocked", "waiting", "running"
  std::uint8_t state_id = 0;  // the ProducerState, WorkerState or ConsumerState value
  double for_s = 0.0;         // how long it has been in that state
};

// The threads on one line, and what the line says about them ("producer blocked 1.2 s",
// "3 workers waiting").
struct LineOccupancy {
  int line = -1;
  std::vector<ThreadOnLine> threads;  // producer, then workers by slot, then consumer
  std::string label;
};

// Where each thread of `snap` is in `program` (which should be go_program(snap.spec)): the lines
// some thread is on, in line order. Threads whose state has no line in the program are left out.
std::vector<LineOccupancy> threads_on_lines(const GoProgram& program, const Snapshot& snap);

}  // namespace poolscope
