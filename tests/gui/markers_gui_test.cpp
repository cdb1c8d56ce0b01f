// Markers through the UI: a right click on the timeline, "Add marker here…", a typed note and
// "Add marker" put a marker at that instant; it is drawn on the timeline, saved with the
// scenario, and removed again from the same menu.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "gui_test_support.h"
#include "host/gui_main.h"
#include "ui/palette.h"

namespace poolscope::gui::test {
namespace {

// Presses and releases mouse button `button` at `at`, over four frames (hover, press, hold,
// release).
void click(OffscreenUi& ui, ImVec2 at, int button = 0) {
  for (bool down : {false, true, true, false}) {
    ui.frame(1.0f / 30.0f, [&](ImGuiIO& io) {
      io.MousePos = at;
      io.MouseDown[button] = down;
    });
  }
}

std::optional<ImVec2> center_of(const App& app, const std::string& text) {
  for (const TextItem& t : app.text_layout().items())
    if (t.text == text) return ImVec2((t.min.x + t.max.x) * 0.5f, (t.min.y + t.max.y) * 0.5f);
  return std::nullopt;
}

TEST(GuiMarkers, RightClickAddsAMarkerThatIsDrawnAndSaved) {
  auto ui = make_ui(long_run(), kDefaultWidth, kDefaultHeight);
  ASSERT_TRUE(ui);
  pump(*ui, 1.0);
  // Hold the picture still (not live), so that the marker's instant stays under the same pixel.
  ui->app().time_axis().fit(0.0, 1.0);
  ui->frame(1.0f / 30.0f);
  ASSERT_TRUE(ui->app().markers().empty());
  const TimelineView& tv = ui->app().timeline_view();
  ASSERT_GE(tv.last_rows().size(), 3u);
  const auto& row = tv.last_rows()[2];  // the first worker's row
  const float x = tv.plot_x0() + (tv.plot_x1() - tv.plot_x0()) * 0.6f;
  const double expect_t = 0.6;
  click(*ui, ImVec2(x, (row.y0 + row.y1) * 0.5f), 1);

  const auto item = center_of(ui->app(), "Add marker here…");
  ASSERT_TRUE(item) << "the right click opened no menu";
  click(*ui, *item);
  ui->frame(1.0f / 30.0f);  // the note's editor opens, its text field focused
  ui->frame(1.0f / 30.0f, [](ImGuiIO& io) { io.AddInputCharactersUTF8("queue full here"); });
  ui->frame(1.0f / 30.0f);
  const auto add = center_of(ui->app(), "Add marker");
  ASSERT_TRUE(add) << "no Add marker button";
  click(*ui, *add);
  ui->frame(1.0f / 30.0f);

  ASSERT_EQ(ui->app().markers().size(), 1u);
  const Marker m = ui->app().markers()[0];
  EXPECT_EQ(m.text, "queue full here");
  EXPECT_NEAR(m.at_s, expect_t, 0.01);

  // Drawn: the marker's color at its instant, on a worker row (below its note's plate).
  ui->frame(1.0f / 30.0f, {}, true);
  const auto mx = static_cast<int>(
      std::lround(tv.plot_x0() + (tv.plot_x1() - tv.plot_x0()) * float(m.at_s / 1.0)));
  const auto& last = tv.last_rows().back();
  const Image px = ui->read(mx - 1, static_cast<int>((last.y0 + last.y1) * 0.5f), 3, 1);
  bool seen = false;
  for (int i = 0; i < 3; ++i) {
    const auto* p = px.rgba.data() + i * 4;
    seen = seen ||
           (std::abs(p[0] - 196) < 12 && std::abs(p[1] - 170) < 12 && std::abs(p[2] - 255) < 12);
  }
  EXPECT_TRUE(seen) << "no marker line drawn at x=" << mx;

  // Saved with the scenario, as the picker's Save does it.
  TempDir dir;
  const std::string path = (dir.path() / "with_marker.json").string();
  ui->app().push_command(cmd::SaveScenario{path, ui->app().controls().spec()});
  ui->frame(1.0f / 30.0f);
  std::string error;
  const auto saved = load_scenario(path, error);
  ASSERT_TRUE(saved) << error;
  ASSERT_EQ(saved->markers.size(), 1u);
  EXPECT_EQ(saved->markers[0], m);

  // A right click on the note offers to remove it.
  click(*ui, ImVec2(x + 20.0f, tv.last_rows()[0].y0 + 8.0f), 1);
  const auto remove = center_of(ui->app(), "Remove marker \"queue full here\"");
  ASSERT_TRUE(remove) << "no Remove item on the note's menu";
  click(*ui, *remove);
  ui->frame(1.0f / 30.0f);
  EXPECT_TRUE(ui->app().markers().empty());
}

// Export slide…: the dialog opens on the timeline's current view, and Export writes the SVG and
// the 2× PNG of exactly that window (after the frame, by the host).
TEST(GuiSlides, ExportSlideWritesTheViewAsSvgAndPng) {
  TempDir dir;
  // The dialog's default file is relative: work in the temporary directory, and come back
  // whatever way the test ends.
  struct Cwd {
    std::filesystem::path was = std::filesystem::current_path();
    ~Cwd() { std::filesystem::current_path(was); }
  } cwd;
  std::filesystem::current_path(dir.path());
  auto ui = make_ui(long_run(), kDefaultWidth, kDefaultHeight);
  ASSERT_TRUE(ui);
  pump(*ui, 1.2);
  ui->app().time_axis().fit(0.25, 1.0);
  ui->frame(1.0f / 30.0f);
  const auto open = center_of(ui->app(), "Export slide…");
  ASSERT_TRUE(open) << "no Export slide… button";
  click(*ui, *open);
  ui->frame(1.0f / 30.0f);
  const auto go = center_of(ui->app(), "Export");
  ASSERT_TRUE(go) << "the dialog did not open";
  const auto pipeline = center_of(ui->app(), "Pipeline at the window's end, at the top");
  ASSERT_TRUE(pipeline) << "no pipeline checkbox";
  click(*ui, *pipeline);
  ui->frame(1.0f / 30.0f);
  click(*ui, *go);
  ui->frame(1.0f / 30.0f);
  const std::string status = ui->app().status();
  ui.reset();
  const auto svg = dir.path() / "screenshots" / "slide.svg";
  const auto png = dir.path() / "screenshots" / "slide.png";
  EXPECT_NE(status.find("Saved slide"), std::string::npos) << status;
  ASSERT_TRUE(std::filesystem::exists(svg));
  ASSERT_TRUE(std::filesystem::exists(png));
  std::ifstream in(svg);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find(">0.25 s</text>"), std::string::npos);
  EXPECT_NE(text.find(">1.0 s</text>"), std::string::npos);
  EXPECT_EQ(text.find("Live"), std::string::npos);
  EXPECT_NE(text.find("class=\"pipeline-worker\""), std::string::npos)
      << "the checkbox did not put the pipeline in the slide";
  std::ifstream p(png, std::ios::binary);
  unsigned char head[24] = {};
  p.read(reinterpret_cast<char*>(head), sizeof head);
  const auto be = [&](int at) {
    return (unsigned(head[at]) << 24) | (unsigned(head[at + 1]) << 16) |
           (unsigned(head[at + 2]) << 8) | unsigned(head[at + 3]);
  };
  EXPECT_EQ(be(16), 2560u);
  EXPECT_EQ(be(20), 1440u);
}

}  // namespace
}  // namespace poolscope::gui::test
