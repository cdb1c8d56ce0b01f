// `run --state-at T --json`: the "states" array of the headless contract (issue 11), rebuilt
// from the run's recorded events.
#include "cli_support.h"

namespace poolscope::clitest {
namespace {

TEST(CliStateAt, SeedLessonAtOneAndAHalfSeconds) {
  TempDir dir;
  const std::string seed = (kSourceDir / "assets" / "scenarios" / "02-seed-program.json").string();
  const Result r =
      run_cli({"run", "--scenario", seed, "--state-at", "0.5", "--state-at", "1.5", "--json"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = parse_json_stdout(r);
  ASSERT_TRUE(j.contains("states")) << r.out;
  ASSERT_EQ(j["states"].size(), 2u);

  const auto& early = j["states"][0];
  EXPECT_DOUBLE_EQ(early["t"].get<double>(), 0.5);
  EXPECT_EQ(early["queue"]["depth"], 2);
  EXPECT_EQ(early["queue"]["capacity"], 5);
  EXPECT_EQ(early["queue"]["jobs"], nlohmann::json::array({4, 5}));

  const auto& s = j["states"][1];
  EXPECT_DOUBLE_EQ(s["t"].get<double>(), 1.5);
  ASSERT_EQ(s["workers"].size(), 3u) << s.dump();
  int running = 0, exited = 0;
  for (const auto& w : s["workers"]) {
    EXPECT_TRUE(w.contains("name") && w.contains("line")) << w.dump();
    if (w["state"] == "running") {
      ++running;
      EXPECT_TRUE(w["job"] == 4 || w["job"] == 5) << w.dump();
      EXPECT_EQ(w["line"], "worker_body");
    }
    if (w["state"] == "exited") {
      ++exited;
      EXPECT_TRUE(w["job"].is_null());
    }
  }
  EXPECT_EQ(running, 2) << s.dump();
  EXPECT_EQ(exited, 1) << s.dump();
  EXPECT_EQ(s["queue"]["depth"], 0);
  EXPECT_EQ(s["queue"]["jobs"], nlohmann::json::array());
  EXPECT_EQ(s["results"]["capacity"], 5);
  EXPECT_EQ(s["producer"]["state"], "done");
  EXPECT_TRUE(s["producer"]["holding"].is_null());
  EXPECT_EQ(s["consumer"]["state"], "waiting");
  EXPECT_EQ(s["consumer"]["line"], "consumer_range");
  const auto& a = s["accounting"];
  EXPECT_EQ(a["completed"], 3);
  EXPECT_EQ(a["in_progress"], 2);
  EXPECT_EQ(a["submitted"], 5);
  EXPECT_EQ(a["submitted"].get<int>(), a["completed"].get<int>() + a["failed"].get<int>() +
                                           a["rejected"].get<int>() + a["dropped"].get<int>() +
                                           a["cancelled"].get<int>() + a["queued"].get<int>() +
                                           a["in_progress"].get<int>() + a["held"].get<int>());
}

TEST(CliStateAt, BlockedProducerShowsTheJobInItsHand) {
  TempDir dir;
  const Result r = run_cli({"run", "--workers", "1", "--buffer", "1", "--jobs", "4", "--job-ms",
                            "100", "--state-at", "0.05", "--json"},
                           dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = parse_json_stdout(r);
  const auto& s = j["states"][0];
  EXPECT_EQ(s["producer"]["state"], "blocked") << s.dump();
  EXPECT_EQ(s["producer"]["holding"], 3);
  EXPECT_EQ(s["producer"]["line"], "producer_send");
  EXPECT_EQ(s["accounting"]["held"], 1);
  EXPECT_EQ(s["queue"]["jobs"], nlohmann::json::array({2}));
}

TEST(CliStateAt, NoStatesWithoutTheOption) {
  TempDir dir;
  const Result r = run_cli({"run", "--jobs", "3", "--job-ms", "5", "--json"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(parse_json_stdout(r).contains("states"));
}

TEST(CliStateAt, NegativeInstantIsAnError) {
  TempDir dir;
  const Result r =
      run_cli({"run", "--jobs", "3", "--job-ms", "5", "--state-at", "-1", "--json"}, dir);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("state-at"), std::string::npos) << r.err;
}

TEST(CliStateAt, TextOutputShowsTheRebuiltPicture) {
  TempDir dir;
  const Result r = run_cli(
      {"run", "--workers", "2", "--jobs", "4", "--job-ms", "50", "--state-at", "0.02"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("at 0.02 s: producer"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("worker 0: running"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace poolscope::clitest
