// SweepRunner: a sizing sweep (core's run_sweep) on a background thread, so the UI never waits on
// it; points arrive one by one. Starting a new sweep keeps the last one as a ghost to compare
// against. Thread-safe: the sweep thread only appends under the lock; the UI reads copies.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "poolscope/scenario.h"
#include "poolscope/sweep.h"

namespace poolscope::gui {

class SweepRunner {
 public:
  struct Result {
    std::vector<int> planned;        // worker counts, in run order
    std::vector<SweepPoint> points;  // finished runs so far (the knee marked when done)
    std::string label;               // what was swept, for the legend
    bool open_loop = false;          // arrivals at a rate: throughput is capped by it
  };

  SweepRunner() = default;
  ~SweepRunner();  // stops the sweep and joins its thread (each run cancels within a second)
  SweepRunner(const SweepRunner&) = delete;
  SweepRunner& operator=(const SweepRunner&) = delete;

  void start(const ScenarioSpec& spec, std::vector<int> workers, double seconds_per_point);
  void stop();
  bool running() const { return running_.load(std::memory_order_acquire); }

  Result current() const;
  std::optional<Result> ghost() const;

 private:
  mutable std::mutex mutex_;
  Result current_;
  std::optional<Result> ghost_;
  std::atomic<bool> running_{false};
  std::jthread thread_;
};

// "sleep 100 ms · buffer 5": the parts of a spec that decide the shape of a sweep.
std::string sweep_label(const ScenarioSpec& spec);

}  // namespace poolscope::gui
