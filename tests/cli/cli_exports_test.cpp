// The CLI's files and benchmark: --trace writes Chrome Trace Event JSON (thread names, one X per
// job and blocked span, a queue-depth counter, instants for rejections and drops), --csv one row
// per job, and `bench --json` prints jobs_per_s.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <set>

#include "cli_support.h"

namespace poolscope::clitest {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

struct TraceCase {
  const char* policy;
  const char* mark;  // the instant events' name prefix
};

class CliTrace : public ::testing::TestWithParam<TraceCase> {};

TEST_P(CliTrace, IsValidChromeTraceJson) {
  TempDir dir;
  const fs::path trace = dir / "trace.json";
  const Result r =
      run_cli({"run", "--workers", "2", "--buffer", "1", "--jobs", "12", "--job-ms", "15",
               "--policy", GetParam().policy, "--trace", trace.string(), "--json"},
              dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = parse_json_stdout(r);
  const auto refused =
      summary["rejected"].get<std::uint64_t>() + summary["dropped"].get<std::uint64_t>();
  ASSERT_GT(refused, 0u) << "the run should refuse some jobs";

  nlohmann::json j;
  ASSERT_NO_THROW(j = nlohmann::json::parse(read_file(trace))) << "not valid JSON";
  ASSERT_TRUE(j.contains("traceEvents") && j["traceEvents"].is_array());

  std::set<std::string> thread_names;
  std::set<std::uint64_t> tids_named;
  std::map<std::string, int> phases;
  std::set<std::uint64_t> jobs_with_x;
  int instants = 0, blocked_spans = 0;
  for (const auto& e : j["traceEvents"]) {
    ASSERT_TRUE(e.contains("ph") && e.contains("pid") && e.contains("name")) << e.dump();
    const std::string ph = e["ph"];
    ++phases[ph];
    const std::string name = e["name"];
    if (ph == "M" && name == "thread_name") {
      thread_names.insert(e["args"]["name"].get<std::string>());
      tids_named.insert(e["tid"].get<std::uint64_t>());
    }
    if (ph == "X") {
      EXPECT_TRUE(e["ts"].is_number() && e["dur"].is_number()) << e.dump();
      EXPECT_GE(e["dur"].get<double>(), 0.0) << e.dump();
      EXPECT_GE(e["ts"].get<double>(), 0.0) << e.dump();
      EXPECT_TRUE(tids_named.count(e["tid"].get<std::uint64_t>())) << "unnamed row " << e.dump();
      if (name.rfind("job ", 0) == 0) {
        EXPECT_TRUE(jobs_with_x.insert(std::stoull(name.substr(4))).second) << "twice: " << name;
        EXPECT_GE(e["dur"].get<double>(), 14'000.0) << "15 ms jobs, in microseconds";
      }
      if (e["cat"] == "blocked submitting") ++blocked_spans;
    }
    if (ph == "C") {
      EXPECT_EQ(name, "queue depth");
      EXPECT_TRUE(e["args"].contains("depth")) << e.dump();
    }
    if (ph == "i") {
      ++instants;
      EXPECT_EQ(name.rfind(GetParam().mark, 0), 0u) << name;
    }
  }
  for (const char* row : {"producer", "consumer", "worker 0", "worker 1"})
    EXPECT_TRUE(thread_names.count(row)) << "no thread_name for " << row;
  EXPECT_EQ(jobs_with_x.size(), summary["completed"].get<std::uint64_t>());
  EXPECT_GT(phases["C"], 0) << "no queue depth counter";
  EXPECT_EQ(std::uint64_t(instants), refused) << "one instant event per refused job";
  EXPECT_EQ(blocked_spans, 0) << "these policies never block the producer";
}

INSTANTIATE_TEST_SUITE_P(Policies, CliTrace,
                         ::testing::Values(TraceCase{"reject", "rejected job"},
                                           TraceCase{"drop-oldest", "dropped job"}),
                         [](const auto& param_info) {
                           return std::string(param_info.param.policy) == "reject" ? "Reject"
                                                                                   : "DropOldest";
                         });

TEST(CliTrace, BlockedSpansAreXEvents) {
  TempDir dir;
  const fs::path trace = dir / "trace.json";
  const Result r = run_cli({"run", "--workers", "1", "--buffer", "1", "--jobs", "5", "--job-ms",
                            "20", "--trace", trace.string()},
                           dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(read_file(trace));
  int blocked = 0;
  for (const auto& e : j["traceEvents"])
    if (e["ph"] == "X" && e["cat"] == "blocked submitting") ++blocked;
  EXPECT_GE(blocked, 2);
}

// Each job's flow (submit -> start -> result taken) is drawn by a viewer only if every flow event
// lies inside a slice on its own row (the binding rule of chrome://tracing and Perfetto).
TEST(CliTrace, EveryJobsFlowRunsFromItsSubmitThroughItsWorkerToTheConsumer) {
  TempDir dir;
  const fs::path trace = dir / "trace.json";
  const Result r = run_cli({"run", "--workers", "3", "--buffer", "2", "--jobs", "30", "--job-ms",
                            "5", "--dist", "exp", "--trace", trace.string()},
                           dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(read_file(trace));
  std::map<std::uint64_t, std::vector<std::pair<double, double>>> slices;  // tid -> [ts, end]
  struct Flow {
    std::string phases;
    std::vector<double> ts;
    std::vector<std::uint64_t> tids;
  };
  std::map<std::uint64_t, Flow> flows;
  for (const auto& e : j["traceEvents"]) {
    const std::string ph = e["ph"];
    if (ph == "X") {
      const double ts = e["ts"], dur = e["dur"];
      slices[e["tid"].get<std::uint64_t>()].emplace_back(ts, ts + dur);
    }
    if (ph == "s" || ph == "t" || ph == "f") {
      EXPECT_EQ(e["bp"], "e") << e.dump();
      Flow& f = flows[e["id"].get<std::uint64_t>()];
      f.phases += ph;
      f.ts.push_back(e["ts"]);
      f.tids.push_back(e["tid"]);
    }
  }
  ASSERT_EQ(flows.size(), 30u) << "one flow per job";
  for (const auto& [id, f] : flows) {
    EXPECT_EQ(f.phases, "stf") << "job " << id << ": submit, start, taken";
    ASSERT_EQ(f.tids.size(), 3u);
    EXPECT_EQ(f.tids[0], 0u) << "starts on the producer's row";
    EXPECT_GE(f.tids[1], 2u) << "steps on a worker's row";
    EXPECT_EQ(f.tids[2], 1u) << "ends on the consumer's row";
    EXPECT_TRUE(std::is_sorted(f.ts.begin(), f.ts.end())) << "job " << id;
    for (std::size_t i = 0; i < f.ts.size(); ++i) {
      const auto& row = slices[f.tids[i]];
      const bool enclosed = std::any_of(row.begin(), row.end(), [&](const auto& sl) {
        return sl.first <= f.ts[i] && f.ts[i] <= sl.second;
      });
      EXPECT_TRUE(enclosed) << "job " << id << " flow event " << i << " at " << f.ts[i]
                            << " us is in no slice of row " << f.tids[i];
    }
  }
}

// Chrome DevTools' Performance panel binds a flow event to the first slice with the same pid,
// tid, cat and ts. So each flow event must have exactly one such slice, and it must be its job's:
// two results taken in one nanosecond must not share a slice.
TEST(CliTrace, EveryFlowEventHasItsJobsOwnSliceAtItsExactInstant) {
  TempDir dir;
  const fs::path trace = dir / "trace.json";
  const Result r = run_cli({"run", "--workers", "4", "--buffer", "8", "--jobs", "200", "--job-ms",
                            "0", "--trace", trace.string()},
                           dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(read_file(trace));
  using Key = std::tuple<std::uint64_t, std::string, std::string>;  // tid, cat, ts as printed
  std::map<Key, std::vector<std::uint64_t>> slice_jobs;
  std::vector<nlohmann::json> flow_events;
  for (const auto& e : j["traceEvents"]) {
    const std::string ph = e["ph"];
    if (ph == "X" && e.contains("args") && e["args"].contains("job"))
      slice_jobs[{e["tid"], e["cat"], e["ts"].dump()}].push_back(e["args"]["job"]);
    if (ph == "s" || ph == "t" || ph == "f") flow_events.push_back(e);
  }
  ASSERT_EQ(flow_events.size(), 600u) << "three flow events per job";
  for (const auto& e : flow_events) {
    const auto it = slice_jobs.find({e["tid"], e["cat"], e["ts"].dump()});
    ASSERT_NE(it, slice_jobs.end()) << "no slice binds " << e.dump();
    ASSERT_EQ(it->second.size(), 1u) << "jobs share the slice of " << e.dump();
    EXPECT_EQ(it->second.front(), e["id"].get<std::uint64_t>()) << e.dump();
  }
}

TEST(CliTrace, UnwritablePathIsReported) {
  TempDir dir;
  const Result r = run_cli({"run", "--jobs", "2", "--job-ms", "1", "--trace",
                            (dir / "no" / "such" / "dir.json").string()},
                           dir);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--trace"), std::string::npos) << r.err;
}

TEST(CliCsv, OneRowPerJob) {
  TempDir dir;
  const fs::path csv = dir / "jobs.csv";
  const Result r =
      run_cli({"run", "--workers", "2", "--buffer", "2", "--jobs", "25", "--job-ms", "4",
               "--policy", "reject", "--fail", "0.2", "--csv", csv.string(), "--json"},
              dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = parse_json_stdout(r);
  std::istringstream in(read_file(csv));
  std::string header;
  ASSERT_TRUE(std::getline(in, header));
  EXPECT_EQ(header, "id,submit_ms,start_ms,end_ms,worker,outcome,wait_ms,service_ms");
  std::map<std::string, std::uint64_t> outcomes;
  std::set<std::uint64_t> ids;
  for (std::string line; std::getline(in, line);) {
    const auto cols = split(line, ',');
    ASSERT_EQ(cols.size(), 8u) << line;
    EXPECT_TRUE(ids.insert(std::stoull(cols[0])).second) << "job listed twice: " << line;
    ++outcomes[cols[5]];
    if (cols[5] == "ok" || cols[5] == "failed") {
      // A job that ran has a start, an end, a worker and service >= 0.
      EXPECT_FALSE(cols[2].empty()) << line;
      EXPECT_FALSE(cols[4].empty()) << line;
      EXPECT_GE(std::stod(cols[3]), std::stod(cols[2])) << line;
      EXPECT_GE(std::stod(cols[7]), 3.5) << line;
    } else {
      EXPECT_EQ(cols[5], "rejected") << line;
      EXPECT_TRUE(cols[2].empty()) << "a rejected job never started: " << line;
    }
  }
  EXPECT_EQ(ids.size(), 25u);
  EXPECT_EQ(*ids.begin(), 1u);
  EXPECT_EQ(*ids.rbegin(), 25u);
  EXPECT_EQ(outcomes["ok"], summary["completed"].get<std::uint64_t>());
  EXPECT_EQ(outcomes["failed"], summary["failed"].get<std::uint64_t>());
  EXPECT_EQ(outcomes["rejected"], summary["rejected"].get<std::uint64_t>());
}

TEST(CliBench, JsonPrintsJobsPerSecond) {
  TempDir dir;
  for (bool trace : {true, false}) {
    std::vector<std::string> args{"bench", "--jobs",   "20000", "--workers",
                                  "2",     "--buffer", "64",    "--json"};
    if (!trace) args.push_back("--no-trace");
    const Result r = run_cli(args, dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = parse_json_stdout(r);
    ASSERT_TRUE(j.contains("jobs_per_s") && j["jobs_per_s"].is_number()) << r.out;
    EXPECT_GT(j["jobs_per_s"].get<double>(), 1000.0);
    EXPECT_EQ(j["jobs"], 20000);
  }
}

TEST(CliBench, UnbufferedAndTextOutput) {
  TempDir dir;
  const Result r = run_cli({"bench", "--jobs", "5000", "--workers", "2", "--buffer", "0"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("jobs_per_s ", 0), 0u) << r.out;
}

}  // namespace
}  // namespace poolscope::clitest
