// The job records and the Theory tab's intervals are computed off the UI thread: a frame never
// waits for them (the result arrives in a later frame), and what arrives is exactly what core
// computes from the engine's records.
#include "record_analysis.h"

#include <gtest/gtest.h>

#include <thread>

#include "gui_test_support.h"
#include "poolscope/run_confidence.h"

namespace poolscope::gui::test {
namespace {

// An M/M/2 queue at ρ ≈ 0.5 that ends by itself after 3000 jobs.
ScenarioSpec finite_open_loop() {
  ScenarioSpec s;
  s.title = "finite open loop";
  s.workers = 2;
  s.buffer = 100000;
  s.rate = 2000;
  s.jobs = 3000;
  s.job_ms = 0.5;
  s.dist = DurationDist::exp;
  return s;
}

void expect_same_interval(const Interval& a, const Interval& b) {
  EXPECT_EQ(a.valid, b.valid);
  EXPECT_DOUBLE_EQ(a.lo, b.lo);
  EXPECT_DOUBLE_EQ(a.hi, b.hi);
}

TEST(RecordAnalysis, ResultIsCoresOwnFromTheEnginesRecords) {
  const ScenarioSpec spec = finite_open_loop();
  Engine engine(spec);
  engine.start();
  ASSERT_TRUE(engine.wait_finished(std::chrono::seconds(30)));
  const std::shared_ptr<const Snapshot> snap = engine.snapshot_now();

  RecordAnalysis analysis(engine);
  EXPECT_EQ(analysis.latest(), nullptr);
  analysis.request(snap->spec, snap->start_ns, true, true);
  analysis.wait_idle();
  const auto result = analysis.latest();
  ASSERT_NE(result, nullptr);
  EXPECT_TRUE(result->of_finished_run);

  const std::vector<JobRecord> records = engine.job_records();
  ASSERT_EQ(result->records.size(), records.size());
  ASSERT_EQ(records.size(), 3000u);
  for (std::size_t i = 0; i < records.size(); ++i) ASSERT_EQ(result->records[i].id, records[i].id);

  const TheoryCheck want =
      check_theory(spec, measure_confidence(records, snap->start_ns, fixed_pool_size(spec)));
  ASSERT_TRUE(result->check.has_value());
  EXPECT_EQ(result->check->valid, want.valid) << result->check->reason;
  expect_same_interval(result->check->wait_ms, want.wait_ms);
  expect_same_interval(result->check->utilization, want.utilization);

  // Without the check asked for, only the records come back.
  analysis.request(snap->spec, snap->start_ns, true, false);
  analysis.wait_idle();
  EXPECT_NE(analysis.latest(), result);
  EXPECT_FALSE(analysis.latest()->check.has_value());
}

TEST(RecordAnalysis, TheFrameThatAsksDoesNotWaitForTheAnswer) {
  auto ui = make_ui(finite_open_loop(), 1600, 1000);
  ASSERT_TRUE(ui);
  ui->app().select_tab(App::Tab::theory);
  // Frame 1 draws the tab (which wants intervals); frame 2 asks for them. Neither has them:
  // computing them in the frame would have put them there at once.
  ui->frame(1.0f / 30.0f);
  ui->frame(1.0f / 30.0f);
  EXPECT_EQ(ui->app().last_theory_check(), nullptr);
  ASSERT_TRUE(eventually(*ui, 15.0, [&] { return ui->app().last_theory_check() != nullptr; }))
      << "the intervals never arrived";
}

}  // namespace
}  // namespace poolscope::gui::test
