// `poolscope code`: the Go program of a scenario on stdout. Where Go is installed, every preset and
// a few option combinations must pass `go vet` and `go build`; without Go that step is skipped.
#include <cstdlib>

#include "cli_support.h"

namespace poolscope::clitest {
namespace {

std::vector<fs::path> presets() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kSourceDir / "assets" / "scenarios"))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(CliCode, PrintsTheSeedProgram) {
  TempDir dir;
  const Result r = run_cli(
      {"code", "--scenario", (kSourceDir / "assets/scenarios/02-seed-program.json").string()}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("package main\n"), std::string::npos);
  EXPECT_NE(r.out.find("jobs := make(chan Job, 5)"), std::string::npos);
  EXPECT_NE(r.out.find("\t\t\tjobs <- j"), std::string::npos);
  EXPECT_NE(r.out.find("\t\tclose(jobs)\n"), std::string::npos);
}

TEST(CliCode, OptionsOverrideTheScenario) {
  TempDir dir;
  const Result r = run_cli({"code", "--workers", "7", "--buffer", "0", "--policy", "reject"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("for w := 0; w < 7; w++ {"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("jobs := make(chan Job, 0)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rejected++"), std::string::npos) << r.out;
}

TEST(CliCode, MistakePresetsPrintTheBug) {
  TempDir dir;
  for (const char* f :
       {"05-forget-close.json", "06-wait-before-drain.json", "07-close-results-early.json"}) {
    const Result r =
        run_cli({"code", "--scenario", (kSourceDir / "assets/scenarios" / f).string()}, dir);
    ASSERT_EQ(r.exit_code, 0) << f << ": " << r.err;
    EXPECT_NE(r.out.find("// BUG:"), std::string::npos) << f;
  }
}

TEST(CliCode, BadOptionIsAOneLineError) {
  TempDir dir;
  const Result r = run_cli({"code", "--workers", "0"}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  ASSERT_EQ(r.err_lines().size(), 1u) << r.err;
  EXPECT_NE(r.err.find("--workers"), std::string::npos) << r.err;
}

// One Go module with a package per program: a single `go vet ./...` and `go build ./...`.
TEST(CliCode, EveryProgramPassesGoVetAndBuild) {
  if (std::system("command -v go >/dev/null 2>&1") != 0) GTEST_SKIP() << "Go is not installed";
  TempDir dir;
  std::vector<std::vector<std::string>> runs;
  for (const auto& f : presets()) runs.push_back({"code", "--scenario", f.string()});
  for (const std::vector<std::string>& opts : std::vector<std::vector<std::string>>{
           {"--policy", "reject", "--rate", "20"},
           {"--policy", "drop-oldest", "--timeout-ms", "50", "--job-kind", "spin"},
           {"--policy", "caller-runs", "--downstream", "2", "--job-kind", "mixed", "--dist",
            "lognormal", "--spread", "1"},
           {"--priority-share", "0.3", "--io-share", "0.5", "--io-workers", "2", "--fail", "0.1",
            "--dist", "exp", "--burst", "5", "--burst-every-ms", "200"},
           {"--mode", "spawn", "--consumer-ms", "10", "--duration", "2", "--dist", "uniform"},
           {"--job-ms", "0.5", "--timeout-ms", "2.5", "--job-kind", "mixed", "--io-share", "0.3"},
           {"--mistake", "wait_before_drain", "--policy", "drop-oldest", "--priority-share",
            "0.5"}}) {
    std::vector<std::string> args{"code"};
    args.insert(args.end(), opts.begin(), opts.end());
    runs.push_back(args);
  }
  const fs::path mod = dir / "mod";
  fs::create_directories(mod);
  std::ofstream(mod / "go.mod") << "module poolscopecode\n\ngo 1.19\n";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const Result r = run_cli(runs[i], dir);
    ASSERT_EQ(r.exit_code, 0) << describe(runs[i]) << ": " << r.err;
    const fs::path pkg = mod / ("p" + std::to_string(i));
    fs::create_directories(pkg);
    std::ofstream(pkg / "main.go") << r.out;
  }
  // Without HOME, Go has no cache directory: give it one in the test's directory.
  const std::string env = std::getenv("HOME") ? ""
                                              : "GOCACHE='" + (dir / "gocache").string() +
                                                    "' GOPATH='" + (dir / "gopath").string() + "' ";
  const fs::path log = dir / "go.log";
  for (const char* step : {"vet", "build"}) {
    const std::string cmd = "cd '" + mod.string() + "' && " + env + "go " + step + " ./... >'" +
                            log.string() + "' 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << "go " << step << ":\n" << read_file(log);
  }
}

}  // namespace
}  // namespace poolscope::clitest
