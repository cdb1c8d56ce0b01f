// make_theory(): the textbook numbers reach the report, beside the measured ones, and models
// that do not apply say so.
#include "poolscope/theory_report.h"

#include <gtest/gtest.h>

#include "poolscope/snapshot.h"

namespace poolscope {
namespace {

// An open loop that is the textbook M/M/2: λ = 2/s, S = 2/3 s (μ = 1.5/s), so a = 4/3, ρ = 2/3,
// Erlang C = 8/15, Wq = C / (cμ - λ) = 8/15 s, Lq = λ·Wq = 16/15.
Snapshot mm2() {
  Snapshot s;
  s.spec.workers = 2;
  s.spec.buffer = 1'000'000;
  s.spec.rate = 2.0;
  s.spec.dist = DurationDist::exp;
  s.spec.job_kind = JobKind::sleep;
  s.service_ms.count = 100;
  s.service_ms.mean = 2000.0 / 3.0;
  s.elapsed_s = 10.0;
  s.phase = RunPhase::finished;
  s.utilization = 0.7;
  s.queue_wait_ms.mean = 500.0;
  s.mean_queue_depth = 1.0;
  s.waited_share = 0.5;
  s.counters.submitted = s.counters.completed = s.counters.consumed = 20;
  s.latency_ms.count = 20;
  s.latency_ms.mean = 1200.0;
  s.mean_in_system = 2.4;
  return s;
}

TEST(TheoryReport, ErlangCTextbookValues) {
  const TheoryReport t = make_theory(mm2(), 2);
  ASSERT_TRUE(t.mmc.valid);
  EXPECT_TRUE(t.mmc.applies);
  EXPECT_TRUE(t.mmc.stable);
  EXPECT_NEAR(t.mmc.utilization.predicted, 2.0 / 3.0, 1e-9);
  EXPECT_NEAR(t.mmc.p_wait.predicted, 8.0 / 15.0, 1e-9);
  EXPECT_NEAR(t.mmc.wait_ms.predicted, 8000.0 / 15.0, 1e-6);
  EXPECT_NEAR(t.mmc.queue_len.predicted, 16.0 / 15.0, 1e-9);
  EXPECT_EQ(t.mmc.utilization.measured, 0.7);
  EXPECT_NEAR(t.mmc.wait_ms.relative_difference, (500.0 - 8000.0 / 15.0) / (8000.0 / 15.0), 1e-9);
}

TEST(TheoryReport, LittleUsesConsumptionRateAndLatency) {
  const TheoryReport t = make_theory(mm2(), 2);
  ASSERT_TRUE(t.little.valid);
  EXPECT_DOUBLE_EQ(t.little.lambda_per_s, 2.0);
  EXPECT_DOUBLE_EQ(t.little.l.predicted, 2.4);  // 2/s × 1.2 s
  EXPECT_DOUBLE_EQ(t.little.l.measured, 2.4);
  EXPECT_DOUBLE_EQ(t.little.l.relative_difference, 0.0);
}

TEST(TheoryReport, MmckWithASmallBuffer) {
  Snapshot s = mm2();
  s.spec.buffer = 0;  // K = c = 2: Erlang B(2, 4/3) = (a²/2) / (1 + a + a²/2) = 0.8889 / 3.2222
  s.counters.full_arrivals = 5;
  const TheoryReport t = make_theory(s, 2);
  ASSERT_TRUE(t.mmck.valid);
  EXPECT_EQ(t.mmck.capacity_k, 2);
  EXPECT_NEAR(t.mmck.p_block.predicted, (8.0 / 9.0) / (1.0 + 4.0 / 3.0 + 8.0 / 9.0), 1e-9);
  EXPECT_DOUBLE_EQ(t.mmck.p_block.measured, 0.25);
}

TEST(TheoryReport, PlainNotesWhenAModelDoesNotApply) {
  Snapshot s = mm2();
  s.spec.rate.reset();  // closed loop
  TheoryReport t = make_theory(s, 2);
  EXPECT_FALSE(t.mmc.valid);
  EXPECT_NE(t.mmc.note.find("closed loop"), std::string::npos) << t.mmc.note;
  EXPECT_FALSE(t.mmck.valid);
  EXPECT_NE(t.mmck.note.find("closed loop"), std::string::npos);

  s = mm2();
  s.spec.rate = 10.0;  // ρ = 10/3: unstable
  t = make_theory(s, 2);
  EXPECT_TRUE(t.mmc.valid);
  EXPECT_FALSE(t.mmc.stable);
  EXPECT_NE(t.mmc.note.find("unstable"), std::string::npos);

  s = mm2();
  s.spec.mode = PoolMode::spawn;
  EXPECT_NE(make_theory(s, 2).mmc.note.find("spawn"), std::string::npos);
}

TEST(TheoryReport, GoetzFromTheJobProfile) {
  Snapshot s = mm2();
  s.spec.job_kind = JobKind::spin;
  EXPECT_EQ(make_theory(s, 4).goetz.workers, 4);
  s.spec.job_kind = JobKind::mixed;
  s.spec.cpu_fraction = 0.25;  // W/C = 3: N = 4 × (1 + 3)
  EXPECT_EQ(make_theory(s, 4).goetz.workers, 16);
  s.spec.job_kind = JobKind::sleep;
  const TheoryReport t = make_theory(s, 4);
  EXPECT_EQ(t.goetz.workers, 1024);
  EXPECT_NE(t.goetz.note.find("only wait"), std::string::npos);
}

}  // namespace
}  // namespace poolscope
