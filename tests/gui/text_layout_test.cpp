// Text layout: every preset at its show_at instant, in normal mode and in presentation mode at
// the sizes a classroom projector has, is rendered headless and checked from the UI's own record
// of the text it placed: no two texts overlap, none is cut by its panel (unless ellipsized, with
// the full text as a tooltip), and presentation text is large enough for the back rows.
#include "ui/text_layout.h"

#include <gtest/gtest.h>
#include <imgui_internal.h>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <thread>

#include "gui_test_support.h"

namespace poolscope::gui::test {
namespace {

struct View {
  int w, h;
  bool presentation;
  std::string name() const {
    return std::to_string(w) + "x" + std::to_string(h) + (presentation ? " presentation" : "");
  }
};

std::string describe(const TextItem& t) {
  std::ostringstream o;
  o << "\"" << t.shown << "\" in " << t.window << " at (" << t.min.x << "," << t.min.y << ")-("
    << t.max.x << "," << t.max.y << ") clip (" << t.clip_min.x << "," << t.clip_min.y << ")-("
    << t.clip_max.x << "," << t.clip_max.y << ")";
  return o.str();
}

// The part of a text that shows: its rectangle within its clip area (a scrolling panel hides
// what is scrolled past its edge; that part cannot overlap anything on screen).
struct Shown {
  ImVec2 min, max;
};
Shown shown(const TextItem& t) {
  return {ImVec2(std::max(t.min.x, t.clip_min.x), std::max(t.min.y, t.clip_min.y)),
          ImVec2(std::min(t.max.x, t.clip_max.x), std::min(t.max.y, t.clip_max.y))};
}

// Visible parts overlapping by more than half a pixel both ways.
bool overlap(const TextItem& ta, const TextItem& tb) {
  constexpr float eps = 0.5f;
  const Shown a = shown(ta), b = shown(tb);
  return a.min.x < b.max.x - eps && b.min.x < a.max.x - eps && a.min.y < b.max.y - eps &&
         b.min.y < a.max.y - eps;
}

bool inside_clip(const TextItem& t) {
  constexpr float eps = 0.5f;
  return t.min.x >= t.clip_min.x - eps && t.min.y >= t.clip_min.y - eps &&
         t.max.x <= t.clip_max.x + eps && t.max.y <= t.clip_max.y + eps;
}

// Returns the number of texts checked.
std::size_t expect_clean_text(const App& app, const std::string& where) {
  const std::vector<TextItem>& items = app.text_layout().items();
  for (const TextItem& t : items) {
    // A scrolling panel cuts what is scrolled past its edge; it has a scrollbar for that.
    if (!t.scrolled) {
      EXPECT_TRUE(inside_clip(t)) << where << ": cut: " << describe(t);
    }
    if (t.ellipsized) {
      EXPECT_TRUE(t.tooltip) << where << ": ellipsized without a tooltip: " << describe(t);
    }
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    for (std::size_t j = i + 1; j < items.size(); ++j) {
      EXPECT_FALSE(overlap(items[i], items[j]))
          << where << ": overlap:\n  " << describe(items[i]) << "\n  " << describe(items[j]);
    }
  }
  return items.size();
}

std::size_t count_in(const App& app, const std::string& window) {
  std::size_t n = 0;
  for (const TextItem& t : app.text_layout().items()) n += t.window == window ? 1 : 0;
  return n;
}

std::vector<std::string> presets() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(assets_dir() + "/scenarios")) {
    if (e.path().extension() == ".json") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class PresetText : public ::testing::TestWithParam<std::string> {};

TEST_P(PresetText, NoTextOverlapsOrIsCutInAnyModeOrSize) {
  const std::string path = GetParam();
  std::string error;
  const auto spec = load_scenario(path, error);
  ASSERT_TRUE(spec) << error;
  // The instant the lesson's picture is meant for; a real run, so the wait is real time too.
  const double at = std::min(spec->show_at.value_or(3.0), 12.0);

  std::shared_ptr<const Snapshot> snap;
  {
    auto ui = make_ui(*spec, 1280, 720, path);
    ASSERT_TRUE(ui);
    ui->frame(1.0f / 30.0f);
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                           std::chrono::duration<double>(at + 5.0));
    // Few frames: rendering would compete with the engine for the CPU.
    // (A run that ends earlier is shown as it ended.)
    while (ui->app().last_snapshot()->elapsed_s < at &&
           ui->app().last_snapshot()->phase != RunPhase::finished &&
           std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      ui->frame(1.0f / 30.0f);
    }
    ui->frame(1.0f / 30.0f);
    const std::string where = "1280x720 at " + std::to_string(at) + " s";
    EXPECT_GT(expect_clean_text(ui->app(), where), 10u);
    EXPECT_GT(count_in(ui->app(), "Pipeline"), 5u) << where;
    ASSERT_TRUE(ui->app().engine());
    snap = ui->app().engine()->snapshot();
    ui->app().engine()->shutdown(ShutdownMode::abort);
  }
  ASSERT_TRUE(snap);

  // The same instant at the other sizes: the views draw the run's snapshot as it was.
  for (const View v : {View{1280, 720, true}, View{1440, 900, true}, View{1920, 1080, true},
                       View{1920, 1080, false}}) {
    SCOPED_TRACE(v.name());
    std::string err;
    auto ui = OffscreenUi::create(AppConfig{*spec, path, assets_dir(), false, {}}, v.w, v.h, err);
    ASSERT_TRUE(ui) << err;
    ui->app().use_fixed_snapshot(snap);
    ui->app().set_presentation(v.presentation);
    ui->frame(1.0f / 30.0f);  // the host applies presentation's text size after this frame
    ui->frame(1.0f / 30.0f);
    ui->frame(1.0f / 30.0f);
    EXPECT_GT(expect_clean_text(ui->app(), v.name() + " controls tab"), 10u);
    if (v.presentation && v.h >= 1080) {
      EXPECT_GE(ImGui::GetFontSize(), 24.0f) << "body text for the back rows";
    }
    ui->app().select_tab(App::Tab::lessons);
    ui->frame(1.0f / 30.0f);
    ui->frame(1.0f / 30.0f);
    EXPECT_GT(count_in(ui->app(), "Controls"), 10u);
    expect_clean_text(ui->app(), v.name() + " lessons tab");
    if (::testing::Test::HasFailure()) {
      std::string e;
      write_png(ui->read_all(),
                "/tmp/poolscope-text-" + std::filesystem::path(path).stem().string() + "-" +
                    std::to_string(v.w) + (v.presentation ? "p" : "") + ".png",
                e);
      return;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Presets, PresetText, ::testing::ValuesIn(presets()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = std::filesystem::path(param.param).stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

// A status message ("Loaded …") must not move the controls below it: the pointer would land on
// another lesson.
TEST(TextLayout, StatusLineDoesNotMoveTheControls) {
  const std::string path = assets_dir() + "/scenarios/seed.json";
  std::string error;
  const auto spec = load_scenario(path, error);
  ASSERT_TRUE(spec) << error;
  auto ui = make_ui(*spec, 1280, 720, path);
  ASSERT_TRUE(ui);
  ui->frame(1.0f / 30.0f);
  ui->frame(1.0f / 30.0f);
  const auto before = ui->app().controls().widget_rect("workers");
  ASSERT_TRUE(before);
  ui->app().push_command(cmd::LoadScenario{path});
  ui->frame(1.0f / 30.0f);
  ui->frame(1.0f / 30.0f);
  ASSERT_NE(ui->app().status().find("Loaded"), std::string::npos) << ui->app().status();
  const auto after = ui->app().controls().widget_rect("workers");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->min.y, before->min.y);
}

// The helper alone: a text too long for its box is cut at a character and ends in "…"; the
// whole text shows as a tooltip when hovered; the record says what was drawn where.
TEST(TextLayout, TooLongTextIsEllipsizedWithATooltip) {
  ImGuiSession session;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->AddFontDefault();
  unsigned char* pixels = nullptr;
  int tw = 0, th = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(1)));
  io.DisplaySize = ImVec2(400, 300);
  io.DeltaTime = 1.0f / 60.0f;
  TextLayout layout;
  TextLayout::set_current(&layout);
  const std::string text = "blocked on results";
  for (int frame = 0; frame < 3; ++frame) {
    layout.clear();
    io.MousePos = ImVec2(25, 25);
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(400, 300));
    ImGui::Begin("box", nullptr, ImGuiWindowFlags_NoDecoration);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float narrow = ImGui::CalcTextSize("blocked").x + 2.0f;
    draw_text_in_box(dl, ImVec2(10, 20), ImVec2(10 + narrow, 32), IM_COL32_WHITE, text,
                     Align::left);
    draw_text_in_box(dl, ImVec2(10, 60), ImVec2(390, 72), IM_COL32_WHITE, text, Align::left);
    ImGui::End();
    ImGui::EndFrame();
  }
  ASSERT_EQ(layout.items().size(), 2u);
  const TextItem& cut = layout.items()[0];
  EXPECT_TRUE(cut.ellipsized);
  EXPECT_TRUE(cut.tooltip);
  EXPECT_EQ(cut.text, text);
  EXPECT_LT(cut.shown.size(), text.size());
  EXPECT_EQ(cut.shown.substr(cut.shown.size() - 3), "…");
  EXPECT_LE(cut.max.x, 10 + ImGui::CalcTextSize("blocked").x + 2.0f + 0.5f);
  const TextItem& whole = layout.items()[1];
  EXPECT_FALSE(whole.ellipsized);
  EXPECT_EQ(whole.shown, text);
  EXPECT_FALSE(overlap(cut, whole));
  // The tooltip window holds the whole text.
  ImGuiWindow* tip = ImGui::FindWindowByName("##Tooltip_00");
  ASSERT_NE(tip, nullptr);
  EXPECT_TRUE(tip->WasActive);
  TextLayout::set_current(nullptr);
}

}  // namespace
}  // namespace poolscope::gui::test
