// The machine's floor for sleep-job fidelity, with no pool around it: `threads` bare threads run
// `jobs` sleeps of `job_us` each between them, back to back, on the same timer the engine uses,
// optionally waking `tail_us` early and polling the clock for the rest (as the engine's sleeper
// does; "engine" is the engine's own budget). Prints "wall/ideal CPU-seconds-per-wall-second
// tail-us". `make bench` prints it beside the engine's figure, so that what the timer alone costs
// on this machine is measured in the same run.
//   poolscope_timer_floor THREADS JOBS JOB_US TAIL_US|engine
#include <sys/prctl.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string_view>
#include <thread>
#include <vector>

#include "job.h"  // the engine's sleep_job_spin_budget_ns

namespace {

std::int64_t read_ns(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return std::int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec;
}

void sleep_until_ns(std::int64_t t_ns) {
  const timespec at{static_cast<time_t>(t_ns / 1'000'000'000),
                    static_cast<long>(t_ns % 1'000'000'000)};
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr) == EINTR) {
  }
}

void run_jobs(long jobs, std::int64_t job_ns, std::int64_t tail_ns) {
  prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);  // as the engine's threads do
  std::int64_t start = read_ns(CLOCK_MONOTONIC);
  for (long i = 0; i < jobs; ++i) {
    const std::int64_t due = start + job_ns;
    if (due - tail_ns > read_ns(CLOCK_MONOTONIC)) sleep_until_ns(due - tail_ns);
    while (read_ns(CLOCK_MONOTONIC) < due) {
    }
    start = read_ns(CLOCK_MONOTONIC);  // this job's end is the next one's start
  }
}

long parse(const char* text, long lo, long hi) {
  char* end = nullptr;
  errno = 0;
  const long v = std::strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v < lo || v > hi) {
    std::fprintf(stderr, "poolscope_timer_floor: bad number '%s' (allowed %ld..%ld)\n", text, lo,
                 hi);
    std::exit(2);
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: poolscope_timer_floor THREADS JOBS JOB_US TAIL_US|engine\n");
    return 2;
  }
  const long threads = parse(argv[1], 1, 1024);
  const long jobs = parse(argv[2], threads, 100'000'000);
  const std::int64_t job_ns = parse(argv[3], 1, 60'000'000) * 1000;
  const std::int64_t tail_ns = std::string_view(argv[4]) == "engine"
                                   ? poolscope::sleep_job_spin_budget_ns
                                   : parse(argv[4], 0, 60'000'000) * 1000;
  const std::int64_t wall0 = read_ns(CLOCK_MONOTONIC), cpu0 = read_ns(CLOCK_PROCESS_CPUTIME_ID);
  std::vector<std::jthread> pool;
  for (long t = 0; t < threads; ++t)
    pool.emplace_back(run_jobs, jobs / threads + (t < jobs % threads ? 1 : 0), job_ns, tail_ns);
  pool.clear();  // joins
  const double wall = double(read_ns(CLOCK_MONOTONIC) - wall0) / 1e9;
  const double cpu = double(read_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0) / 1e9;
  const double ideal = double(jobs) * double(job_ns) / 1e9 / double(threads);
  std::printf("%.4f %.4f %lld\n", wall / ideal, cpu / wall, static_cast<long long>(tail_ns / 1000));
  return 0;
}
