// Adaptive concurrency limits after Netflix's concurrency-limits library: AIMD (loss based),
// Vegas (queue estimated from the no-load RTT) and Gradient2 (short vs long-window average RTT).
// Each is a pure function of the samples it is fed (no clock, no threads), so a test drives it
// with a made-up latency series.
//
// Not thread-safe; the Limiter (limiter.h) serializes its calls.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string_view>

#include "clock.h"
#include "poolscope/scenario.h"

namespace poolscope {

// Tuning shared by the algorithms; 0 means the library's default for that algorithm.
struct LimitTuning {
  int initial = 0;
  int min = 0;
  int max = 0;
  double timeout_ms = 0.0;  // AIMD: a call slower than this counts as a drop
  int probe_multiplier = 0;  // Vegas: re-probe every N x limit samples (0: the default, 30)

  bool operator==(const LimitTuning&) const = default;
  static LimitTuning from(const ScenarioSpec& spec);
};

class LimitAlgorithm {
 public:
  virtual ~LimitAlgorithm() = default;
  // One finished call: its round-trip time, the calls in flight when it started, and whether it
  // failed (a drop). Returns the new limit.
  virtual int update(std::int64_t rtt_ns, int in_flight, bool dropped) = 0;
  virtual int limit() const = 0;
  // The latency the algorithm compares against: Vegas's no-load RTT, Gradient2's long-window
  // average, AIMD's timeout. 0 before the first sample.
  virtual double baseline_ns() const = 0;
  virtual std::string_view baseline_name() const = 0;
};

// Additive increase (+1 while the limit is in use), multiplicative decrease (x backoff) on a
// drop or a call slower than the timeout. Defaults: initial 20, min 20, max 200, backoff 0.9,
// timeout 5 s.
class AimdLimit final : public LimitAlgorithm {
 public:
  explicit AimdLimit(const LimitTuning& tuning);
  int update(std::int64_t rtt_ns, int in_flight, bool dropped) override;
  int limit() const override { return limit_; }
  double baseline_ns() const override { return double(timeout_ns_); }
  std::string_view baseline_name() const override { return "timeout"; }

  static constexpr double backoff_ratio = 0.9;

 private:
  int limit_;
  int min_, max_;
  std::int64_t timeout_ns_;
};

// TCP Vegas: queue = limit x (1 - rtt_noload / rtt). Grow fast when no queue is seen, by log10
// below alpha, shrink by log10 above beta (alpha = 3 log10 L, beta = 6 log10 L), with the no-load
// RTT re-probed every 30 x limit samples (jittered by 0.5..1; the library's probeMultiplier sets
// the 30). Defaults: initial 20, max 1000, smoothing 1.0.
class VegasLimit final : public LimitAlgorithm {
 public:
  VegasLimit(const LimitTuning& tuning, std::uint64_t seed);
  int update(std::int64_t rtt_ns, int in_flight, bool dropped) override;
  int limit() const override { return static_cast<int>(estimated_); }
  double baseline_ns() const override { return double(rtt_noload_ns_); }
  std::string_view baseline_name() const override { return "no-load RTT"; }

  static constexpr double smoothing = 1.0;
  static constexpr int default_probe_multiplier = 30;

 private:
  bool should_probe() const;
  void reset_probe_jitter();

  double estimated_;
  int min_, max_;
  int probe_multiplier_;
  std::int64_t rtt_noload_ns_ = 0;
  int probe_count_ = 0;
  double probe_jitter_ = 1.0;
  std::mt19937_64 rng_;
};

// Gradient2: gradient = clamp(tolerance x longRtt / shortRtt, 0.5, 1); new = L x gradient +
// queue, smoothed by 0.2. The long RTT is an exponential average over 600 samples (a plain mean
// for the first 10) that decays by 5% whenever it is over twice the current RTT. Defaults:
// initial 20, min 20, max 200, queue 4, tolerance 1.5.
class Gradient2Limit final : public LimitAlgorithm {
 public:
  explicit Gradient2Limit(const LimitTuning& tuning);
  int update(std::int64_t rtt_ns, int in_flight, bool dropped) override;
  int limit() const override { return static_cast<int>(estimated_); }
  double baseline_ns() const override { return long_rtt_ns_; }
  std::string_view baseline_name() const override { return "long-window RTT"; }

  static constexpr double smoothing = 0.2;
  static constexpr double queue_size = 4.0;
  static constexpr double tolerance = 1.5;
  static constexpr int long_window = 600;
  static constexpr int warmup_window = 10;

 private:
  double estimated_;
  int min_, max_;
  double long_rtt_ns_ = 0.0;
  double long_sum_ns_ = 0.0;
  int long_count_ = 0;
};

// The algorithm for a policy (nullptr for none).
std::unique_ptr<LimitAlgorithm> make_limit_algorithm(LimitPolicy policy, const LimitTuning& tuning,
                                                     std::uint64_t seed);

// concurrency-limits' Log10RootFunction: max(1, floor(log10 n)).
int log10_root(int n);

}  // namespace poolscope
