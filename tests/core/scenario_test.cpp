#include "poolscope/scenario.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace poolscope {
namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir = POOLSCOPE_SOURCE_DIR;

ScenarioSpec parse_ok(const std::string& text) {
  std::string error;
  auto spec = parse_scenario(text, error);
  EXPECT_TRUE(spec.has_value()) << text;
  EXPECT_EQ(error, "");
  return spec.value_or(ScenarioSpec{});
}

std::string parse_error(const std::string& text) {
  std::string error;
  EXPECT_FALSE(parse_scenario(text, error).has_value()) << text;
  return error;
}

// A spec with every key away from its default (bursts, so no rate).
ScenarioSpec full_spec() {
  ScenarioSpec s;
  s.title = "Everything \"quoted\" — ünïcode";
  s.lesson = "Line one.\nLine two.";
  s.workers = 8;
  s.buffer = 0;
  s.results_buffer = 16;
  s.duration_s = 2.5;
  s.job_ms = 0.1;
  s.job_kind = JobKind::mixed;
  s.cpu_fraction = 0.25;
  s.dist = DurationDist::lognormal;
  s.spread = 1.75;
  s.burst = 20;
  s.burst_every_ms = 250;
  s.policy = FullPolicy::drop_oldest;
  s.consumer_ms = 3;
  s.fail = 0.01;
  s.timeout_ms = 1500;
  s.downstream = 4;
  s.seed = std::numeric_limits<std::uint64_t>::max();
  s.jobs = 1000;
  s.mistake = Mistake::forget_close;
  s.expect_finding = "leak";
  s.autoscale_min = 2;
  s.autoscale_max = 16;
  s.priority_share = 0.25;
  s.io_share = 0.5;
  s.io_workers = 6;
  s.downstream_latency_ms = 12.5;
  s.downstream_steps = {{1.5, 40}, {3, 0.25}};
  s.limit = LimitPolicy::aimd;
  s.limit_initial = 5;
  s.limit_min = 2;
  s.limit_max = 50;
  s.limit_timeout_ms = 250;
  s.limit_probe_multiplier = 0;  // AIMD does not probe (Vegas's key is checked apart)
  s.show_at = 2.5;
  s.window_s = 4;
  return s;
}

TEST(Scenario, EmptyObjectGivesDefaults) {
  const ScenarioSpec spec = parse_ok("{}");
  EXPECT_EQ(spec, ScenarioSpec{});
  EXPECT_EQ(spec.workers, 3);
  EXPECT_EQ(spec.buffer, 5);
  EXPECT_FALSE(spec.results_buffer.has_value());
  EXPECT_EQ(spec.effective_results_buffer(), 5);
  EXPECT_EQ(spec.job_count(), 5);
  EXPECT_FALSE(spec.open_loop());
  EXPECT_EQ(validate(ScenarioSpec{}), "");
  EXPECT_EQ(validate(ScenarioSpec{}, KeyStyle::cli), "");
}

TEST(Scenario, EveryKeyIsParsed) {
  const std::string text = R"({
    "title": "T", "lesson": "L", "workers": 7, "buffer": 9, "results_buffer": 11, "jobs": 13,
    "duration": 1.5, "job_ms": 17.5, "job_kind": "spin", "cpu_fraction": 0.75,
    "dist": "exp", "spread": 2, "rate": 19.5, "burst": 0, "burst_every_ms": 23,
    "policy": "caller-runs", "consumer_ms": 29, "fail": 0.5, "timeout_ms": 31,
    "downstream": 37, "downstream_latency_ms": 43.5,
    "downstream_steps": [{"at_s": 1, "ms": 47}], "limit": "gradient2", "limit_initial": 53,
    "limit_min": 51, "limit_max": 59, "limit_timeout_ms": 0, "limit_probe_multiplier": 0, "seed": 41, "mode": "pool", "mistake": "wait_before_drain",
    "expect_finding": "deadlock", "autoscale_min": 0, "autoscale_max": 0,
    "priority_share": 0, "io_share": 0.5, "io_workers": 0, "show_at": 3.5, "window_s": 6
  })";
  const ScenarioSpec s = parse_ok(text);
  EXPECT_EQ(s.title, "T");
  EXPECT_EQ(s.lesson, "L");
  EXPECT_EQ(s.workers, 7);
  EXPECT_EQ(s.buffer, 9);
  EXPECT_EQ(s.results_buffer, 11);
  EXPECT_EQ(s.jobs, 13);
  EXPECT_EQ(s.duration_s, 1.5);
  EXPECT_EQ(s.job_ms, 17.5);
  EXPECT_EQ(s.job_kind, JobKind::spin);
  EXPECT_EQ(s.cpu_fraction, 0.75);
  EXPECT_EQ(s.dist, DurationDist::exp);
  EXPECT_EQ(s.spread, 2.0);
  EXPECT_EQ(s.rate, 19.5);
  EXPECT_EQ(s.burst, 0);
  EXPECT_EQ(s.burst_every_ms, 23.0);
  EXPECT_EQ(s.policy, FullPolicy::caller_runs);
  EXPECT_EQ(s.consumer_ms, 29.0);
  EXPECT_EQ(s.fail, 0.5);
  EXPECT_EQ(s.timeout_ms, 31.0);
  EXPECT_EQ(s.downstream, 37);
  EXPECT_EQ(s.downstream_latency_ms, 43.5);
  EXPECT_EQ(s.downstream_steps, (std::vector<LatencyStep>{{1, 47}}));
  EXPECT_EQ(s.limit, LimitPolicy::gradient2);
  EXPECT_EQ(s.limit_initial, 53);
  EXPECT_EQ(s.limit_min, 51);
  EXPECT_EQ(s.limit_max, 59);
  EXPECT_EQ(s.seed, 41u);
  EXPECT_EQ(s.mode, PoolMode::pool);
  EXPECT_EQ(s.mistake, Mistake::wait_before_drain);
  EXPECT_EQ(s.expect_finding, "deadlock");
  EXPECT_EQ(s.io_share, 0.5);
  EXPECT_EQ(s.show_at, 3.5);
  EXPECT_EQ(s.window_s, 6.0);

  // The text above names every key of the table: a new key needs a line here too.
  const auto doc = nlohmann::json::parse(text);
  std::set<std::string> in_text;
  for (const auto& item : doc.items()) in_text.insert(item.key());
  const std::set<std::string> in_table(scenario_keys().begin(), scenario_keys().end());
  EXPECT_EQ(in_text, in_table);
  EXPECT_EQ(scenario_keys().size(), in_table.size()) << "duplicate key in the table";
}

TEST(Scenario, IntegersMayBeWrittenAsWholeDoubles) {
  const ScenarioSpec s = parse_ok(R"({"workers": 3.0, "jobs": 1e3, "seed": 0})");
  EXPECT_EQ(s.workers, 3);
  EXPECT_EQ(s.jobs, 1000);
  EXPECT_EQ(s.seed, 0u);
  EXPECT_EQ(parse_ok(R"({"job_ms": 250})").job_ms, 250.0);  // and doubles as integers
}

TEST(Scenario, SeedCoversTheWholeUint64Range) {
  EXPECT_EQ(parse_ok(R"({"seed": 18446744073709551615})").seed,
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_NE(parse_error(R"({"seed": 18446744073709551616})").find("seed: "), std::string::npos);
  EXPECT_NE(parse_error(R"({"seed": 1.5})").find("seed: 1.5 is not an integer"), std::string::npos);
}

TEST(Scenario, RoundTripThroughJson) {
  std::vector<ScenarioSpec> specs{ScenarioSpec{}, full_spec()};
  ScenarioSpec open = full_spec();
  open.burst = 0;
  open.burst_every_ms = 0;
  open.rate = 123.456;
  open.jobs.reset();
  specs.push_back(open);
  for (const ScenarioSpec& s : specs) {
    ASSERT_EQ(validate(s), "");
    const std::string text = scenario_to_json(s);
    EXPECT_EQ(parse_ok(text), s) << text;
  }
}

TEST(Scenario, ToJsonWritesKeysInTableOrderAndOptionalsOnlyWhenSet) {
  const auto keys_of = [](const ScenarioSpec& s) {
    std::vector<std::string> out;
    const auto doc = nlohmann::ordered_json::parse(scenario_to_json(s));  // outlives items()
    for (const auto& item : doc.items()) {
      out.push_back(item.key());
    }
    return out;
  };
  ScenarioSpec all = full_spec();
  all.rate = 5;  // not valid together with bursts, but to_json writes what it is given
  const std::vector<std::string> table(scenario_keys().begin(), scenario_keys().end());
  EXPECT_EQ(keys_of(all), table);

  std::vector<std::string> without_optionals;
  for (const auto& key : table) {
    if (key != "results_buffer" && key != "jobs" && key != "duration" && key != "rate" &&
        key != "show_at" && key != "window_s" && key != "downstream_steps") {
      without_optionals.push_back(key);
    }
  }
  EXPECT_EQ(keys_of(ScenarioSpec{}), without_optionals);

  const std::string text = scenario_to_json(ScenarioSpec{});
  EXPECT_NE(text.find("\n  \"workers\": 3,\n"), std::string::npos) << "two-space indent";
  EXPECT_NE(text.find("\"policy\": \"block\""), std::string::npos);
}

TEST(Scenario, Enumerations) {
  for (JobKind k : {JobKind::sleep, JobKind::spin, JobKind::mixed}) {
    EXPECT_EQ(parse_job_kind(to_string(k)), k);
  }
  EXPECT_EQ(to_string(JobKind::sleep), "sleep");
  EXPECT_EQ(to_string(JobKind::spin), "spin");
  EXPECT_EQ(to_string(JobKind::mixed), "mixed");
  EXPECT_EQ(parse_job_kind("busy"), std::nullopt);

  for (DurationDist d :
       {DurationDist::fixed, DurationDist::uniform, DurationDist::exp, DurationDist::lognormal}) {
    EXPECT_EQ(parse_dist(to_string(d)), d);
  }
  EXPECT_EQ(to_string(DurationDist::fixed), "fixed");
  EXPECT_EQ(to_string(DurationDist::uniform), "uniform");
  EXPECT_EQ(to_string(DurationDist::exp), "exp");
  EXPECT_EQ(to_string(DurationDist::lognormal), "lognormal");
  EXPECT_EQ(parse_dist("normal"), std::nullopt);

  for (FullPolicy p :
       {FullPolicy::block, FullPolicy::reject, FullPolicy::caller_runs, FullPolicy::drop_oldest}) {
    EXPECT_EQ(parse_policy(to_string(p)), p);
  }
  EXPECT_EQ(to_string(FullPolicy::block), "block");
  EXPECT_EQ(to_string(FullPolicy::reject), "reject");
  EXPECT_EQ(to_string(FullPolicy::caller_runs), "caller-runs");
  EXPECT_EQ(to_string(FullPolicy::drop_oldest), "drop-oldest");
  EXPECT_EQ(parse_policy("caller_runs"), FullPolicy::caller_runs);
  EXPECT_EQ(parse_policy("drop_oldest"), FullPolicy::drop_oldest);
  EXPECT_EQ(parse_policy("Block"), std::nullopt);
  EXPECT_EQ(parse_policy(""), std::nullopt);

  EXPECT_EQ(to_string(ShutdownMode::drain), "drain");
  EXPECT_EQ(to_string(ShutdownMode::cancel), "cancel");
  EXPECT_EQ(to_string(ShutdownMode::abort), "abort");

  EXPECT_EQ(parse_ok(R"({"policy": "drop_oldest"})").policy, FullPolicy::drop_oldest);
  EXPECT_EQ(parse_ok(R"({"dist": "uniform"})").dist, DurationDist::uniform);
}

TEST(Scenario, RangeTable) {
  const KeyRange* workers = find_range("workers");
  ASSERT_NE(workers, nullptr);
  EXPECT_EQ(workers->min, 1);
  EXPECT_EQ(workers->max, 1024);
  ASSERT_NE(find_range("duration"), nullptr);
  EXPECT_EQ(find_range("duration")->min, 0.001);
  EXPECT_EQ(find_range("title"), nullptr);
  EXPECT_EQ(find_range("policy"), nullptr);
  EXPECT_EQ(find_range("nope"), nullptr);

  const std::set<std::string_view> keys(scenario_keys().begin(), scenario_keys().end());
  std::size_t ranged = 0;
  for (const KeyRange& r : scenario_ranges()) {
    EXPECT_TRUE(keys.count(r.key)) << r.key;
    EXPECT_LE(r.min, r.max) << r.key;
    ++ranged;
  }
  // Every key but title, lesson, job_kind, dist, policy, mode, mistake, expect_finding, limit
  // and downstream_steps (a list, checked step by step).
  EXPECT_EQ(ranged, 29u);
}

TEST(Scenario, KeyNames) {
  EXPECT_EQ(key_name("results_buffer", KeyStyle::json), "results_buffer");
  EXPECT_EQ(key_name("results_buffer", KeyStyle::cli), "--results-buffer");
  EXPECT_EQ(key_name("workers", KeyStyle::cli), "--workers");
}

TEST(Scenario, ValidateNamesKeyValueAndRange) {
  ScenarioSpec s;
  s.workers = 0;
  EXPECT_EQ(validate(s), "workers: 0 is out of range (allowed 1..1024)");
  EXPECT_EQ(validate(s, KeyStyle::cli), "--workers: 0 is out of range (allowed 1..1024)");

  s = ScenarioSpec{};
  s.results_buffer = -1;
  EXPECT_EQ(validate(s, KeyStyle::cli),
            "--results-buffer: -1 is out of range (allowed 0..1000000)");
  EXPECT_EQ(validate(s, KeyStyle::json), "results_buffer: -1 is out of range (allowed 0..1000000)");

  s = ScenarioSpec{};
  s.cpu_fraction = 1.25;
  EXPECT_EQ(validate(s), "cpu_fraction: 1.25 is out of range (allowed 0..1)");

  s = ScenarioSpec{};
  s.job_ms = std::nan("");
  EXPECT_NE(validate(s).find("job_ms: nan is not a finite number"), std::string::npos);
  s = ScenarioSpec{};
  s.rate = std::numeric_limits<double>::infinity();
  EXPECT_NE(validate(s, KeyStyle::cli).find("--rate: inf is not a finite number"),
            std::string::npos);

  s = ScenarioSpec{};
  s.burst = -1;
  EXPECT_EQ(validate(s), "burst: -1 is out of range (allowed 1..1000000, or 0 for none)");

  s = ScenarioSpec{};
  s.burst = 10;
  EXPECT_EQ(validate(s, KeyStyle::cli),
            "--burst-every-ms is required when --burst > 0 (allowed 1..3600000)");
  s.burst_every_ms = 0.5;
  EXPECT_NE(validate(s).find("burst_every_ms: 0.5 is out of range"), std::string::npos);
  s.burst_every_ms = 100;
  EXPECT_EQ(validate(s), "");
  s.rate = 50;
  EXPECT_EQ(validate(s), "rate and burst cannot be combined");
  EXPECT_EQ(validate(s, KeyStyle::cli), "--rate and --burst cannot be combined");

  // jobs and duration together: the producer stops at whichever comes first.
  s = ScenarioSpec{};
  s.jobs = 100;
  s.duration_s = 10;
  EXPECT_EQ(validate(s), "");

  // The lower and upper bounds themselves are allowed.
  s = ScenarioSpec{};
  s.workers = 1024;
  s.buffer = 0;
  s.fail = 1;
  s.duration_s = 0.001;
  s.seed = 0;
  EXPECT_EQ(validate(s), "");
}

TEST(Scenario, LessonKeysAreValidated) {
  EXPECT_EQ(parse_error(R"({"mistake": "forget"})"),
            "mistake: \"forget\" is not one of none, forget_close, wait_before_drain, "
            "close_results_early");
  EXPECT_EQ(parse_error(R"({"mode": "fork"})"), "mode: \"fork\" is not one of pool, spawn");
  EXPECT_EQ(parse_error(R"({"expect_finding": "race"})"),
            "expect_finding: \"race\" is not one of leak, deadlock, send_on_closed");
  EXPECT_NE(parse_error(R"({"autoscale_min": 8, "autoscale_max": 2})")
                .find("autoscale_min and autoscale_max: 8..2 is not a range"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"autoscale_min": 2})").find("autoscale_min and autoscale_max"),
            std::string::npos);
  EXPECT_EQ(parse_error(R"({"io_workers": 2000})"),
            "io_workers: 2000 is out of range (allowed 0..1024)");
  EXPECT_EQ(parse_error(R"({"priority_share": 1.5})"),
            "priority_share: 1.5 is out of range (allowed 0..1)");
  ScenarioSpec s;
  s.mode = PoolMode::spawn;
  s.io_workers = 4;
  EXPECT_EQ(validate(s, KeyStyle::cli),
            "--mode: spawn cannot be combined with --io-workers (it has no pool and no job "
            "queue; use mode pool)");
  s.io_workers = 0;
  EXPECT_EQ(validate(s), "");
  EXPECT_EQ(parse_mistake("close_results_early"), Mistake::close_results_early);
  EXPECT_EQ(parse_mode("spawn"), PoolMode::spawn);
  EXPECT_EQ(to_string(Mistake::wait_before_drain), "wait_before_drain");
}

TEST(Scenario, SyntaxErrorGivesLineAndColumn) {
  const std::string error = parse_error("{\n  \"title\": \"x\",\n  \"workers\": 3 4\n}\n");
  EXPECT_EQ(error.rfind("syntax error at line 3, column 16: ", 0), 0u) << error;
  // Columns count characters, not bytes.
  const std::string utf8 = parse_error("{\"title\": \"ü\" x}");
  EXPECT_EQ(utf8.rfind("syntax error at line 1, column 15: ", 0), 0u) << utf8;
}

TEST(Scenario, MissingFile) {
  std::string error;
  EXPECT_FALSE(load_scenario("/nonexistent/dir/x.json", error).has_value());
  EXPECT_EQ(error,
            "cannot open scenario file \"/nonexistent/dir/x.json\": No such file or directory");
  EXPECT_FALSE(load_scenario(kSourceDir.string(), error).has_value());  // a directory
  EXPECT_NE(error.find("scenario file"), std::string::npos) << error;
}

TEST(Scenario, SaveAndLoad) {
  const fs::path path =
      fs::temp_directory_path() /
      ("poolscope_scenario_test_" +
       std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".json");
  std::string error;
  ASSERT_TRUE(save_scenario(full_spec(), path.string(), error)) << error;
  const auto loaded = load_scenario(path.string(), error);
  fs::remove(path);
  ASSERT_TRUE(loaded.has_value()) << error;
  EXPECT_EQ(*loaded, full_spec());

  EXPECT_FALSE(save_scenario(full_spec(), "/nonexistent/dir/x.json", error));
  EXPECT_NE(error.find("cannot write scenario file \"/nonexistent/dir/x.json\""), std::string::npos)
      << error;
}

// Each file in tests/data/bad_scenarios/ must fail to load with a message containing its
// fragment; a file without an entry here (or an entry without a file) fails the test.
TEST(Scenario, BadScenarioCorpus) {
  const std::map<std::string, std::string> expected{
      {"unknown_key.json", "unknown key \"wokers\" (known keys: title, lesson, workers, buffer,"},
      {"workers_string.json", "workers: \"three\" is not an integer"},
      {"job_ms_string.json", "job_ms: \"fast\" is not a number"},
      {"title_number.json", "title: 42 is not a string"},
      {"policy_unknown.json",
       "policy: \"drop-newest\" is not one of block, reject, caller-runs, drop-oldest"},
      {"job_kind_number.json", "job_kind: 1 is not a string (one of sleep, spin, mixed)"},
      {"fail_boolean.json", "fail: true is not a number"},
      {"rate_null.json", "rate: null is not a number"},
      {"workers_zero.json", "workers: 0 is out of range (allowed 1..1024)"},
      {"workers_too_many.json", "workers: 2000 is out of range (allowed 1..1024)"},
      {"cpu_fraction_high.json", "cpu_fraction: 1.5 is out of range (allowed 0..1)"},
      {"duration_low.json", "duration: 0.0001 is out of range (allowed 0.001..86400)"},
      {"workers_fraction.json", "workers: 3.5 is not an integer"},
      {"seed_negative.json", "seed: -1 is out of range (allowed 0..18446744073709551615)"},
      {"syntax_error.json", "syntax error at line 3, column 14: "},
      {"not_object.json", "expected a JSON object at the top level, got an array"},
      {"empty.json", "the scenario is empty"},
      {"burst_without_every.json", "burst_every_ms is required when burst > 0"},
      {"rate_and_burst.json", "rate and burst cannot be combined"},
      {"job_ms_overflow.json", "number out of range at line 2, column 13: 1e999"},
      {"duplicate_key.json", "duplicate key \"workers\""},
  };

  const fs::path dir = kSourceDir / "tests" / "data" / "bad_scenarios";
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  std::set<std::string> seen;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    const std::string path = entry.path().string();
    seen.insert(name);
    const auto it = expected.find(name);
    if (it == expected.end()) {
      ADD_FAILURE() << name << " has no expected message in scenario_test.cpp";
      continue;
    }
    std::string error;
    EXPECT_FALSE(load_scenario(path, error).has_value()) << name;
    EXPECT_EQ(error.rfind(path + ": ", 0), 0u) << name << ": " << error;
    EXPECT_NE(error.find(it->second), std::string::npos)
        << name << "\n  message:  " << error << "\n  expected: " << it->second;
  }
  for (const auto& [name, fragment] : expected) {
    EXPECT_TRUE(seen.count(name)) << "expected file " << name << " is missing";
  }
}

TEST(Scenario, ShippedPresetsLoadAndValidate) {
  const fs::path dir = kSourceDir / "assets" / "scenarios";
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    const std::string name = entry.path().filename().string();
    names.insert(name);
    std::string error;
    const auto spec = load_scenario(entry.path().string(), error);
    ASSERT_TRUE(spec.has_value()) << error;
    EXPECT_EQ(validate(*spec), "") << name;
    EXPECT_FALSE(spec->title.empty()) << name;
    EXPECT_FALSE(spec->lesson.empty()) << name;
  }
  EXPECT_TRUE(names.count("seed.json"));
  EXPECT_TRUE(names.count("backpressure.json"));

  std::string error;
  const auto seed = load_scenario((dir / "seed.json").string(), error);
  ASSERT_TRUE(seed.has_value()) << error;
  EXPECT_EQ(seed->title, "The seed program");
  EXPECT_EQ(seed->workers, 3);
  EXPECT_EQ(seed->buffer, 5);
  EXPECT_EQ(seed->job_count(), 5);
  EXPECT_EQ(seed->job_ms, 1000.0);
  EXPECT_FALSE(seed->open_loop());

  const auto bp = load_scenario((dir / "backpressure.json").string(), error);
  ASSERT_TRUE(bp.has_value()) << error;
  EXPECT_TRUE(bp->open_loop());
  // The point of the lesson: arrivals outpace what the pool can serve.
  const double capacity_per_s = bp->workers * 1000.0 / bp->job_ms;
  EXPECT_GT(bp->rate.value_or(0), capacity_per_s);
  EXPECT_EQ(bp->policy, FullPolicy::block);
}

}  // namespace
}  // namespace poolscope
