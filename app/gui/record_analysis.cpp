// RecordAnalysis: copies and sorts the engine's job records and computes the theory check off the
// UI thread (see the header).
#include "record_analysis.h"

#include <algorithm>

#include "poolscope/run_confidence.h"

namespace poolscope::gui {

RecordAnalysis::RecordAnalysis(Engine& engine)
    : engine_(engine), thread_([this](std::stop_token stop) { serve(stop); }) {}

RecordAnalysis::~RecordAnalysis() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void RecordAnalysis::request(const ScenarioSpec& spec, std::int64_t start_ns, bool run_finished,
                             bool with_check) {
  {
    std::lock_guard lk(mutex_);
    if (ask_) return;
    ask_ = Ask{spec, start_ns, run_finished, with_check};
  }
  changed_.notify_all();
}

std::shared_ptr<const RecordAnalysis::Result> RecordAnalysis::latest() const {
  std::lock_guard lk(mutex_);
  return latest_;
}

bool RecordAnalysis::busy() const {
  std::lock_guard lk(mutex_);
  return ask_.has_value();
}

void RecordAnalysis::wait_idle() const {
  std::unique_lock lk(mutex_);
  changed_.wait(lk, [&] { return !ask_; });
}

void RecordAnalysis::serve(std::stop_token stop) {
  for (;;) {
    Ask ask;
    {
      std::unique_lock lk(mutex_);
      if (!changed_.wait(lk, stop, [&] { return ask_.has_value(); })) return;
      ask = *ask_;
    }
    auto result = std::make_shared<Result>();
    result->records = engine_.job_records();  // sorted by id
    result->of_finished_run = ask.run_finished;
    if (ask.with_check) {
      result->check = check_theory(
          ask.spec, measure_confidence(result->records, ask.start_ns, fixed_pool_size(ask.spec)));
    }
    {
      std::lock_guard lk(mutex_);
      latest_ = std::move(result);
      ask_.reset();
    }
    changed_.notify_all();
  }
}

}  // namespace poolscope::gui
