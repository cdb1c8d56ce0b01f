// `--limit` and its tuning on the command line: a run reports its limit in --json, bad values
// exit 2 with one line naming the option, and a limit's options make no sense without one.
#include <gtest/gtest.h>

#include "cli_support.h"

namespace poolscope::clitest {
namespace {

TEST(CliLimit, RunReportsTheLimit) {
  TempDir dir;
  const Result r = run_cli(
      {"run", "--workers", "8", "--jobs", "40", "--job-ms", "0", "--downstream-latency-ms", "5",
       "--limit", "aimd", "--limit-initial", "2", "--limit-min", "1", "--limit-max", "4", "--json"},
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = parse_json_stdout(r);
  ASSERT_TRUE(j.contains("limit")) << r.out;
  const auto& l = j["limit"];
  EXPECT_EQ(l["policy"], "aimd");
  EXPECT_EQ(l["calls"], 40);
  EXPECT_EQ(l["min"], 2);
  EXPECT_EQ(l["max"], 4);  // grew from 2 to its max while all 8 workers wanted to call
  EXPECT_GE(l["final"].get<int>(), 1);
  EXPECT_LE(l["final"].get<int>(), 4);
  EXPECT_GE(l["min_rtt_ms"].get<double>(), 4.9);
  EXPECT_EQ(l["baseline"], "timeout");
  EXPECT_EQ(j["completed"], 40);

  // Without --limit the report has no limit.
  const Result plain = run_cli({"run", "--jobs", "3", "--job-ms", "1", "--json"}, dir);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_FALSE(parse_json_stdout(plain).contains("limit"));
}

TEST(CliLimit, BadValuesExitTwoWithOneLine) {
  TempDir dir;
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--limit", "vegas2"}, "--limit"},
      {{"--limit-min", "3"}, "--limit-min tunes an adaptive limit"},
      {{"--limit", "aimd", "--limit-min", "9", "--limit-max", "3"}, "--limit-min and --limit-max"},
      {{"--limit", "gradient2", "--limit-timeout-ms", "50"}, "--limit-timeout-ms applies to"},
      {{"--limit", "vegas", "--limit-max", "0.5"}, "--limit-max"},
      {{"--downstream-latency-ms", "-2"}, "--downstream-latency-ms"},
      {{"--limit", "vegas", "--mode", "spawn"}, "cannot be combined with --limit"},
  };
  for (const auto& [opts, message] : cases) {
    std::vector<std::string> args{"run", "--jobs", "2", "--job-ms", "1"};
    args.insert(args.end(), opts.begin(), opts.end());
    const Result r = run_cli(args, dir);
    EXPECT_EQ(r.exit_code, 2) << opts[0] << "\n" << r.err;
    const auto lines = r.err_lines();
    ASSERT_EQ(lines.size(), 1u) << r.err;
    EXPECT_NE(lines[0].find(message), std::string::npos) << lines[0];
    EXPECT_EQ(r.out, "");
  }
}

}  // namespace
}  // namespace poolscope::clitest
