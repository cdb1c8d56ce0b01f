// The flight recorder: its triggers (each finding kind once per run, the p99 once per crossing,
// re-armed when it drops back), the trace window it writes, and in the UI a finding that saves a
// trace and a screenshot into the directory given, saying where.
#include "cli/flight_recorder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gui_test_support.h"

namespace poolscope::gui::test {
namespace {

namespace fs = std::filesystem;

Snapshot with_p99(std::uint64_t run, std::vector<double> p99s) {
  Snapshot s;
  s.run_id = run;
  for (std::size_t i = 0; i < p99s.size(); ++i) {
    SeriesPoint pt;
    pt.t_s = 0.25 * double(i + 1);
    pt.latency_p99_ms = p99s[i];
    s.series.push_back(pt);
  }
  return s;
}

TEST(FlightRecorder, P99FiresOncePerCrossingAndReArmsBelowTheThreshold) {
  cli::FlightRecorder rec;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto fired = rec.observe(with_p99(1, {10, 20, 150}), 100);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].kind, "p99");
  EXPECT_DOUBLE_EQ(fired[0].at_s, 0.75);
  // Still high (and a gap with no jobs): no second recording.
  EXPECT_TRUE(rec.observe(with_p99(1, {10, 20, 150, 180, nan, 200}), 100).empty());
  // Back below, then above again: a new episode.
  fired = rec.observe(with_p99(1, {10, 20, 150, 180, nan, 200, 90, 300}), 100);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_DOUBLE_EQ(fired[0].at_s, 2.0);
  // No threshold: nothing.
  EXPECT_TRUE(rec.observe(with_p99(1, {10, 20, 150, 180, nan, 200, 90, 300, 1, 900}), 0).empty());
}

TEST(FlightRecorder, EachFindingFiresOncePerRun) {
  cli::FlightRecorder rec;
  Snapshot s;
  s.run_id = 1;
  s.elapsed_s = 2.0;
  s.findings.push_back({"leak", "leaked", {"worker 0"}, 1.5});
  auto fired = rec.observe(s, 0);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].kind, "leak");
  EXPECT_DOUBLE_EQ(fired[0].at_s, 1.5);
  EXPECT_TRUE(rec.observe(s, 0).empty());
  s.findings.push_back({"send_on_closed", "sent", {"worker 1"}, 0.0});
  fired = rec.observe(s, 0);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].kind, "send_on_closed");
  EXPECT_DOUBLE_EQ(fired[0].at_s, 2.0) << "no time of its own: the snapshot's";
  s.run_id = 2;  // a new run (Reset, another scenario) starts over
  EXPECT_EQ(rec.observe(s, 0).size(), 2u);
}

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str(), nullptr, false);
}

// A PNG's width and height from its IHDR chunk; {0, 0} when it is not a PNG.
std::pair<int, int> png_size(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  unsigned char h[24] = {};
  in.read(reinterpret_cast<char*>(h), sizeof h);
  if (!in || h[1] != 'P' || h[2] != 'N' || h[3] != 'G') return {0, 0};
  const auto be = [&](int at) {
    return (h[at] << 24) | (h[at + 1] << 16) | (h[at + 2] << 8) | h[at + 3];
  };
  return {be(16), be(20)};
}

TEST(FlightRecorderGui, ALeakSavesATraceOfTheLastSecondsAndAScreenshotAndSaysWhere) {
  TempDir dir;
  const fs::path out = dir.path() / "recordings";  // made when the first recording is saved
  std::string error;
  const std::string preset = assets_dir() + "/scenarios/05-forget-close.json";
  const auto spec = load_scenario(preset, error);
  ASSERT_TRUE(spec) << error;
  AppConfig config{*spec, preset, assets_dir(), true, {}};
  config.flight_dir = out.string();
  auto ui = OffscreenUi::create(std::move(config), 1280, 800, error);
  ASSERT_TRUE(ui) << error;
  ui->app().flight_settings().enabled = true;
  ui->app().flight_settings().seconds = 1.0;
  ASSERT_TRUE(eventually(*ui, 10.0, [&] { return !ui->app().last_flight_recording().empty(); }))
      << "status: " << ui->app().status();
  EXPECT_EQ(ui->app().background_saves().pending(), 0u);
  EXPECT_NE(ui->app().status().find(out.string()), std::string::npos) << ui->app().status();

  std::vector<fs::path> traces, pngs;
  for (const auto& e : fs::directory_iterator(out)) {
    (e.path().extension() == ".json" ? traces : pngs).push_back(e.path());
  }
  ASSERT_EQ(traces.size(), 1u) << "one recording for one leak";
  ASSERT_EQ(pngs.size(), 1u);
  EXPECT_NE(traces[0].filename().string().find("leak"), std::string::npos);
  EXPECT_EQ(traces[0].stem(), pngs[0].stem());
  EXPECT_EQ(png_size(pngs[0]), (std::pair{1280, 800}));

  const nlohmann::json trace = read_json(traces[0]);
  ASSERT_TRUE(trace.is_object());
  ASSERT_TRUE(trace["traceEvents"].is_array());
  const Snapshot* snap = ui->app().last_snapshot();
  ASSERT_FALSE(snap->findings.empty());
  const double at_us = snap->findings[0].at_s * 1e6;
  int slices = 0;
  for (const auto& ev : trace["traceEvents"]) {
    if (!ev.contains("ts")) continue;
    const double ts = ev["ts"].get<double>();
    EXPECT_GE(ts, at_us - 1.0e6 - 1.0) << ev.dump();
    EXPECT_LE(ts + ev.value("dur", 0.0), at_us + 1.0) << ev.dump();
    if (ev["ph"] == "X") ++slices;
  }
  EXPECT_GT(slices, 3) << "the workers' idle waits before the leak are in it";
}

}  // namespace
}  // namespace poolscope::gui::test
