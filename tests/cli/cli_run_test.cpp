// The `poolscope run` contract: the JSON summary's keys, completion order, exit status 2 with a
// one-line message for bad options and bad scenario files, --max-seconds, and Ctrl-C (exit 130
// with the summary of what ran).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "cli_support.h"

namespace poolscope::clitest {
namespace {

TEST(CliRun, JsonHasEveryKeyOfTheContract) {
  TempDir dir;
  const Result r = run_cli(
      {"run", "--workers", "3", "--buffer", "5", "--jobs", "5", "--job-ms", "20", "--json"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto j = parse_json_stdout(r);
  for (const char* key :
       {"workers", "buffer", "wall_s", "submitted", "completed", "failed", "rejected", "dropped",
        "cancelled", "throughput_per_s", "queue_wait_ms", "service_ms", "latency_ms", "utilization",
        "producer_blocked_s", "max_queue_depth", "mean_queue_depth", "completion_order"})
    EXPECT_TRUE(j.contains(key)) << "missing key " << key << "\n" << r.out;
  for (const char* stat : {"queue_wait_ms", "service_ms", "latency_ms"}) {
    ASSERT_TRUE(j[stat].is_object()) << stat;
    for (const char* field : {"mean", "p50", "p95", "p99", "max"})
      EXPECT_TRUE(j[stat].contains(field) && j[stat][field].is_number()) << stat << "." << field;
    EXPECT_LE(j[stat]["p50"].get<double>(), j[stat]["max"].get<double>()) << stat;
  }
  EXPECT_EQ(j["workers"], 3);
  EXPECT_EQ(j["buffer"], 5);
  EXPECT_EQ(j["submitted"], 5);
  EXPECT_EQ(j["completed"], 5);
  for (const char* zero : {"failed", "rejected", "dropped", "cancelled"}) EXPECT_EQ(j[zero], 0);
  const double util = j["utilization"].get<double>();
  EXPECT_GT(util, 0.0);
  EXPECT_LE(util, 1.0);
  EXPECT_GE(j["wall_s"].get<double>(), 0.04);  // two waves of 20 ms
  EXPECT_GE(j["service_ms"]["p50"].get<double>(), 19.5);
  EXPECT_GT(j["throughput_per_s"].get<double>(), 0.0);
}

// Sleep jobs wait, they do not compute: the run's CPU time (cpu_s, every thread) stays a small
// share of its wall time, whatever the sleepers do to end on time.
TEST(CliRun, SleepJobsCostLittleCpu) {
  TempDir dir;
  const Result r = run_cli({"run", "--workers", "8", "--buffer", "64", "--jobs", "400", "--job-ms",
                            "5", "--job-kind", "sleep", "--json"},
                           dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = parse_json_stdout(r);
  ASSERT_TRUE(j.contains("cpu_s") && j["cpu_s"].is_number()) << r.out;
  const double cpu = j["cpu_s"].get<double>(), wall = j["wall_s"].get<double>();
  EXPECT_GE(cpu, 0.0);
  EXPECT_GE(wall, 0.25);  // 400 x 5 ms over 8 workers
  EXPECT_LT(cpu / wall, 0.5) << "cpu " << cpu << " s over " << wall << " s";
}

TEST(CliRun, CompletionOrderListsEveryJobOnce) {
  TempDir dir;
  const Result r = run_cli({"run", "--workers", "4", "--jobs", "40", "--job-ms", "3", "--dist",
                            "exp", "--seed", "5", "--json"},
                           dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = parse_json_stdout(r);
  ASSERT_TRUE(j["completion_order"].is_array());
  const auto order = j["completion_order"].get<std::vector<std::uint64_t>>();
  std::set<std::uint64_t> ids(order.begin(), order.end());
  EXPECT_EQ(order.size(), 40u);
  EXPECT_EQ(ids.size(), 40u);
  EXPECT_EQ(*ids.begin(), 1u);
  EXPECT_EQ(*ids.rbegin(), 40u);
}

TEST(CliRun, NoCompletionOrderAboveAThousandJobs) {
  TempDir dir;
  const Result r = run_cli(
      {"run", "--workers", "2", "--buffer", "64", "--jobs", "1001", "--job-ms", "0", "--json"},
      dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = parse_json_stdout(r);
  EXPECT_EQ(j["completed"], 1001);
  EXPECT_FALSE(j.contains("completion_order"));
}

TEST(CliRun, CountsAddUpWithPoliciesAndFailures) {
  TempDir dir;
  const Result r = run_cli({"run", "--workers", "1", "--buffer", "1", "--jobs", "30", "--job-ms",
                            "5", "--policy", "drop-oldest", "--fail", "0.3", "--json"},
                           dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = parse_json_stdout(r);
  const auto n = [&](const char* k) { return j[k].get<std::uint64_t>(); };
  EXPECT_EQ(n("submitted"), 30u);
  EXPECT_EQ(n("completed") + n("failed") + n("rejected") + n("dropped") + n("cancelled"), 30u);
  EXPECT_GT(n("dropped"), 0u);
}

TEST(CliRun, DefaultOutputIsAReadableSummary) {
  TempDir dir;
  const Result r = run_cli({"run", "--workers", "2", "--jobs", "4", "--job-ms", "5"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("submitted 4 = completed 4"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("latency"), std::string::npos) << r.out;
}

TEST(CliRun, ScenarioFileWithOptionsOnTop) {
  TempDir dir;
  const std::string seed = (kSourceDir / "assets" / "scenarios" / "seed.json").string();
  const Result r = run_cli({"run", "--scenario", seed, "--job-ms", "20", "--json"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = parse_json_stdout(r);
  EXPECT_EQ(j["workers"], 3);  // from the file
  EXPECT_EQ(j["buffer"], 5);
  EXPECT_EQ(j["submitted"], 5);
  EXPECT_LT(j["wall_s"].get<double>(), 0.5);  // the option replaced the file's 1 s jobs
}

TEST(CliRun, MaxSecondsCancelsALongRun) {
  TempDir dir;
  const Result r = run_cli({"run", "--workers", "2", "--jobs", "10", "--job-ms", "10000",
                            "--max-seconds", "0.3", "--json"},
                           dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_LT(r.seconds, 3.0);
  const auto j = parse_json_stdout(r);
  EXPECT_EQ(j["completed"], 0);
  EXPECT_GT(j["cancelled"].get<int>(), 0);
  EXPECT_EQ(j["cancelled"], j["submitted"]);
}

// ---- bad options: exit status 2, one line on stderr naming the option ----

struct BadArgs {
  std::vector<std::string> args;
  std::string names;  // what the message must mention
};

// Readable test names in failure output instead of a byte dump.
void PrintTo(const BadArgs& b, std::ostream* os) { *os << describe(b.args); }

class CliBadOption : public ::testing::TestWithParam<BadArgs> {};

TEST_P(CliBadOption, ExitsTwoWithOneLineNamingIt) {
  TempDir dir;
  const BadArgs& p = GetParam();
  const Result r = run_cli(p.args, dir, 10s);
  EXPECT_EQ(r.exit_code, 2) << describe(p.args) << "\n" << r.err;
  const auto lines = r.err_lines();
  ASSERT_EQ(lines.size(), 1u) << describe(p.args) << " stderr:\n" << r.err;
  EXPECT_NE(lines[0].find(p.names), std::string::npos)
      << describe(p.args) << ": \"" << lines[0] << "\" does not name " << p.names;
  EXPECT_EQ(r.out, "") << "nothing on stdout when the options are wrong";
}

INSTANTIATE_TEST_SUITE_P(
    Options, CliBadOption,
    ::testing::Values(BadArgs{{"run", "--workers", "0"}, "--workers"},
                      BadArgs{{"run", "--workers", "2000"}, "--workers"},
                      BadArgs{{"run", "--workers", "three"}, "--workers"},
                      BadArgs{{"run", "--buffer", "-1"}, "--buffer"},
                      BadArgs{{"run", "--jobs"}, "--jobs"},
                      BadArgs{{"run", "--job-ms", "fast"}, "--job-ms"},
                      BadArgs{{"run", "--job-kind", "nap"}, "--job-kind"},
                      BadArgs{{"run", "--dist", "normal"}, "--dist"},
                      BadArgs{{"run", "--policy", "sideways"}, "--policy"},
                      BadArgs{{"run", "--fail", "1.5"}, "--fail"},
                      BadArgs{{"run", "--cpu-fraction", "2"}, "--cpu-fraction"},
                      BadArgs{{"run", "--rate", "-3"}, "--rate"},
                      BadArgs{{"run", "--rate", "10", "--burst", "5", "--burst-every-ms", "100"},
                              "--burst"},
                      BadArgs{{"run", "--max-seconds", "-1"}, "--max-seconds"},
                      BadArgs{{"run", "--no-such-option"}, "--no-such-option"},
                      BadArgs{{"bench", "--workers", "0"}, "--workers"},
                      BadArgs{{"bench", "--jobs", "0"}, "--jobs"}),
    [](const auto& param_info) {
      std::string name;
      for (const auto& a : param_info.param.args)
        for (char c : a) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name + "_" + std::to_string(param_info.index);
    });

// ---- bad scenario files: the same contract ----

TEST(CliRun, EveryBadScenarioFileExitsTwoWithOneLine) {
  const fs::path dir_path = kSourceDir / "tests" / "data" / "bad_scenarios";
  ASSERT_TRUE(fs::is_directory(dir_path));
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir_path)) {
    TempDir dir;
    const std::string path = entry.path().string();
    const Result r = run_cli({"run", "--scenario", path, "--json"}, dir, 10s);
    ++files;
    EXPECT_EQ(r.exit_code, 2) << path << "\n" << r.err;
    const auto lines = r.err_lines();
    ASSERT_EQ(lines.size(), 1u) << path << " stderr:\n" << r.err;
    EXPECT_NE(lines[0].find(entry.path().filename().string()), std::string::npos)
        << "the message should name the file: " << lines[0];
    EXPECT_EQ(r.out, "");
  }
  EXPECT_GE(files, 10);
}

TEST(CliRun, MissingScenarioFileExitsTwo) {
  TempDir dir;
  const Result r = run_cli({"run", "--scenario", (dir / "nope.json").string()}, dir, 10s);
  EXPECT_EQ(r.exit_code, 2);
  const auto lines = r.err_lines();
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_NE(lines[0].find("nope.json"), std::string::npos) << lines[0];
}

// ---- Ctrl-C ----

class CliInterrupt : public ::testing::TestWithParam<bool> {};

TEST_P(CliInterrupt, SigintCancelsPrintsTheSummaryAndExits130) {
  TempDir dir;
  const bool json = GetParam();
  std::vector<std::string> args{"run",    "--workers", "2",        "--buffer", "3",
                                "--jobs", "20",        "--job-ms", "10000"};
  if (json) args.push_back("--json");
  double signalled_at = 0;
  const auto t0 = std::chrono::steady_clock::now();
  const Result r = run_cli(args, dir, 15s, [&](pid_t pid) {
    ASSERT_TRUE(wait_signal_watcher(pid, 5s)) << "poolscope never blocked SIGINT";
    std::this_thread::sleep_for(300ms);  // let the workers start their 10-second jobs
    signalled_at = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ::kill(pid, SIGINT);
  });
  EXPECT_EQ(r.signal, 0) << "killed by signal " << r.signal << " instead of handling it";
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_LT(r.seconds - signalled_at, 1.5) << "the cancel must end the run within about 1 s";
  if (json) {
    const auto j = parse_json_stdout(r);
    EXPECT_EQ(j["completed"], 0);
    EXPECT_GE(j["cancelled"].get<int>(), 5);  // 2 running + 3 queued at least
    EXPECT_EQ(j["cancelled"], j["submitted"]);
    EXPECT_EQ(j["queued"], 0);
    EXPECT_EQ(j["in_progress"], 0);
  } else {
    EXPECT_NE(r.out.find("submitted"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("cancelled"), std::string::npos) << r.out;
  }
}

INSTANTIATE_TEST_SUITE_P(Output, CliInterrupt, ::testing::Bool(),
                         [](const auto& param_info) { return param_info.param ? "Json" : "Text"; });

}  // namespace
}  // namespace poolscope::clitest
