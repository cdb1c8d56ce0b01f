// The limiter: permits, samples, and what the graphs read.
#include "limiter.h"

#include <algorithm>

namespace poolscope {

void Limiter::configure(LimitPolicy policy, const LimitTuning& tuning, std::uint64_t seed) {
  {
    std::lock_guard lk(mutex_);
    if (policy == policy_ && tuning == tuning_ && (algorithm_ || policy == LimitPolicy::none))
      return;
    policy_ = policy;
    tuning_ = tuning;
    algorithm_ = make_limit_algorithm(policy, tuning, seed);
    min_limit_ = max_limit_ = algorithm_ ? algorithm_->limit() : 0;
  }
  cv_.notify_all();  // a higher limit (or none) may admit waiting calls
}

bool Limiter::active() const {
  std::lock_guard lk(mutex_);
  return algorithm_ != nullptr;
}

bool Limiter::would_wait() const {
  std::lock_guard lk(mutex_);
  return algorithm_ && in_flight_ >= algorithm_->limit();
}

int Limiter::acquire(std::stop_token stop, bool* waited) {
  std::unique_lock lk(mutex_);
  const auto admits = [&] { return !algorithm_ || in_flight_ < algorithm_->limit(); };
  if (waited != nullptr && !admits()) *waited = true;
  if (!cv_.wait(lk, stop, admits)) return 0;
  ++in_flight_;
  ++admitted_;
  interval_peak_ = std::max(interval_peak_, in_flight_);
  if (algorithm_) min_headroom_ = std::min(min_headroom_, algorithm_->limit() - in_flight_);
  return in_flight_;
}

void Limiter::release(std::int64_t rtt_ns, int in_flight, bool dropped) {
  {
    std::lock_guard lk(mutex_);
    in_flight_ = std::max(0, in_flight_ - 1);
    const double ms = double(rtt_ns) / 1e6;
    last_rtt_ms_ = ms;
    min_rtt_ms_ = samples_ == 0 ? ms : std::min(min_rtt_ms_, ms);
    ++samples_;
    interval_rtt_sum_ms_ += ms;
    ++interval_samples_;
    if (algorithm_) {
      algorithm_->update(rtt_ns, in_flight, dropped);
      note_limit_locked();
    }
  }
  cv_.notify_all();  // a permit is free, and the limit may have grown
}

void Limiter::release_unmeasured() {
  {
    std::lock_guard lk(mutex_);
    in_flight_ = std::max(0, in_flight_ - 1);
  }
  cv_.notify_one();
}

void Limiter::note_limit_locked() {
  const int l = algorithm_->limit();
  min_limit_ = std::min(min_limit_, l);
  max_limit_ = std::max(max_limit_, l);
}

LimitView Limiter::view() const {
  std::lock_guard lk(mutex_);
  LimitView v;
  v.policy = policy_;
  if (!algorithm_) return v;
  v.limit = algorithm_->limit();
  v.min_limit = min_limit_;
  v.max_limit = max_limit_;
  v.in_flight = in_flight_;
  v.admitted = admitted_;
  v.samples = samples_;
  v.min_headroom = admitted_ > 0 ? min_headroom_ : 0;
  v.last_rtt_ms = last_rtt_ms_;
  v.min_rtt_ms = min_rtt_ms_;
  v.baseline_ms = algorithm_->baseline_ns() / 1e6;
  v.baseline_name = std::string(algorithm_->baseline_name());
  return v;
}

Limiter::Interval Limiter::take_interval() {
  Interval out;
  out.now = view();
  std::lock_guard lk(mutex_);
  if (interval_samples_ > 0) out.rtt_ms = interval_rtt_sum_ms_ / double(interval_samples_);
  out.peak_in_flight = std::max(interval_peak_, in_flight_);
  interval_rtt_sum_ms_ = 0.0;
  interval_samples_ = 0;
  interval_peak_ = in_flight_;
  return out;
}

}  // namespace poolscope
