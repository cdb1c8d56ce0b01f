// StallDetector: notices a run in which every engine thread waits for another one and nothing
// moves any more: a deadlock (Go's "all goroutines are asleep - deadlock!") or a leak (workers
// waiting forever on a jobs channel that the finished producer never closed). It reads only
// snapshots, so it runs anywhere (the engine's collector thread, a test) and never blocks.
//
// Not thread-safe: one owner feeds it snapshots in time order.
#pragma once

#include <cstdint>
#include <optional>

#include "poolscope/snapshot.h"

namespace poolscope {

// Why the run in `s` cannot move on by itself (a "leak" or "deadlock" finding naming the
// threads), or nothing when some thread can still make progress.
std::optional<Finding> diagnose_stuck(const Snapshot& s);

class StallDetector {
 public:
  // stall_s: how long the run must stay stuck, with no counter moving, before it is reported.
  explicit StallDetector(double stall_s = 1.0) : stall_s_(stall_s) {}

  // Returns the finding once, the first time the run has been stuck for stall_s.
  std::optional<Finding> observe(const Snapshot& s);
  bool reported() const { return reported_; }

 private:
  struct Progress {
    std::uint64_t submitted = 0, ended = 0, consumed = 0, in_progress = 0;
    std::size_t queue = 0, io_queue = 0, results = 0;
    bool operator==(const Progress&) const = default;
  };
  double stall_s_;
  bool reported_ = false;
  std::optional<Progress> stuck_at_;
  double stuck_since_s_ = 0.0;
};

}  // namespace poolscope
