// Jobs: drawing durations and failures, running sleep/spin/mixed work, and the Sleeper.
#include "job.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include "channel.h"

namespace poolscope {

JobProfile JobProfile::from(const ScenarioSpec& s) {
  JobProfile p;
  p.kind = s.job_kind;
  p.mean_ms = s.job_ms;
  p.cpu_fraction = s.cpu_fraction;
  p.dist = s.dist;
  p.spread = s.spread;
  p.fail = s.fail;
  p.timeout_ms = s.timeout_ms;
  p.priority_share = s.priority_share;
  p.io_share = s.io_share;
  return p;
}

std::int64_t JobFactory::draw_duration_ns(const JobProfile& p) {
  const double mean = std::max(0.0, p.mean_ms);
  double ms = mean;
  switch (p.dist) {
    case DurationDist::fixed:
      break;
    case DurationDist::uniform: {
      const double half = mean * std::clamp(p.spread, 0.0, 1.0);
      ms = std::uniform_real_distribution<double>(mean - half, mean + half)(rng_);
      break;
    }
    case DurationDist::exp:
      if (mean > 0) ms = std::exponential_distribution<double>(1.0 / mean)(rng_);
      break;
    case DurationDist::lognormal:
      if (mean > 0 && p.spread > 0) {
        // Parameters chosen so the distribution's mean is `mean` and its CV is `spread`.
        const double sigma2 = std::log1p(p.spread * p.spread);
        const double mu = std::log(mean) - sigma2 / 2.0;
        ms = std::lognormal_distribution<double>(mu, std::sqrt(sigma2))(rng_);
      }
      break;
  }
  return ms_to_ns(std::max(0.0, ms));
}

Job JobFactory::make(std::uint64_t id, const JobProfile& profile) {
  Job j;
  j.id = id;
  if (profile.dist != DurationDist::fixed)
    j.duration_ns = draw_duration_ns(profile);
  else
    j.duration_ns = ms_to_ns(std::max(0.0, profile.mean_ms));
  if (profile.fail > 0.0) j.will_fail = std::bernoulli_distribution(profile.fail)(rng_);
  // Drawn only when used, so runs without classes draw exactly the same jobs as before.
  if (profile.priority_share > 0.0 && std::bernoulli_distribution(profile.priority_share)(rng_))
    j.cls |= Job::high;
  if (profile.io_share > 0.0 && std::bernoulli_distribution(profile.io_share)(rng_))
    j.cls |= Job::io;
  return j;
}

bool Sleeper::sleep_until(std::int64_t deadline_ns, std::stop_token stop) {
  // Park until the deadline less the lead; the deadline is on the engine's timestamp clock while
  // the wait itself runs on steady_clock (an absolute wait: no drift).
  const std::int64_t park_until = deadline_ns - lead_ns_;
  const std::int64_t now = now_ns();
  if (park_until > now) {
    const TimePoint until = Clock::now() + Nanos(park_until - now);
    {
      std::unique_lock lk(mutex_);
      // Nothing ever notifies cv_ except a stop request.
      cv_.wait_until(lk, stop, until, [] { return false; });
    }
    if (max_spin_ns_ > 0 && !stop.stop_requested()) learn(now_ns() - park_until);
  }
  // The tail: poll the clock until the deadline is due. Not a yield: on a busy machine a yield
  // hands the core to a CPU-bound process for a whole time slice, far past the deadline.
  while (!stop.stop_requested() && now_ns() < deadline_ns) detail::cpu_relax();
  return !stop.stop_requested();
}

// The lead tracks the 90th percentile of the timer's lateness (a stochastic quantile estimate):
// a step up after a wake-up later than the lead (the deadline was missed), a step a ninth as
// large down after an earlier one (polling time to save). Fixed steps keep one wake-up that
// came milliseconds late (another process held the core) from pinning the lead at the budget.
void Sleeper::learn(std::int64_t late_ns) {
  constexpr std::int64_t up_ns = 4'500, down_ns = 500;
  lead_ns_ =
      std::clamp<std::int64_t>(lead_ns_ + (late_ns > lead_ns_ ? up_ns : -down_ns), 0, max_spin_ns_);
}

void Downstream::set_limit(int limit) {
  {
    std::lock_guard lk(mutex_);
    limit_ = std::max(0, limit);
  }
  cv_.notify_all();
}

bool Downstream::acquire(std::stop_token stop, bool* waited) {
  std::unique_lock lk(mutex_);
  if (waiting_.empty() && free_locked()) {
    ++in_use_;
    return true;
  }
  if (waited != nullptr) *waited = true;
  const std::uint64_t ticket = next_ticket_++;
  waiting_.push_back(ticket);
  const bool got = cv_.wait(lk, stop, [&] { return waiting_.front() == ticket && free_locked(); });
  if (got) {
    waiting_.pop_front();
    ++in_use_;
  } else {
    waiting_.erase(std::find(waiting_.begin(), waiting_.end(), ticket));
  }
  lk.unlock();
  // The next in line may go now (another free connection, or this waiter gave up its turn).
  cv_.notify_all();
  return got;
}

void Downstream::release() {
  {
    std::lock_guard lk(mutex_);
    --in_use_;
  }
  cv_.notify_all();  // the oldest waiter must be the one that wakes
}

int Downstream::in_use() const {
  std::lock_guard lk(mutex_);
  return in_use_;
}

bool Downstream::would_wait() const {
  std::lock_guard lk(mutex_);
  return !waiting_.empty() || !free_locked();
}

namespace {

std::int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

enum class SpinEnd { done, deadline, stopped };

// Burns `cpu_ns` of this thread's CPU time, unless the wall clock reaches `deadline_ns` or a stop
// comes first. The loop body is real work the compiler cannot remove.
SpinEnd spin_cpu(std::int64_t cpu_ns, std::int64_t deadline_ns, std::stop_token& stop) {
  const std::int64_t cpu_end = thread_cpu_ns() + cpu_ns;
  volatile std::uint64_t sink = 0;
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  for (;;) {
    for (int i = 0; i < 512; ++i) x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    sink = sink + x;
    if (stop.stop_requested()) return SpinEnd::stopped;
    if (thread_cpu_ns() >= cpu_end) return SpinEnd::done;
    if (now_ns() >= deadline_ns) return SpinEnd::deadline;
  }
}

}  // namespace

JobOutcome execute_job(const Job& job, const JobProfile& profile, std::int64_t start_ns,
                       std::stop_token abort, Sleeper& sleeper) {
  const bool has_timeout = profile.timeout_ms > 0.0;
  const std::int64_t timeout_at = has_timeout ? start_ns + ms_to_ns(profile.timeout_ms) : INT64_MAX;

  if (job.duration_ns > 0) {
    double cpu_share = 0.0;
    if (profile.kind == JobKind::spin) cpu_share = 1.0;
    if (profile.kind == JobKind::mixed) cpu_share = std::clamp(profile.cpu_fraction, 0.0, 1.0);
    if (job.cls & Job::io) cpu_share = 0.0;
    const auto cpu_ns = static_cast<std::int64_t>(double(job.duration_ns) * cpu_share);
    if (cpu_ns > 0) {
      switch (spin_cpu(cpu_ns, timeout_at, abort)) {
        case SpinEnd::stopped:
          return JobOutcome::cancelled;
        case SpinEnd::deadline:
          return JobOutcome::timed_out;
        case SpinEnd::done:
          break;
      }
    }
    const std::int64_t wait_ns = job.duration_ns - cpu_ns;
    if (wait_ns > 0) {
      // A pure wait is timed from the job's start, so sleep jobs keep their exact durations.
      const std::int64_t wait_end = (cpu_ns > 0 ? now_ns() : start_ns) + wait_ns;
      const bool times_out = timeout_at < wait_end;
      if (!sleeper.sleep_until(times_out ? timeout_at : wait_end, abort))
        return JobOutcome::cancelled;
      if (times_out) return JobOutcome::timed_out;
    }
  }
  if (job.will_fail) throw JobFailure("job " + std::to_string(job.id) + " failed");
  return JobOutcome::ok;
}

}  // namespace poolscope
