// SweepRunner: the sweep thread (core's run_sweep, points appended under the lock as they
// arrive), its stop, the copies the UI reads, and the sweep's label.
#include "sweep_runner.h"

#include <cstdio>

namespace poolscope::gui {

SweepRunner::~SweepRunner() { stop(); }

void SweepRunner::stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

void SweepRunner::start(const ScenarioSpec& spec, std::vector<int> workers,
                        double seconds_per_point) {
  stop();
  {
    std::lock_guard lk(mutex_);
    if (!current_.points.empty()) ghost_ = std::move(current_);
    current_ = Result{workers, {}, sweep_label(spec), spec.open_loop()};
  }
  running_.store(true, std::memory_order_release);
  thread_ = std::jthread(
      [this, spec, workers = std::move(workers), seconds_per_point](std::stop_token stop) {
        SweepOptions options;
        options.max_seconds_per_point = seconds_per_point;
        auto points = run_sweep(spec, workers, options, stop, [this](const SweepPoint& p) {
          std::lock_guard lk(mutex_);
          current_.points.push_back(p);
        });
        {
          std::lock_guard lk(mutex_);
          current_.points = std::move(points);  // the same points, with the knee marked
        }
        running_.store(false, std::memory_order_release);
      });
}

SweepRunner::Result SweepRunner::current() const {
  std::lock_guard lk(mutex_);
  return current_;
}

std::optional<SweepRunner::Result> SweepRunner::ghost() const {
  std::lock_guard lk(mutex_);
  return ghost_;
}

std::string sweep_label(const ScenarioSpec& spec) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%s %.0f ms · buffer %d%s",
                std::string(to_string(spec.job_kind)).c_str(), spec.job_ms, spec.buffer,
                spec.downstream > 0 ? " · downstream limit" : "");
  return buf;
}

}  // namespace poolscope::gui
