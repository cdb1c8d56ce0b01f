// RecordAnalysis: the work on a run's per-job records that is too slow for a frame, on a thread of
// its own. Copying and sorting the engine's record window and computing the 95% intervals take up
// to half a second for a million jobs; on the UI thread that was a visible stall once a second.
// The UI asks (request), keeps drawing, and picks the result up at the start of a later frame
// (latest). Owned by the UI thread; it must be destroyed before the Engine it reads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>
#include <vector>

#include "poolscope/engine.h"
#include "poolscope/theory_check.h"

namespace poolscope::gui {

class RecordAnalysis {
 public:
  struct Result {
    std::vector<JobRecord> records;    // the engine's window, sorted by job id
    std::optional<TheoryCheck> check;  // when it was asked for
    bool of_finished_run = false;      // the run had finished: nothing will change any more
  };

  explicit RecordAnalysis(Engine& engine);
  ~RecordAnalysis();  // waits for a computation under way (at most about half a second)
  RecordAnalysis(const RecordAnalysis&) = delete;
  RecordAnalysis& operator=(const RecordAnalysis&) = delete;

  // Asks for the records (and the theory check when `with_check`) as of now. Ignored while one
  // is under way: the next request after it finishes gets fresher data anyway.
  void request(const ScenarioSpec& spec, std::int64_t start_ns, bool run_finished, bool with_check);
  // The newest finished result, or null before the first one.
  std::shared_ptr<const Result> latest() const;
  bool busy() const;
  // Blocks until no computation is under way (headless shots, which draw one frame and stop).
  void wait_idle() const;

 private:
  struct Ask {
    ScenarioSpec spec;
    std::int64_t start_ns = 0;
    bool run_finished = false;
    bool with_check = false;
  };
  void serve(std::stop_token stop);

  Engine& engine_;
  mutable std::mutex mutex_;
  mutable std::condition_variable_any changed_;
  std::optional<Ask> ask_;  // handed to the thread; cleared when its result is published
  std::shared_ptr<const Result> latest_;
  std::jthread thread_;  // last: it starts after the members it uses exist
};

}  // namespace poolscope::gui
