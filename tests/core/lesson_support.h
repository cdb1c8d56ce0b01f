// Shared by the lesson tests: load a preset, run it headless with a time cap and a watchdog,
// and check the accounting rule on the final snapshot.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "poolscope/engine.h"
#include "poolscope/scenario.h"

namespace poolscope::testing {

inline const std::filesystem::path kScenarios =
    std::filesystem::path(POOLSCOPE_SOURCE_DIR) / "assets" / "scenarios";

inline ScenarioSpec preset(const std::string& file) {
  std::string error;
  auto spec = load_scenario((kScenarios / file).string(), error);
  EXPECT_TRUE(spec.has_value()) << error;
  return spec.value_or(ScenarioSpec{});
}

struct Run {
  std::shared_ptr<const Snapshot> snap;
  double wall_s = 0.0;  // as measured by the test
  bool capped = false;  // the test cancelled it after cap_s
};

// Runs `spec`; cancels it after cap_s; fails (and aborts the run) if it has not ended 5 s after
// that. `each` sees the published snapshot every 20 ms.
inline Run run_engine(const ScenarioSpec& spec, double cap_s, EngineOptions options = {},
                      const std::function<void(const Snapshot&)>& each = {}) {
  Engine engine(spec, options);
  engine.start();
  const auto t0 = std::chrono::steady_clock::now();
  const auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  Run r;
  while (!engine.wait_finished(std::chrono::milliseconds(20))) {
    if (each) each(*engine.snapshot());
    if (!r.capped && seconds() >= cap_s) {
      r.capped = true;
      engine.shutdown(ShutdownMode::cancel);
    }
    if (seconds() > cap_s + 5.0) {
      ADD_FAILURE() << "watchdog: the run did not end 5 s after its cap";
      engine.shutdown(ShutdownMode::abort);
      engine.wait_finished(std::chrono::seconds(5));
      break;
    }
  }
  r.wall_s = seconds();
  r.snap = engine.snapshot_now();
  const Counters& c = r.snap->counters;
  EXPECT_TRUE(c.adds_up()) << "submitted " << c.submitted << " != ended " << c.ended()
                           << " + queued " << c.queued << " + in progress " << c.in_progress;
  EXPECT_EQ(c.queued, 0u);
  EXPECT_EQ(c.in_progress, 0u);
  // A run that ended by itself delivered every result: consumed, or lost to a closed channel.
  // (A cancel may discard results still waiting to be sent, so capped runs are not checked.)
  if (!r.capped && r.snap->findings.empty()) {
    EXPECT_EQ(c.consumed, c.completed + c.failed);
  }
  if (!r.capped && c.sent_on_closed > 0) {
    EXPECT_EQ(c.consumed + c.sent_on_closed, c.completed + c.failed);
  }
  return r;
}

inline bool has_finding(const Snapshot& s, const std::string& kind) {
  for (const Finding& f : s.findings)
    if (f.kind == kind) return true;
  return false;
}

}  // namespace poolscope::testing
