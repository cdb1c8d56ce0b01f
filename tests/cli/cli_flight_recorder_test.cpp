// `run --flight-recorder DIR`: a finding (the forgotten close's leak) and a p99 crossing each
// write one Chrome trace of about the last N seconds before the trigger, and the command says
// where; a directory that cannot be written is refused with a non-zero exit.
#include <regex>

#include "cli_support.h"

namespace poolscope::clitest {
namespace {

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
  return out;
}

// Every timed event of the trace lies within [from_s, to_s] (seconds since the run's start);
// returns how many slices it has.
int check_window(const nlohmann::json& trace, double from_s, double to_s) {
  int slices = 0;
  for (const auto& ev : trace["traceEvents"]) {
    if (!ev.contains("ts")) continue;
    const double ts = ev["ts"].get<double>() / 1e6;
    const double end = ts + ev.value("dur", 0.0) / 1e6;
    EXPECT_GE(ts, from_s - 1e-6) << ev.dump();
    EXPECT_LE(end, to_s + 1e-6) << ev.dump();
    if (ev["ph"] == "X") ++slices;
  }
  return slices;
}

TEST(CliFlightRecorder, ALeakWritesATraceOfTheSecondsBeforeItAndSaysWhere) {
  TempDir dir;
  const fs::path out = dir / "flight";  // made by the command
  const Result r =
      run_cli({"run", "--scenario", (kSourceDir / "assets/scenarios/05-forget-close.json").string(),
               "--flight-recorder", out.string(), "--flight-seconds", "1.2"},
              dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto files = files_in(out);
  ASSERT_EQ(files.size(), 1u) << "one recording for the one leak";
  const std::smatch m = [&] {
    std::smatch found;
    static const std::regex line(R"(flight recorder: leak at ([0-9.]+) s: .* in (\S+))");
    std::regex_search(r.out, found, line);
    return found;
  }();
  ASSERT_FALSE(m.empty()) << r.out;
  EXPECT_EQ(fs::path(m[2].str()), files[0]) << "the command names the file it wrote";
  const double at = std::stod(m[1].str());
  EXPECT_GT(at, 1.0) << "the leak is flagged a second after the jobs are done";
  nlohmann::json trace;
  ASSERT_NO_THROW(trace = nlohmann::json::parse(read_file(files[0]))) << "not valid JSON";
  ASSERT_TRUE(trace["traceEvents"].is_array());
  // The line rounds the time to 10 ms. The window holds the last jobs (they end about 1 s before
  // the leak is flagged), clipped at its start, and the workers' wait since.
  EXPECT_GT(check_window(trace, at - 1.2 - 0.01, at + 0.01), 3);
  int jobs = 0;
  for (const auto& ev : trace["traceEvents"])
    if (ev["ph"] == "X" && ev.value("cat", "") == "running") ++jobs;
  EXPECT_GT(jobs, 0) << trace.dump();
}

TEST(CliFlightRecorder, AP99CrossingWritesOneTraceOfTheLastSecondsBeforeIt) {
  TempDir dir;
  const fs::path out = dir / "flight";
  // Jobs arrive twice as fast as one worker serves them: the queue, and so the latency, grow
  // steadily (about half the run's age) and cross 500 ms after about a second, and stay above.
  const Result r = run_cli(
      {"run",        "--workers",       "1",     "--buffer",         "1000",  "--job-ms",
       "10",         "--dist",          "fixed", "--job-kind",       "sleep", "--rate",
       "200",        "--duration",      "3",     "--max-seconds",    "4",     "--flight-recorder",
       out.string(), "--flight-p99-ms", "500",   "--flight-seconds", "0.5",   "--json"},
      dir, 30s);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = parse_json_stdout(r);
  ASSERT_TRUE(summary.contains("flight_recordings")) << r.out;
  const auto& recs = summary["flight_recordings"];
  ASSERT_EQ(recs.size(), 1u) << "the p99 stays high: one recording, not one per sample";
  EXPECT_EQ(recs[0]["kind"], "p99");
  const double at = recs[0]["at_s"].get<double>();
  EXPECT_GT(at, 0.8);
  const fs::path file = recs[0]["path"].get<std::string>();
  ASSERT_EQ(files_in(out), std::vector<fs::path>{file});
  nlohmann::json trace;
  ASSERT_NO_THROW(trace = nlohmann::json::parse(read_file(file))) << "not valid JSON";
  EXPECT_GT(check_window(trace, at - 0.5, at), 10);
}

TEST(CliFlightRecorder, AnUnwritableDirectoryIsRefusedBeforeTheRun) {
  TempDir dir;
  std::ofstream(dir / "plain-file") << "x";
  const Result r = run_cli({"run", "--jobs", "5", "--job-ms", "1", "--flight-recorder",
                            (dir / "plain-file" / "sub").string()},
                           dir);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--flight-recorder"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("plain-file"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "") << "no run";
}

TEST(CliFlightRecorder, ItsOptionsNeedADirectory) {
  TempDir dir;
  const Result r = run_cli({"run", "--jobs", "5", "--flight-p99-ms", "100"}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--flight-recorder"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace poolscope::clitest
