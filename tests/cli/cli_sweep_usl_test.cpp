// `poolscope sweep`'s Universal Scalability Law fit (JSON and text) and its CSV for R's usl.
#include <cmath>
#include <sstream>

#include "cli_support.h"

namespace poolscope::clitest {
namespace {

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::istringstream l(line);
    for (std::string c; std::getline(l, c, ',');) cells.push_back(c);
    rows.push_back(cells);
  }
  return rows;
}

// Sleep jobs of 20 ms scale almost linearly (γ ≈ 50 jobs/s per worker): the fit says so, and
// the CSV holds the same points as the JSON, under the header R's usl reads.
TEST(CliSweepUsl, JsonHasTheFitAndCsvTheSamePoints) {
  TempDir dir;
  const fs::path csv = dir / "sweep.csv";
  const Result r = run_cli({"sweep", "--workers", "1..8", "--job-ms", "20", "--max-seconds", "0.6",
                            "--json", "--csv", csv.string()},
                           dir, 60s);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = parse_json_stdout(r);
  ASSERT_TRUE(j.contains("usl")) << r.out;
  const auto& usl = j["usl"];
  for (const char* key : {"alpha", "beta", "gamma", "peak_workers", "r2", "warnings"})
    EXPECT_TRUE(usl.contains(key)) << key << " missing in " << usl.dump();
  EXPECT_NEAR(usl["gamma"].get<double>(), 50.0, 8.0) << usl.dump();
  EXPECT_LT(usl["alpha"].get<double>(), 0.1) << usl.dump();
  EXPECT_GT(usl["r2"].get<double>(), 0.9) << usl.dump();
  EXPECT_EQ(usl["residuals"].size(), j["points"].size());

  const auto rows = csv_rows(read_file(csv));
  ASSERT_EQ(rows.size(), j["points"].size() + 1);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"N", "throughput", "latency_ms"}));
  for (std::size_t i = 0; i < j["points"].size(); ++i) {
    const auto& p = j["points"][i];
    ASSERT_EQ(rows[i + 1].size(), 3u);
    EXPECT_EQ(std::stoi(rows[i + 1][0]), p["workers"].get<int>());
    EXPECT_NEAR(std::stod(rows[i + 1][1]), p["throughput_per_s"].get<double>(), 0.01);
    EXPECT_NEAR(std::stod(rows[i + 1][2]), p["latency_ms"]["mean"].get<double>(), 0.01);
  }
}

TEST(CliSweepUsl, TextShowsTheFit) {
  TempDir dir;
  const Result r =
      run_cli({"sweep", "--workers", "1,2,4", "--job-ms", "10", "--max-seconds", "0.3"}, dir, 60s);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("USL fit: alpha = "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("R^2 = "), std::string::npos) << r.out;
  // Three counts for three parameters: said, not hidden.
  EXPECT_NE(r.out.find("warning: only 3 distinct worker counts"), std::string::npos) << r.out;
}

TEST(CliSweepUsl, CsvWriteErrorExitsOne) {
  TempDir dir;
  const Result r = run_cli(
      {"sweep", "--workers", "1,2", "--job-ms", "5", "--max-seconds", "0.2", "--csv", "/dev/full"},
      dir, 60s);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("--csv: cannot write \"/dev/full\": No space left on device"),
            std::string::npos)
      << r.err;
  const Result missing = run_cli(
      {"sweep", "--workers", "1,2", "--job-ms", "5", "--csv", (dir / "no/such/dir.csv").string()},
      dir, 20s);
  EXPECT_EQ(missing.exit_code, 1) << missing.err;
  EXPECT_LT(missing.seconds, 5.0) << "refused before the runs";
}

}  // namespace
}  // namespace poolscope::clitest
