// The window's layout at the sizes a classroom has (a 1024x768 projector up to full HD), at
// UI scale 1 and presentation scale: panels inside the window and apart, and the pipeline wide
// enough to draw its five columns: on a narrow window the stats move under the controls.
#include "layout.h"

#include <gtest/gtest.h>

#include <array>
#include <utility>

#include "app.h"
#include "gui_test_support.h"
#include "host/image.h"
#include "poolscope/scenario.h"
#include "ui/palette.h"

namespace poolscope::gui::test {
namespace {

bool overlap(const PanelRect& a, const PanelRect& b) {
  return a.pos.x < b.pos.x + b.size.x && b.pos.x < a.pos.x + a.size.x &&
         a.pos.y < b.pos.y + b.size.y && b.pos.y < a.pos.y + a.size.y;
}

TEST(Layout, PanelsStayApartInsideTheWindowAndThePipelineKeepsItsColumns) {
  const std::array<std::pair<float, float>, 7> sizes{
      {{800, 600}, {1024, 768}, {1152, 720}, {1280, 720}, {1440, 900}, {1600, 1000}, {1920, 1080}}};
  for (const auto& [w, h] : sizes) {
    for (float s : {1.0f, 1.25f}) {
      SCOPED_TRACE(std::to_string(int(w)) + "x" + std::to_string(int(h)) + " scale " +
                   std::to_string(s));
      const Layout l = compute_layout(ImVec2(w, h), s);
      const std::array<const PanelRect*, 6> panels{&l.controls, &l.pipeline, &l.stats,
                                                   &l.queue,    &l.timeline, &l.throughput};
      for (std::size_t i = 0; i < panels.size(); ++i) {
        const PanelRect& p = *panels[i];
        EXPECT_GE(p.pos.x, 0.0f);
        EXPECT_GE(p.pos.y, 0.0f);
        EXPECT_LE(p.pos.x + p.size.x, w) << "panel " << i;
        EXPECT_LE(p.pos.y + p.size.y, h) << "panel " << i;
        EXPECT_GT(p.size.x, 0.0f);
        EXPECT_GT(p.size.y, 0.0f);
        for (std::size_t j = i + 1; j < panels.size(); ++j)
          EXPECT_FALSE(overlap(p, *panels[j])) << "panels " << i << " and " << j;
      }
      if (w >= 1024) {
        EXPECT_GE(l.pipeline.size.x, 480.0f * s) << "room for the pipeline's columns";
      }
    }
  }
  // On a wide window the stats sit beside the pipeline, as always.
  const Layout wide = compute_layout(ImVec2(1600, 1000), 1.0f);
  EXPECT_EQ(wide.stats.pos.y, wide.pipeline.pos.y);
  EXPECT_GT(wide.stats.pos.x, wide.pipeline.pos.x);
}

// The adaptive limit's graph (the limit lessons' point) keeps room for its two scales, at the
// UI scale and in presentation mode: in a short window the throughput graphs and the timeline's
// rows both give way, each down to a floor, and the panels stay apart and in order. (In less
// than 1440x900 at scale 1, 1920x1080 in presentation mode among them, there is no room to
// spare: the graph is a lesson graph's strip, still apart.)
TEST(Layout, TheLimitGraphKeepsRoomForItsScalesInShortWindows) {
  const std::array<std::pair<float, float>, 5> sizes{
      {{1024, 768}, {1280, 720}, {1440, 900}, {1600, 1000}, {1920, 1080}}};
  for (const auto& [w, h] : sizes) {
    for (float s : {1.0f, App::presentation_scale(ImVec2(w, h))}) {
      SCOPED_TRACE(std::to_string(int(w)) + "x" + std::to_string(int(h)) + " scale " +
                   std::to_string(s));
      const Layout l = with_limit_graph(compute_layout(ImVec2(w, h), s), s);
      const std::array<const PanelRect*, 4> column{&l.queue, &l.timeline, &l.lesson_graph,
                                                   &l.throughput};
      for (std::size_t i = 0; i + 1 < column.size(); ++i) {
        EXPECT_LE(column[i]->pos.y + column[i]->size.y, column[i + 1]->pos.y) << "panel " << i;
        EXPECT_GT(column[i]->size.y, 0.0f) << "panel " << i;
      }
      EXPECT_LE(l.throughput.pos.y + l.throughput.size.y, h);
      EXPECT_GE(l.lesson_graph.size.y, 60.0f * s - 0.5f);
      if (h / s >= 740) {  // 1440x900 and larger, presentation mode included
        EXPECT_GE(l.lesson_graph.size.y, 90.0f * s - 0.5f) << "room for two scales";
        EXPECT_GE(l.timeline.size.y, 200.0f * s - 0.5f) << "the timeline keeps rows to show";
        EXPECT_GE(l.throughput.size.y, 90.0f * s - 0.5f);
      }
    }
  }
}

// Rendered on a 1024x768 projector: the pipeline draws the workers running their jobs.
TEST(Layout, OnA1024WideWindowThePipelineShowsTheWorkers) {
  std::string error;
  auto spec = load_scenario(assets_dir() + "/scenarios/02-seed-program.json", error);
  ASSERT_TRUE(spec) << error;
  auto ui = make_ui(*spec, 1024, 768);
  ASSERT_TRUE(ui);
  ASSERT_TRUE(eventually(*ui, 5.0, [&] {
    const Snapshot* s = ui->app().last_snapshot();
    return s != nullptr && s->counters.in_progress >= 2;
  }));
  ui->frame(1.0f / 30.0f, {}, true);
  const Image img = ui->read_all();
  const PanelRect& p = ui->app().layout().pipeline;
  int running = 0;
  for (int y = int(p.pos.y); y < int(p.pos.y + p.size.y); ++y)
    for (int x = int(p.pos.x); x < int(p.pos.x + p.size.x); ++x) {
      const std::uint8_t* px = &img.rgba[std::size_t(y * img.width + x) * 4];
      const ImU32 c = colors::running;
      running += px[0] == (c & 0xFF) && px[1] == ((c >> 8) & 0xFF) && px[2] == ((c >> 16) & 0xFF);
    }
  EXPECT_GT(running, 2000) << "two worker boxes, each about 90x30 pixels, in the running color";
}

}  // namespace
}  // namespace poolscope::gui::test
