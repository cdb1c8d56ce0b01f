// The three limit algorithms; each update follows concurrency-limits' _update step by step.
#include "limit_algorithms.h"

#include <algorithm>
#include <cmath>

namespace poolscope {

LimitTuning LimitTuning::from(const ScenarioSpec& spec) {
  return LimitTuning{spec.limit_initial, spec.limit_min, spec.limit_max, spec.limit_timeout_ms,
                     spec.limit_probe_multiplier};
}

int log10_root(int n) { return n < 10 ? 1 : std::max(1, static_cast<int>(std::log10(n))); }

namespace {

int or_default(int value, int fallback) { return value > 0 ? value : fallback; }

}  // namespace

// ---- AIMD ----

AimdLimit::AimdLimit(const LimitTuning& t)
    : min_(or_default(t.min, 20)),
      max_(std::max(or_default(t.max, 200), or_default(t.min, 20))),
      timeout_ns_(ms_to_ns(t.timeout_ms > 0 ? t.timeout_ms : 5000.0)) {
  limit_ = std::clamp(or_default(t.initial, 20), min_, max_);
}

int AimdLimit::update(std::int64_t rtt_ns, int in_flight, bool dropped) {
  int next = limit_;
  if (dropped || rtt_ns > timeout_ns_) {
    next = static_cast<int>(limit_ * backoff_ratio);
  } else if (in_flight * 2 >= limit_) {
    next = limit_ + 1;
  }
  limit_ = std::clamp(next, min_, max_);
  return limit_;
}

// ---- Vegas ----

VegasLimit::VegasLimit(const LimitTuning& t, std::uint64_t seed)
    : min_(or_default(t.min, 1)),
      max_(std::max(or_default(t.max, 1000), or_default(t.min, 1))),
      probe_multiplier_(or_default(t.probe_multiplier, default_probe_multiplier)),
      rng_(seed) {
  estimated_ = std::clamp(or_default(t.initial, 20), min_, max_);
  reset_probe_jitter();
}

void VegasLimit::reset_probe_jitter() {
  probe_jitter_ = std::uniform_real_distribution<double>(0.5, 1.0)(rng_);
}

bool VegasLimit::should_probe() const {
  return probe_jitter_ * probe_multiplier_ * estimated_ <= probe_count_;
}

int VegasLimit::update(std::int64_t rtt_ns, int in_flight, bool dropped) {
  rtt_ns = std::max<std::int64_t>(rtt_ns, 1);  // the library requires rtt > 0
  ++probe_count_;
  // Every so often the current RTT becomes the no-load RTT, so that a baseline that rose for
  // good (a slower downstream) is learned instead of read as a queue forever.
  if (should_probe()) {
    reset_probe_jitter();
    probe_count_ = 0;
    rtt_noload_ns_ = rtt_ns;
    return limit();
  }
  if (rtt_noload_ns_ == 0 || rtt_ns < rtt_noload_ns_) {
    rtt_noload_ns_ = rtt_ns;
    return limit();
  }
  const int current = static_cast<int>(estimated_);
  const double queue = std::ceil(estimated_ * (1.0 - double(rtt_noload_ns_) / double(rtt_ns)));
  const int lg = log10_root(current);
  double next = estimated_;
  if (dropped) {
    next = estimated_ - lg;
  } else if (in_flight * 2 < estimated_) {
    return limit();  // not using the limit: no evidence to grow on
  } else {
    const int alpha = 3 * lg, beta = 6 * lg, threshold = lg;
    if (queue <= threshold) {
      next = estimated_ + beta;  // no queue: grow fast
    } else if (queue < alpha) {
      next = estimated_ + lg;
    } else if (queue > beta) {
      next = estimated_ - lg;
    } else {
      return limit();  // between alpha and beta: the sweet spot
    }
  }
  next = std::clamp(next, double(min_), double(max_));
  estimated_ = (1.0 - smoothing) * estimated_ + smoothing * next;
  return limit();
}

// ---- Gradient2 ----

Gradient2Limit::Gradient2Limit(const LimitTuning& t)
    : min_(or_default(t.min, 20)), max_(std::max(or_default(t.max, 200), or_default(t.min, 20))) {
  estimated_ = std::clamp(or_default(t.initial, 20), min_, max_);
}

int Gradient2Limit::update(std::int64_t rtt_ns, int in_flight, bool) {
  const double short_rtt = double(std::max<std::int64_t>(rtt_ns, 1));
  if (long_count_ < warmup_window) {
    ++long_count_;
    long_sum_ns_ += short_rtt;
    long_rtt_ns_ = long_sum_ns_ / long_count_;
  } else {
    const double factor = 2.0 / (long_window + 1);
    long_rtt_ns_ = long_rtt_ns_ * (1.0 - factor) + short_rtt * factor;
  }
  // After a long spell of load the long RTT can sit far above the current one: let it fall
  // faster than the average alone would.
  if (long_rtt_ns_ / short_rtt > 2.0) long_rtt_ns_ *= 0.95;
  if (in_flight < estimated_ / 2) return limit();  // app limited: do not grow
  const double gradient = std::clamp(tolerance * long_rtt_ns_ / short_rtt, 0.5, 1.0);
  double next = estimated_ * gradient + queue_size;
  next = estimated_ * (1.0 - smoothing) + next * smoothing;
  estimated_ = std::clamp(next, double(min_), double(max_));
  return limit();
}

std::unique_ptr<LimitAlgorithm> make_limit_algorithm(LimitPolicy policy, const LimitTuning& tuning,
                                                     std::uint64_t seed) {
  switch (policy) {
    case LimitPolicy::aimd:
      return std::make_unique<AimdLimit>(tuning);
    case LimitPolicy::vegas:
      return std::make_unique<VegasLimit>(tuning, seed);
    case LimitPolicy::gradient2:
      return std::make_unique<Gradient2Limit>(tuning);
    case LimitPolicy::none:
      break;
  }
  return nullptr;
}

}  // namespace poolscope
