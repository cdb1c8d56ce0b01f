// Headless (EGL) renders of every preset scenario: the image has the asked size, and where the
// engine's timeline says a worker was running a job, the row shows the 'running' color.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <vector>

#include "gui_test_support.h"
#include "host/gui_main.h"
#include "ui/palette.h"

namespace poolscope::gui::test {
namespace {

std::vector<std::string> presets() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(assets_dir() + "/scenarios")) {
    if (e.path().extension() == ".json") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Width and height from a PNG's IHDR chunk.
bool png_size(const std::string& path, int& w, int& h) {
  std::ifstream f(path, std::ios::binary);
  unsigned char b[24] = {};
  if (!f.read(reinterpret_cast<char*>(b), sizeof b)) return false;
  if (b[0] != 0x89 || b[1] != 'P' || b[2] != 'N' || b[3] != 'G') return false;
  w = (b[16] << 24) | (b[17] << 16) | (b[18] << 8) | b[19];
  h = (b[20] << 24) | (b[21] << 16) | (b[22] << 8) | b[23];
  return true;
}

bool is_color(const Image& img, int x, int y, ImU32 c) {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return false;
  const std::uint8_t* p = &img.rgba[(static_cast<std::size_t>(y) * img.width + x) * 4];
  return p[0] == ((c >> IM_COL32_R_SHIFT) & 0xFF) && p[1] == ((c >> IM_COL32_G_SHIFT) & 0xFF) &&
         p[2] == ((c >> IM_COL32_B_SHIFT) & 0xFF);
}

// Checks every running segment at least 12 px wide in view: along a line through the middle of
// its bar, most pixels are the running color (job-id labels cover the rest). Returns the number
// of segments checked.
int check_running_segments(OffscreenUi& ui, const Image& img) {
  const App& app = ui.app();
  const Snapshot* snap = app.last_snapshot();
  const TimelineView& tv = app.timeline_view();
  const TimeAxis& axis = ui.app().time_axis();
  const float x0 = tv.plot_x0(), x1 = tv.plot_x1();
  int checked = 0;
  for (const auto& row : tv.last_rows()) {
    if (row.lane < first_worker_lane || row.y1 - row.y0 < 6) continue;
    const LaneTimeline* lane = nullptr;
    for (const auto& l : snap->timeline->lanes) {
      if (l.lane == row.lane) lane = &l;
    }
    if (lane == nullptr) continue;
    for (const auto& block : lane->blocks) {
      for (const Segment& s : block->segments) {
        if (s.state != SegmentState::running || s.outcome != JobOutcome::ok) continue;
        const double a = double(s.start_ns - snap->start_ns) * 1e-9;
        const double b = double(s.end_ns - snap->start_ns) * 1e-9;
        const int xa = static_cast<int>(std::max<double>(axis.x_of(a, x0, x1 - x0), x0)) + 2;
        const int xb = static_cast<int>(std::min<double>(axis.x_of(b, x0, x1 - x0), x1)) - 2;
        if (xb - xa < 12) continue;
        // Skip the job-id label, if the view drew one at the left of the bar.
        const std::string label = "#" + std::to_string(s.job);
        // (The label sits at the bar's visible left end.)
        const double label_x = std::max<double>(axis.x_of(a, x0, x1 - x0), x0) + 3.0;
        const int from =
            std::max(xa, static_cast<int>(label_x + ImGui::CalcTextSize(label.c_str()).x) + 2);
        if (xb - from < 6) continue;
        const int y = static_cast<int>((row.y0 + row.y1) * 0.5f);
        // The scenario's markers cross the rows on purpose: their lines are not the bar's.
        const auto under_marker = [&](int x) {
          for (const Marker& m : app.markers())
            if (std::abs(axis.x_of(m.at_s, x0, x1 - x0) - double(x)) <= 2.0) return true;
          return false;
        };
        int hits = 0, columns = 0;
        for (int x = from; x < xb; ++x) {
          if (under_marker(x)) continue;
          ++columns;
          hits += is_color(img, x, y, colors::running) ? 1 : 0;
        }
        EXPECT_GE(hits * 10, columns * 9) << lane->name << " job " << s.job << " at " << a << " s";
        ++checked;
      }
    }
  }
  return checked;
}

TEST(GuiHeadless, EveryPresetRendersWithRunningWorkersInTheRunningColor) {
  const auto files = presets();
  ASSERT_FALSE(files.empty()) << "no presets in " << assets_dir();
  for (const std::string& path : files) {
    SCOPED_TRACE(path);
    std::string error;
    auto spec = load_scenario(path, error);
    ASSERT_TRUE(spec) << error;
    // Spawn mode has no worker lanes: its jobs run on short-lived threads of their own.
    if (spec->mode == PoolMode::spawn) continue;
    auto ui = make_ui(*spec, 1280, 800, path);
    ASSERT_TRUE(ui);
    pump(*ui, 1.2);
    // A lesson may ask for a wider window (window_s); the colors are checked at a 1 s span,
    // where jobs are wide enough to test, or 0.2 s for jobs (with their downstream call) shorter
    // than 40 ms, whose bars would be no wider than their labels.
    const bool short_jobs = spec->job_ms + spec->downstream_latency_ms < 40.0;
    ui->app().time_axis().follow_live(short_jobs ? 0.2 : 1.0);
    ui->frame(1.0f / 30.0f);
    ui->frame(1.0f / 30.0f, {}, true);
    const Image img = ui->read_all();
    EXPECT_EQ(img.width, 1280);
    EXPECT_EQ(img.height, 800);
    const Snapshot* snap = ui->app().last_snapshot();
    ASSERT_NE(snap, nullptr);
    ASSERT_TRUE(snap->timeline);
    const int checked = check_running_segments(*ui, img);
    if (::testing::Test::HasFailure()) {
      std::string err;
      write_png(img,
                "/tmp/poolscope-gui-test-" + std::filesystem::path(path).stem().string() + ".png",
                err);
    }
    // Every preset keeps its workers busy in its first second.
    EXPECT_GT(checked, 0) << "no running segment wide enough to check";
  }
}

TEST(GuiHeadless, ShotWritesAPngOfTheAskedSize) {
  TempDir dir;
  ShotRequest req;
  std::string error;
  auto spec = load_scenario(assets_dir() + "/scenarios/seed.json", error);
  ASSERT_TRUE(spec) << error;
  req.spec = *spec;
  req.at_s = 0.6;
  req.out_path = (dir.path() / "sub" / "shot.png").string();
  req.width = 1000;
  req.height = 640;
  ASSERT_EQ(run_shot(req), 0);
  int w = 0, h = 0;
  ASSERT_TRUE(png_size(req.out_path, w, h));
  EXPECT_EQ(w, 1000);
  EXPECT_EQ(h, 640);
}

TEST(GuiHeadless, ShotReportsAnUnwritablePath) {
  ShotRequest req;
  req.at_s = 0.1;
  req.out_path = "/proc/poolscope-cannot-write-here/x.png";
  req.width = 320;
  req.height = 240;
  EXPECT_EQ(run_shot(req), 1);
}

TEST(GuiHeadless, ScreenshotRequestsSaveWholeWindowAndTimelinePanel) {
  TempDir dir;
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());  // screenshots go to ./screenshots
  {
    ScenarioSpec spec;
    auto ui = make_ui(spec, 1200, 760);
    ASSERT_TRUE(ui);
    pump(*ui, 0.3);
    ui->app().request_screenshot(cmd::ShotKind::window);
    ui->frame(1.0f / 30.0f);
    ui->app().request_screenshot(cmd::ShotKind::timeline);
    ui->frame(1.0f / 30.0f);
  }
  std::filesystem::current_path(cwd);
  std::vector<std::filesystem::path> pngs;
  for (const auto& e : std::filesystem::directory_iterator(dir.path() / "screenshots")) {
    pngs.push_back(e.path());
  }
  ASSERT_EQ(pngs.size(), 2u);
  std::sort(pngs.begin(), pngs.end());
  int w = 0, h = 0;
  // poolscope-2025…png sorts before poolscope-timeline-…png.
  ASSERT_TRUE(png_size(pngs[0].string(), w, h));
  EXPECT_EQ(w, 1200);
  EXPECT_EQ(h, 760);
  EXPECT_NE(pngs[1].filename().string().find("poolscope-timeline-"), std::string::npos);
  ASSERT_TRUE(png_size(pngs[1].string(), w, h));
  EXPECT_LT(w, 1200);
  EXPECT_LT(h, 760);
  EXPECT_GT(w, 400);
}

}  // namespace
}  // namespace poolscope::gui::test
