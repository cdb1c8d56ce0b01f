#include "poolscope/job.h"

#include <algorithm>
#include <cmath>

#include "poolscope/channel.h"

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
  return j;
}

bool Sleeper::sleep_until(std::int64_t deadline_ns, std::stop_token stop) {
  // Park until the deadline, less the spun tail; the deadline is on the engine's timestamp
  // clock while the wait itself runs on steady_clock.
  const std::int64_t park_until = deadline_ns - spin_tail_ns_;
  const std::int64_t now = now_ns();
  if (park_until > now) {
    const TimePoint until = Clock::now() + Nanos(park_until - now);
    std::unique_lock lk(mutex_);
    // Nothing ever notifies cv_ except a stop request.
    cv_.wait_until(lk, stop, until, [] { return false; });
  }
  // The tail: poll the clock until the deadline is due. Not a yield: on a busy machine a yield
  // hands the core to a CPU-bound process for a whole time slice, far past the deadline.
  while (!stop.stop_requested() && now_ns() < deadline_ns) detail::cpu_relax();
  return !stop.stop_requested();
}

void Downstream::set_limit(int limit) {
  {
    std::lock_guard lk(mutex_);
    limit_ = std::max(0, limit);
  }
  cv_.notify_all();
}

bool Downstream::acquire(std::stop_token stop) {
  std::unique_lock lk(mutex_);
  if (!cv_.wait(lk, stop, [&] { return limit_ == 0 || in_use_ < limit_; })) return false;
  ++in_use_;
  return true;
}

void Downstream::release() {
  {
    std::lock_guard lk(mutex_);
    --in_use_;
  }
  cv_.notify_one();
}

int Downstream::in_use() const {
  std::lock_guard lk(mutex_);
  return in_use_;
}

bool Downstream::would_wait() const {
  std::lock_guard lk(mutex_);
  return limit_ != 0 && in_use_ >= limit_;
}

namespace {

// Burns CPU until `until_ns`; false when stopped first. The loop body is real work the
// compiler cannot remove.
bool spin_until(std::int64_t until_ns, std::stop_token& stop) {
  volatile std::uint64_t sink = 0;
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  while (now_ns() < until_ns) {
    for (int i = 0; i < 256; ++i) x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    sink = sink + x;
    if (stop.stop_requested()) return false;
  }
  return true;
}

}  // namespace

JobOutcome execute_job(const Job& job, const JobProfile& profile, std::int64_t start_ns,
                       std::stop_token abort, Sleeper& sleeper) {
  const std::int64_t work_end = start_ns + job.duration_ns;
  const bool has_timeout = profile.timeout_ms > 0.0;
  const std::int64_t timeout_at = has_timeout ? start_ns + ms_to_ns(profile.timeout_ms) : work_end;
  const bool times_out = has_timeout && timeout_at < work_end;
  const std::int64_t stop_at = times_out ? timeout_at : work_end;

  if (job.duration_ns > 0) {
    std::int64_t cpu_until = start_ns;
    if (profile.kind == JobKind::spin) cpu_until = stop_at;
    if (profile.kind == JobKind::mixed)
      cpu_until = std::min(stop_at, start_ns + static_cast<std::int64_t>(
                                                   double(job.duration_ns) *
                                                   std::clamp(profile.cpu_fraction, 0.0, 1.0)));
    if (cpu_until > start_ns && !spin_until(cpu_until, abort)) return JobOutcome::cancelled;
    if (cpu_until < stop_at && !sleeper.sleep_until(stop_at, abort)) return JobOutcome::cancelled;
  }
  if (times_out) return JobOutcome::timed_out;
  if (job.will_fail) throw JobFailure("job " + std::to_string(job.id) + " failed");
  return JobOutcome::ok;
}

}  // namespace poolscope
