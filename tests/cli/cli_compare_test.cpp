// `poolscope compare A B`: two known runs (2 against 8 workers under the same arrivals: the
// throughput difference is beyond the noise), the same saved run twice (no difference, not
// beyond the noise), and inputs that are neither a scenario nor a saved run (exit 2, one line).
#include <gtest/gtest.h>

#include <fstream>

#include "cli_support.h"

namespace poolscope::clitest {
namespace {

// Poisson arrivals at 600/s of exponential 5 ms jobs: 8 workers keep up (ρ ≈ 0.4), 2 workers
// cannot (their capacity is 400/s, so they run flat out and the queue grows).
fs::path write_scenario(const TempDir& dir, const std::string& name, int workers) {
  const fs::path p = dir / name;
  std::ofstream(p)
      << R"({"rate": 600, "job_ms": 5, "dist": "exp", "duration": 2, "buffer": 100000, "workers": )"
      << workers << "}";
  return p;
}

fs::path save_run(const TempDir& dir, const fs::path& scenario, const std::string& name) {
  const Result r = run_cli({"run", "--scenario", scenario.string(), "--json"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const fs::path p = dir / name;
  std::ofstream(p) << r.out;
  return p;
}

TEST(CliCompare, TwoAgainstEightWorkersIsBeyondTheNoise) {
  TempDir dir;
  const fs::path eight = save_run(dir, write_scenario(dir, "eight.json", 8), "eight-run.json");
  const fs::path two = write_scenario(dir, "two.json", 2);
  const Result r = run_cli({"compare", two.string(), eight.string(), "--json"}, dir, 30s);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = parse_json_stdout(r);
  EXPECT_EQ(j["a"]["kind"], "scenario");
  EXPECT_EQ(j["b"]["kind"], "saved run");
  const auto& t = j["metrics"]["throughput_per_s"];
  EXPECT_LT(t["a"].get<double>(), 450.0) << t.dump();  // two workers: at most 400/s
  EXPECT_GT(t["b"].get<double>(), 520.0) << t.dump();
  EXPECT_GT(t["difference"].get<double>(), 0.0);
  EXPECT_NEAR(t["percent"].get<double>(),
              100.0 * t["difference"].get<double>() / t["a"].get<double>(), 0.01);
  EXPECT_EQ(t["beyond_noise"], true) << t.dump();
  EXPECT_EQ(j["metrics"]["utilization"]["beyond_noise"], true);
  // Percentiles have no interval, and say so rather than guess.
  for (const char* p : {"latency_p50_ms", "latency_p95_ms", "latency_p99_ms"}) {
    EXPECT_TRUE(j["metrics"][p]["beyond_noise"].is_null()) << p;
    EXPECT_NE(j["metrics"][p]["note"].get<std::string>().find("no interval"), std::string::npos);
  }
}

TEST(CliCompare, TheSameSavedRunTwiceDiffersByNothing) {
  TempDir dir;
  const fs::path run = save_run(dir, write_scenario(dir, "eight.json", 8), "run.json");
  const Result r = run_cli({"compare", run.string(), run.string(), "--json"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = parse_json_stdout(r);
  for (const char* m : {"throughput_per_s", "latency_mean_ms", "latency_p50_ms", "latency_p99_ms",
                        "queue_wait_mean_ms", "utilization"}) {
    EXPECT_EQ(j["metrics"][m]["difference"], 0.0) << m;
    EXPECT_NE(j["metrics"][m]["beyond_noise"], true) << m;
  }
  EXPECT_EQ(j["metrics"]["throughput_per_s"]["beyond_noise"], false);
  // The text shows the same side by side.
  const Result text = run_cli({"compare", run.string(), run.string()}, dir);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("throughput /s"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("no interval"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("+0.0%"), std::string::npos) << text.out;
}

TEST(CliCompare, BadInputsExitTwoWithOneLine) {
  TempDir dir;
  const fs::path neither = dir / "neither.json", garbage = dir / "garbage.txt";
  std::ofstream(neither) << R"({"foo": 1})";
  std::ofstream(garbage) << "not json at all";
  const fs::path good = write_scenario(dir, "good.json", 2);
  const std::vector<std::vector<std::string>> cases = {
      {"compare", (dir / "missing.json").string(), good.string()},
      {"compare", good.string(), neither.string()},
      {"compare", garbage.string(), good.string()},
      {"compare", good.string(), good.string(), "--scenario", good.string()},
      {"compare", good.string()},
  };
  for (const auto& args : cases) {
    const Result r = run_cli(args, dir);
    EXPECT_EQ(r.exit_code, 2) << describe(args) << "\n" << r.err;
    EXPECT_EQ(r.err_lines().size(), 1u) << describe(args) << "\n" << r.err;
    EXPECT_EQ(r.out, "") << describe(args);
  }
  const Result r = run_cli({"compare", good.string(), neither.string()}, dir);
  EXPECT_NE(r.err.find("neither a saved `run --json` output nor a scenario file"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace poolscope::clitest
