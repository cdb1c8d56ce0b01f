// The CLI against hostile input and broken outputs: refused values say what is allowed in one
// printable line (exit 2); outputs are checked before and after the run (exit 1); signals cancel
// and still write what was asked (exit 128 + signal); a trace holds every job.
#include <sys/stat.h>

#include "cli_support.h"

namespace poolscope::clitest {
namespace {

bool printable_line(const std::string& s) {
  for (const char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  return true;
}

struct Refused {
  std::vector<std::string> args;
  std::string fragment;  // what the message must contain
};
void PrintTo(const Refused& b, std::ostream* os) { *os << describe(b.args); }

class CliRefused : public ::testing::TestWithParam<Refused> {};

TEST_P(CliRefused, ExitsTwoWithOnePrintableLineSayingWhatIsAllowed) {
  TempDir dir;
  const Refused& p = GetParam();
  const Result r = run_cli(p.args, dir, 10s);
  EXPECT_EQ(r.exit_code, 2) << describe(p.args) << "\n" << r.err;
  const auto lines = r.err_lines();
  ASSERT_EQ(lines.size(), 1u) << describe(p.args) << " stderr:\n" << r.err;
  EXPECT_NE(lines[0].find(p.fragment), std::string::npos)
      << describe(p.args) << ": \"" << lines[0] << "\" lacks \"" << p.fragment << "\"";
  EXPECT_TRUE(printable_line(lines[0])) << lines[0];
  EXPECT_LT(lines[0].size(), 400u) << lines[0];
  EXPECT_EQ(r.out, "");
}

INSTANTIATE_TEST_SUITE_P(
    Values, CliRefused,
    ::testing::Values(
        Refused{{"run", "--seed", "-1"},
                "--seed: \"-1\" is not a whole number from 0 to 18446744073709551615"},
        Refused{{"run", "--seed", "99999999999999999999"},
                "--seed: \"99999999999999999999\" is not"},
        Refused{{"run", "--seed", "18446744073709551616"},
                "--seed: \"18446744073709551616\" is not"},
        Refused{{"run", "--max-seconds", "nan"}, "--max-seconds: \"nan\" is not a number from 0"},
        Refused{{"run", "--max-seconds", "inf"}, "--max-seconds: \"inf\" is not"},
        Refused{{"run", "--max-seconds", "-1"},
                "--max-seconds: \"-1\" is not a number from 0 to 1000000"},
        Refused{{"sweep", "--workers", "1,2", "--max-seconds", "nan"}, "--max-seconds: \"nan\""},
        Refused{{"shot", "--at", "nan", "--out", "x.png"},
                "--at: \"nan\" is not a number from 0 to 3600"},
        Refused{{"run", "--job-ms", "nan"}, "--job-ms: \"nan\" is not a number from 0 to 600000"},
        Refused{{"run", "--rate", "-inf"}, "--rate: \"-inf\" is not"},
        Refused{{"run", "--fail", "NaN"}, "--fail: \"NaN\" is not a number from 0 to 1"},
        Refused{{"run", "--workers", ""}, "--workers: \"\" is not a whole number from 1 to 1024"},
        Refused{{"run", "--job-ms", ""}, "--job-ms: \"\" is not a number"},
        Refused{{"run", "--scenario", ""}, "--scenario: an empty value"},
        Refused{{"run", "--trace", ""}, "--trace: an empty value"},
        Refused{{"run", "--csv", ""}, "--csv: an empty value"},
        Refused{{"shot", "--at", "1", "--out", ""}, "--out: an empty value"},
        Refused{{"run", "--workers", "1e12"},
                "--workers: \"1e12\" is not a whole number from 1 to 1024"},
        Refused{{"run", "--burst", "x"}, "--burst: \"x\" is not 0 (none) or a whole number from 1"},
        Refused{{"bench", "--workers", "1e12"},
                "--workers: \"1e12\" is not a whole number from 1 to 1024"},
        Refused{{"run", "--policy", "block\nX"}, "--policy: \"block\\nX\" is not one of"},
        Refused{{"run", "--job-kind", "a\x1b[31mred"}, "--job-kind: \"a\\x1b[31mred\""},
        Refused{{"run", "--dist", "a\rb"}, "--dist: \"a\\rb\""},
        Refused{{"run", "--mode", "x\ny"}, "--mode: \"x\\ny\""},
        Refused{{"run", "--mistake", std::string(5000, 'm')}, "--mistake: \"mmm"},
        Refused{{"run", "--no\nsuch"}, "no\\nsuch"}),
    [](const auto& param_info) { return "case" + std::to_string(param_info.index); });

// ---- hostile scenario files ----

Result run_scenario(const std::string& path, const TempDir& dir) {
  return run_cli({"run", "--scenario", path, "--json"}, dir, 15s);
}

void expect_refused(const Result& r, const std::string& fragment) {
  EXPECT_EQ(r.signal, 0) << "killed by signal " << r.signal;
  EXPECT_EQ(r.exit_code, 2) << r.err;
  const auto lines = r.err_lines();
  ASSERT_EQ(lines.size(), 1u) << r.err.substr(0, 500);
  EXPECT_NE(lines[0].find(fragment), std::string::npos) << lines[0];
  EXPECT_TRUE(printable_line(lines[0]));
  EXPECT_LT(lines[0].size(), 600u);
}

TEST(CliHostileScenario, DeepNestingIsRefusedNotACrash) {
  TempDir dir;
  for (const std::string key : {"workers", "title"}) {
    const fs::path path = dir / (key + "_deep.json");
    std::ofstream(path) << "{\"" << key << "\": " << std::string(100'000, '[')
                        << std::string(100'000, ']') << "}";
    expect_refused(run_scenario(path.string(), dir), "nesting deeper than 64 levels");
  }
}

TEST(CliHostileScenario, DevicesFifosAndBigFilesAreRefusedAtOnce) {
  TempDir dir;
  const fs::path fifo = dir / "fifo.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& path :
       {std::string("/dev/zero"), std::string("/dev/urandom"), fifo.string()}) {
    const Result r = run_scenario(path, dir);
    expect_refused(r, "not a regular file");
    EXPECT_LT(r.seconds, 5.0) << path;
  }
  const fs::path big = dir / "big.json";
  std::ofstream(big) << "{\"title\": \"" << std::string(1 << 20, 'x') << "\"}";
  expect_refused(run_scenario(big.string(), dir), "larger than 1048576 bytes");
}

TEST(CliHostileScenario, ManyKeysAreRejectedFast) {
  TempDir dir;
  const fs::path path = dir / "keys.json";
  {
    std::ofstream out(path);
    out << "{";
    std::size_t size = 1;
    for (int i = 0; size < (1u << 20) - 100; ++i) {
      const std::string k = "\"key" + std::to_string(i) + "\": 1, ";
      out << k;
      size += k.size();
    }
    out << "\"end\": 1}";
  }
  const Result r = run_scenario(path.string(), dir);
  expect_refused(r, "unknown key \"key0\"");
  EXPECT_LT(r.seconds, 5.0) << "rejecting 1 MiB must take linear time";
}

TEST(CliHostileScenario, ControlCharactersInKeysAreEscaped) {
  TempDir dir;
  const fs::path path = dir / "key.json";
  std::ofstream(path) << "{\"wor\\nkers\": 1, \"\\u001b[31m\": 2}";
  expect_refused(run_scenario(path.string(), dir), "unknown key \"wor\\nkers\"");
}

// ---- outputs ----

TEST(CliOutputs, WriteErrorsExitOneNamingThePath) {
  TempDir dir;
  for (const std::string opt : {"--trace", "--csv"}) {
    const Result r = run_cli({"run", "--jobs", "20", "--job-ms", "0", opt, "/dev/full"}, dir);
    EXPECT_EQ(r.exit_code, 1) << opt << "\n" << r.err;
    EXPECT_NE(r.err.find(opt + ": cannot write \"/dev/full\": No space left on device"),
              std::string::npos)
        << r.err;
  }
  Result r = run_cli({"run", "--jobs", "3", "--job-ms", "0", "--json"}, dir, 20s, {},
                     {Stdout::path, "/dev/full"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot write standard output: No space left on device"), std::string::npos)
      << r.err;
  r = run_cli({"run", "--jobs", "3", "--job-ms", "0"}, dir, 20s, {}, {Stdout::closed, {}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot write standard output: Bad file descriptor"), std::string::npos)
      << r.err;
}

TEST(CliOutputs, UnwritablePathsAreRefusedBeforeTheRun) {
  TempDir dir;
  const std::string missing = (dir / "nope" / "x.json").string();
  for (const std::string opt : {"--trace", "--csv"}) {
    const Result r =
        run_cli({"run", "--workers", "1", "--jobs", "3", "--job-ms", "1000", opt, missing}, dir);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_LT(r.seconds, 2.0) << "the 3 s run must not happen first";
    EXPECT_NE(r.err.find(opt + ": cannot write \"" + missing + "\""), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
  // shot refuses a missing directory (it does not create it) before waiting its --at.
  const std::string png = (dir / "missing" / "dir" / "x.png").string();
  const Result r = run_cli({"shot", "--at", "10", "--out", png}, dir);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_LT(r.seconds, 3.0);
  EXPECT_NE(r.err.find("does not exist (it is not created)"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "missing"));
}

TEST(CliOutputs, ShotWriteErrorExitsOne) {
  TempDir dir;
  const Result r =
      run_cli({"shot", "--at", "0.2", "--size", "200x200", "--out", "/dev/full"}, dir, 60s);
  if (r.err.find("needs the GUI") != std::string::npos) GTEST_SKIP() << "built without the GUI";
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("cannot write /dev/full: No space left on device"), std::string::npos)
      << r.err;
}

TEST(CliOutputs, BrokenPipeEndsQuietlyWithFilesWritten) {
  TempDir dir;
  const fs::path trace = dir / "t.json";
  const Result r =
      run_cli({"run", "--jobs", "50", "--job-ms", "0", "--json", "--trace", trace.string()}, dir,
              20s, {}, {Stdout::broken_pipe, {}});
  EXPECT_EQ(r.signal, 0) << "killed by SIGPIPE";
  EXPECT_EQ(r.exit_code, 141);
  EXPECT_EQ(r.err, "") << "a reader that left is not worth a message";
  EXPECT_TRUE(nlohmann::json::accept(read_file(trace)));
}

// ---- the trace holds every job ----

TEST(CliOutputs, TraceHoldsEveryJobOfALongRun) {
  TempDir dir;
  const fs::path trace = dir / "t.json";
  const int jobs = 250'000;  // the trace kept about 97,000 of these
  const Result r = run_cli({"run", "--workers", "1", "--jobs", std::to_string(jobs), "--job-ms",
                            "0", "--json", "--trace", trace.string()},
                           dir, 120s);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = parse_json_stdout(r);
  EXPECT_EQ(j["completed"], jobs);
  EXPECT_EQ(j["lost_events"], 0);
  const auto doc = nlohmann::json::parse(read_file(trace));
  std::vector<bool> seen(jobs + 1, false);
  int running = 0;
  for (const auto& e : doc["traceEvents"]) {
    if (e.value("cat", "") != "running") continue;
    const auto id = e["args"]["job"].get<std::size_t>();
    ASSERT_LE(id, std::size_t(jobs));
    EXPECT_FALSE(seen[id]) << "job " << id << " twice";
    seen[id] = true;
    ++running;
  }
  EXPECT_EQ(running, jobs);
}

// ---- signals ----

class CliSignal : public ::testing::TestWithParam<int> {};

TEST_P(CliSignal, CancelsWritesEverythingAndExits128PlusSignal) {
  TempDir dir;
  const int sig = GetParam();
  const fs::path trace = dir / "t.json", csv = dir / "c.csv";
  const Result r = run_cli({"run", "--workers", "2", "--jobs", "20", "--job-ms", "10000", "--json",
                            "--trace", trace.string(), "--csv", csv.string()},
                           dir, 15s, [&](pid_t pid) {
                             ASSERT_TRUE(wait_signal_watcher(pid, 5s));
                             std::this_thread::sleep_for(300ms);
                             ::kill(pid, sig);
                           });
  EXPECT_EQ(r.signal, 0) << "killed by signal " << r.signal << " (a core dump for SIGQUIT)";
  EXPECT_EQ(r.exit_code, 128 + sig) << r.err;
  const auto j = parse_json_stdout(r);
  EXPECT_EQ(j["cancelled"], j["submitted"]);
  EXPECT_TRUE(nlohmann::json::accept(read_file(trace)));
  EXPECT_NE(read_file(csv).find("cancelled"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Signals, CliSignal, ::testing::Values(SIGTERM, SIGHUP, SIGQUIT),
                         [](const auto& param_info) {
                           return "sig" + std::to_string(param_info.param);
                         });

TEST(CliSignalBench, BenchIsCancelledBySigterm) {
  TempDir dir;
  const Result r = run_cli({"bench", "--jobs", "1000000000", "--json"}, dir, 15s, [&](pid_t pid) {
    ASSERT_TRUE(wait_signal_watcher(pid, 5s));
    std::this_thread::sleep_for(300ms);
    ::kill(pid, SIGTERM);
  });
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, 143) << r.err;
  EXPECT_LT(r.seconds, 10.0);
}

}  // namespace
}  // namespace poolscope::clitest
