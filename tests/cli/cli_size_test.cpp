// `poolscope size`: its answer, its verification runs and its refusals.
#include "cli_support.h"

namespace poolscope::clitest {
namespace {

TEST(CliSize, RefusesBadInputWithExitTwo) {
  TempDir dir;
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--rate", "0", "--job-ms", "10", "--wait-ms", "5", "--percentile", "90"}, "--rate"},
      {{"--rate", "10", "--job-ms", "10", "--wait-ms", "5", "--percentile", "100"},
       "--percentile: 100 is not strictly between 0 and 100"},
      {{"--rate", "10", "--job-ms", "10", "--wait-ms", "5", "--percentile", "0"},
       "--percentile: 0 is not strictly between 0 and 100"},
      {{"--rate", "10", "--job-ms", "10", "--wait-ms", "-1", "--percentile", "90"}, "--wait-ms"},
      {{"--rate", "10", "--job-ms", "0", "--wait-ms", "5", "--percentile", "90"},
       "--job-ms: must be more than 0"},
      {{"--rate", "1000", "--job-ms", "2000", "--wait-ms", "5", "--percentile", "90"},
       "more than 1024"},
      {{"--rate", "10", "--job-ms", "10", "--wait-ms", "5", "--percentile", "90", "--dist", "x"},
       "--dist"},
  };
  for (const auto& [extra, expect] : cases) {
    std::vector<std::string> args = {"size"};
    args.insert(args.end(), extra.begin(), extra.end());
    const Result r = run_cli(args, dir);
    EXPECT_EQ(r.exit_code, 2) << describe(args) << "\n" << r.err;
    EXPECT_EQ(r.err_lines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find(expect), std::string::npos) << describe(args) << "\n" << r.err;
  }
}

// The textbook call centre (10 Erlangs, 80% within 20 s) needs 14 agents; without verification
// runs the JSON has the prediction and no measurements.
TEST(CliSize, PredictsTheTextbookAnswer) {
  TempDir dir;
  const Result r = run_cli({"size", "--rate", "0.0555555556", "--job-ms", "180000", "--wait-ms",
                            "20000", "--percentile", "80", "--no-verify", "--json"},
                           dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = parse_json_stdout(r);
  EXPECT_EQ(j["workers"], 14);
  EXPECT_NEAR(j["predicted"]["at_workers"]["p_within"].get<double>(), 0.8884, 0.0001);
  EXPECT_NEAR(j["predicted"]["at_one_fewer"]["p_within"].get<double>(), 0.7956, 0.0001);
  EXPECT_TRUE(j["measured"].empty());
}

// 200 jobs/s of exponential 20 ms jobs (4 Erlangs), 90% within 10 ms: the run at the answer
// measures close to the target (or above), the run with one fewer measures below it.
TEST(CliSize, VerificationRunsMeetTheTargetAtTheAnswerOnly) {
  TempDir dir;
  const Result r = run_cli({"size", "--rate", "200", "--job-ms", "20", "--wait-ms", "10",
                            "--percentile", "90", "--seconds", "3", "--json"},
                           dir, 60s);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = parse_json_stdout(r);
  const int c = j["workers"];
  ASSERT_GT(c, 4);
  const auto& at = j["measured"][std::to_string(c)];
  const auto& fewer = j["measured"][std::to_string(c - 1)];
  ASSERT_TRUE(at.is_object()) << r.out;
  ASSERT_TRUE(fewer.is_object()) << r.out;
  EXPECT_GT(at["jobs"].get<int>(), 300);
  EXPECT_GE(at["p_within"].get<double>(), 0.85) << at.dump();
  EXPECT_LT(fewer["p_within"].get<double>(), at["p_within"].get<double>()) << fewer.dump();
  EXPECT_LE(at["wait_ms"]["p50"].get<double>(), at["wait_ms"]["p95"].get<double>());
  EXPECT_LE(at["wait_ms"]["p95"].get<double>(), at["wait_ms"]["p99"].get<double>());
  for (const char* q : {"p50", "p95", "p99"}) {
    const auto& ci = at["wait_ms"][std::string(q) + "_ci95"];
    ASSERT_EQ(ci.size(), 2u) << at.dump();
    EXPECT_LE(ci[0].get<double>(), at["wait_ms"][q].get<double>()) << q;
    EXPECT_GE(ci[1].get<double>(), at["wait_ms"][q].get<double>()) << q;
  }
  const auto& ci = at["p_within_ci95"];
  EXPECT_LE(ci[0].get<double>(), at["p_within"].get<double>());
  EXPECT_GE(ci[1].get<double>(), at["p_within"].get<double>());
}

}  // namespace
}  // namespace poolscope::clitest
