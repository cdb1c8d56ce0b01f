#include "poolscope/sweep.h"

#include <gtest/gtest.h>

#include "autoscale.h"

namespace poolscope {
namespace {

TEST(Sweep, ParsesListsAndDoublingRanges) {
  std::string error;
  EXPECT_EQ(parse_worker_list("1,2,4,8", error), (std::vector<int>{1, 2, 4, 8}));
  EXPECT_EQ(parse_worker_list("1..64", error), (std::vector<int>{1, 2, 4, 8, 16, 32, 64}));
  EXPECT_EQ(parse_worker_list("3..20", error), (std::vector<int>{3, 6, 12, 20}));
  EXPECT_EQ(parse_worker_list("5", error), (std::vector<int>{5}));
  EXPECT_EQ(error, "");
}

TEST(Sweep, BadListsNameTheValueAndWhatIsAllowed) {
  std::string error;
  for (const char* bad : {"", "0,1", "1,,2", "a", "1..", "8..2", "1..2000", "1.5", "-1"}) {
    EXPECT_FALSE(parse_worker_list(bad, error).has_value()) << bad;
    EXPECT_EQ(error.rfind("--workers: \"" + std::string(bad) + "\"", 0), 0u) << error;
    EXPECT_NE(error.find("1..1024"), std::string::npos) << error;
  }
}

TEST(Sweep, KneeIsWhereThroughputStopsGrowing) {
  const auto pts = [](std::initializer_list<double> tps) {
    std::vector<SweepPoint> out;
    int w = 1;
    for (double tp : tps) {
      SweepPoint p;
      p.workers = w;
      p.throughput_per_s = tp;
      out.push_back(p);
      w *= 2;
    }
    return out;
  };
  EXPECT_EQ(find_knee(pts({100, 195, 200, 198})), 1);  // CPU-bound on 2 cores
  EXPECT_EQ(find_knee(pts({100, 200, 400, 800})), 3);  // still scaling
  EXPECT_EQ(find_knee({}), -1);
}

TEST(Sweep, RunsRealShortRuns) {
  ScenarioSpec s;
  s.job_ms = 10;
  s.jobs = 40;
  s.buffer = 8;
  std::vector<int> seen;
  const auto points =
      run_sweep(s, {1, 4}, {}, {}, [&](const SweepPoint& p) { seen.push_back(p.workers); });
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(seen, (std::vector<int>{1, 4}));
  EXPECT_EQ(points[0].completed, 40u);
  EXPECT_GT(points[1].throughput_per_s, 2.0 * points[0].throughput_per_s);
  EXPECT_TRUE(points[1].knee);

  std::stop_source stop;
  stop.request_stop();
  EXPECT_TRUE(run_sweep(s, {1, 2}, {}, stop.get_token()).empty());
}

TEST(Autoscale, GrowsOnBacklogShrinksWhenCalm) {
  Autoscaler a;
  EXPECT_EQ(a.step(0.0, 1, 1, 16, 30, 0), 2);     // backlog, nobody idle: grow
  EXPECT_EQ(a.step(0.05, 2, 1, 16, 30, 0), 2);    // cool-down
  EXPECT_EQ(a.step(0.1, 2, 1, 16, 30, 0), 4);     // at most doubling
  EXPECT_EQ(a.step(0.2, 4, 1, 16, 1, 0), 5);      // a short backlog adds a little
  EXPECT_EQ(a.step(0.35, 15, 1, 16, 30, 0), 16);  // never past max
  EXPECT_EQ(a.step(1.0, 16, 1, 16, 0, 16), 16);   // calm starts
  EXPECT_EQ(a.step(1.6, 16, 1, 16, 0, 16), 8);    // calm for 0.5 s: give half the idle back
  EXPECT_EQ(a.step(1.7, 8, 1, 16, 0, 8), 8);      // cool-down
  EXPECT_EQ(a.step(2.0, 2, 2, 16, 0, 2), 2);      // never below min
}

}  // namespace
}  // namespace poolscope
