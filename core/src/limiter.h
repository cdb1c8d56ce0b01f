// Limiter: admits downstream calls by an adaptive concurrency limit (limit_algorithms.h). A
// call over the limit waits for a permit (concurrency-limits' blocking limiter: the job keeps
// its place and ends like any other), and each finished call's latency feeds the algorithm.
// Thread-safe: workers acquire and release; the collector thread reads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <stop_token>

#include "limit_algorithms.h"
#include "poolscope/snapshot.h"

namespace poolscope {

class Limiter {
 public:
  // A new policy or tuning starts the algorithm afresh (calls in flight keep their permits).
  void configure(LimitPolicy policy, const LimitTuning& tuning, std::uint64_t seed);
  bool active() const;
  bool would_wait() const;
  // Waits until fewer calls than the limit are in flight, then takes a permit: returns the
  // calls in flight with this one. 0 when stopped first (no permit taken). With no policy it
  // admits at once. `waited` (when given) is set when the call had to wait for its permit.
  int acquire(std::stop_token stop, bool* waited = nullptr);
  // A call that held a permit ended after rtt_ns; in_flight is what acquire returned (the
  // library's limiters sample the count taken at admission); dropped: it failed or timed out.
  void release(std::int64_t rtt_ns, int in_flight, bool dropped);
  // A call that held a permit was cancelled: nothing was measured.
  void release_unmeasured();

  // The whole-run view (for the snapshot).
  LimitView view() const;
  // For a graph point: the view, plus the mean RTT of the calls that ended since the last call
  // (NaN when none did) and the most calls in flight in that interval.
  struct Interval {
    LimitView now;
    double rtt_ms = std::numeric_limits<double>::quiet_NaN();
    int peak_in_flight = 0;
  };
  Interval take_interval();

 private:
  void note_limit_locked();

  mutable std::mutex mutex_;
  std::condition_variable_any cv_;
  LimitPolicy policy_ = LimitPolicy::none;
  LimitTuning tuning_;
  std::unique_ptr<LimitAlgorithm> algorithm_;
  int in_flight_ = 0;
  int min_limit_ = 0, max_limit_ = 0;
  std::uint64_t admitted_ = 0, samples_ = 0;
  int min_headroom_ = std::numeric_limits<int>::max();  // least limit - in_flight at admission
  double last_rtt_ms_ = 0.0;
  double min_rtt_ms_ = 0.0;
  // Since the last take_interval().
  double interval_rtt_sum_ms_ = 0.0;
  std::uint64_t interval_samples_ = 0;
  int interval_peak_ = 0;
};

}  // namespace poolscope
