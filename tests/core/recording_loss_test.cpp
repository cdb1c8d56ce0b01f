// What a recording loses is counted, never silent; and a lossless ring loses nothing even when
// its reader is slow (the writer waits instead).
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "event_ring.h"
#include "poolscope/engine.h"
#include "test_support.h"

namespace poolscope {
namespace {

using namespace std::chrono_literals;

// Pushes `n` events through a 16-slot ring read by a slow reader; returns (read, lost).
std::pair<std::uint64_t, std::uint64_t> push_through(bool lossless, std::uint64_t n) {
  EventRing ring(16);
  ring.set_lossless(lossless);
  std::jthread writer([&] {
    for (std::uint64_t i = 1; i <= n; ++i)
      ring.push(Event{std::int64_t(i), i, 0, 0, EventKind::job_submitted});
  });
  std::uint64_t cursor = 0, lost = 0, expected_job = 1;
  std::vector<Event> out;
  std::uint64_t read = 0;
  while (read + lost < n) {
    out.clear();
    lost += ring.read(cursor, out);
    for (const Event& e : out) {
      if (lossless) {
        EXPECT_EQ(e.job, expected_job) << "out of order or lost";
      }
      expected_job = e.job + 1;
    }
    read += out.size();
    std::this_thread::sleep_for(100us);
  }
  return {read, lost};
}

TEST(RecordingLoss, LosslessRingWaitsForASlowReader) {
  const auto [read, lost] = push_through(true, 20'000);
  EXPECT_EQ(read, 20'000u);
  EXPECT_EQ(lost, 0u);
}

TEST(RecordingLoss, OrdinaryRingCountsWhatItOverwrites) {
  const auto [read, lost] = push_through(false, 20'000);
  EXPECT_GT(lost, 0u) << "a 16-slot ring with a slow reader must overwrite";
  EXPECT_EQ(read + lost, 20'000u);
}

TEST(RecordingLoss, WindowsCountWhatFallsOut) {
  EngineOptions options;
  options.segments_per_lane = 1000;
  options.marks_kept = 50;
  options.job_records_kept = 300;
  ScenarioSpec spec = test::sleep_spec(1, 1, 6000, 0.01);
  spec.policy = FullPolicy::reject;
  Engine engine(spec, options);
  const auto snap = test::run_to_end(engine, 20s);
  const Counters& c = snap->counters;
  ASSERT_GT(c.rejected, 50u);
  // Every job ends as one record or one mark; what the windows dropped is the rest.
  EXPECT_EQ(engine.job_records().size() + engine.lost_job_records(), c.submitted);
  EXPECT_GT(engine.trace_lost_events(), 0u) << "segments and marks fell out of their windows";

  Engine roomy(spec, {});
  test::run_to_end(roomy, 20s);
  EXPECT_EQ(roomy.lost_job_records(), 0u);
}

}  // namespace
}  // namespace poolscope
