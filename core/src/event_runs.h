// Event runs: a batch of empty jobs (the bulk of `bench` and of any run at millions of jobs per
// second) is recorded as one or two ring slots instead of one or two per job, and the collector
// expands each run back into exactly the per-job events it stands for. Writing four 24-byte
// events per job was most of what recording cost; a run costs the same whatever its length, and
// the rings overflow far later.
//
//   jobs_submitted_run   {t, first id, count}       -> count x job_submitted at t
//   results_consumed_run {t, first id, count}       -> count x result_consumed at t
//   jobs_ran_run         {start, first id, reading} -> per job: job_started, job_finished,
//   jobs_ran_run_end     {end, count}                  spread evenly over [start, end]
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "poolscope/events.h"

namespace poolscope {

// n jobs run back to back between two clock readings, spread evenly: job i runs from
// boundary(i) to boundary(i + 1). Fixed point (16 fractional bits), so that no job needs a
// division; the worker and the collector compute the same instants from the same readings.
class EvenSpread {
 public:
  EvenSpread(std::int64_t start, std::int64_t end, std::size_t n)
      : start_(start), step_(n > 0 ? static_cast<std::uint64_t>((end - start) << 16) / n : 0) {}
  std::int64_t boundary(std::size_t i) const {
    return start_ + static_cast<std::int64_t>((step_ * i) >> 16);
  }

 private:
  std::int64_t start_;
  std::uint64_t step_;
};

// Calls emit(event) for every event `in` stands for, in order: runs expanded, others as they
// are. A jobs_ran_run whose end is not yet in `in` (a ring read between the two) waits in
// `open_run` for the next call; an end whose start was lost to the ring's overwriting is skipped.
template <class Emit>
void expand_runs(std::span<const Event> in, std::optional<Event>& open_run, Emit&& emit) {
  for (const Event& e : in) {
    switch (e.kind) {
      case EventKind::jobs_submitted_run:
      case EventKind::results_consumed_run: {
        const EventKind one = e.kind == EventKind::jobs_submitted_run ? EventKind::job_submitted
                                                                      : EventKind::result_consumed;
        for (std::uint32_t i = 0; i < e.value; ++i)
          emit(Event{e.t_ns, e.job + i, 0, e.lane, one, e.job_class});
        break;
      }
      case EventKind::jobs_ran_run:
        open_run = e;
        break;
      case EventKind::jobs_ran_run_end: {
        if (!open_run) break;
        const Event& run = *open_run;
        const std::size_t n = static_cast<std::size_t>(e.job);
        const EvenSpread spread(run.t_ns, e.t_ns, n);
        for (std::size_t i = 0; i < n; ++i) {
          const std::uint64_t id = run.job + i;
          emit(Event{spread.boundary(i), id, i == 0 ? run.value : 0, run.lane,
                     EventKind::job_started, run.job_class});
          emit(Event{spread.boundary(i + 1), id, 0, run.lane, EventKind::job_finished, 0});
        }
        open_run.reset();
        break;
      }
      default:
        if (open_run) open_run.reset();  // a start without its end: the end was never written
        emit(e);
    }
  }
}

}  // namespace poolscope
