// Remembered settings: the store's file round trip, a missing, corrupt or unwritable file (a
// warning, never a crash), a UI scale changed in the UI reaching a new App, Reset layout, and the
// command line winning over the remembered last scenario.
#include "remembered_settings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gui_test_support.h"

namespace poolscope::gui::test {
namespace {

namespace fs = std::filesystem;

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

std::string preset(const char* name) { return assets_dir() + "/scenarios/" + name; }

// An offscreen UI whose App owns a store on `file` (as the window's does).
std::unique_ptr<OffscreenUi> make_ui_with_store(const ScenarioSpec& spec, const fs::path& file,
                                                bool restore_last_scenario = false,
                                                int w = kDefaultWidth, int h = 1800) {
  AppConfig config{spec, {}, assets_dir(), true, {}};
  config.settings = std::make_shared<SettingsStore>(file);
  config.restore_last_scenario = restore_last_scenario;
  std::string error;
  auto ui = OffscreenUi::create(std::move(config), w, h, error);
  EXPECT_TRUE(ui) << error;
  return ui;
}

// Clicks the middle (or `frac` of the width) of a Controls widget: hover, press, release.
void click_widget(OffscreenUi& ui, const std::string& key, float frac = 0.5f) {
  const auto r = ui.app().controls().widget_rect(key);
  ASSERT_TRUE(r) << key << " was not drawn";
  ASSERT_LT(r->max.y, ImGui::GetIO().DisplaySize.y) << key << " is below the display";
  const ImVec2 at(r->min.x + (r->max.x - r->min.x) * frac, (r->min.y + r->max.y) * 0.5f);
  for (bool down : {false, true, true, false}) {
    ui.frame(1.0f / 30.0f, [&](ImGuiIO& io) {
      io.MousePos = at;
      io.MouseDown[0] = down;
    });
  }
}

// Frames for `seconds` of UI time (the store saves once a change has settled for 0.5 s).
void settle(OffscreenUi& ui, double seconds = 0.8) {
  for (int i = 0; i < int(seconds * 30); ++i) ui.frame(1.0f / 30.0f);
}

TEST(RememberedSettings, SavedSettingsLoadBackAndNoTemporaryFileIsLeft) {
  TempDir dir;
  const fs::path file = dir.path() / "poolscope" / "settings.json";
  RememberedSettings s;
  s.ui_scale = 1.25f;
  s.presentation = true;
  s.window_width = 1400;
  s.window_height = 900;
  s.last_scenario = preset("04-backpressure.json");
  EXPECT_TRUE(SettingsStore(file).save(s));
  const auto back = SettingsStore(file).load();
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, s);
  EXPECT_EQ(read_json(file)["version"], RememberedSettings::kVersion);
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(file.parent_path())) ++entries;
  EXPECT_EQ(entries, 1) << "only settings.json, no temporary file";
}

TEST(RememberedSettings, AMissingFileIsSilentACorruptOneWarnsOnceAndGivesDefaults) {
  TempDir dir;
  const fs::path file = dir.path() / "settings.json";
  testing::internal::CaptureStderr();
  EXPECT_FALSE(SettingsStore(file).load());
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");

  write_text(file, "{\"version\": 1, \"ui_scale\": ");  // cut short
  testing::internal::CaptureStderr();
  EXPECT_FALSE(SettingsStore(file).load());
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find(file.string()), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;

  // Out of range: that value falls back to its default, the others are kept.
  write_text(file,
             R"({"version": 1, "ui_scale": 40, "window_width": 1300, "window_height": -5,
                 "presentation": "yes"})");
  testing::internal::CaptureStderr();
  const auto s = SettingsStore(file).load();
  err = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->ui_scale, 1.0f);
  EXPECT_EQ(s->window_width, 1300);
  EXPECT_EQ(s->window_height, kDefaultHeight);
  EXPECT_FALSE(s->presentation);
  EXPECT_NE(err.find("ui_scale"), std::string::npos) << err;
  EXPECT_NE(err.find("window_height"), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;

  // A whole App on the corrupt file starts with the defaults and draws.
  write_text(file, "[1, 2");
  testing::internal::CaptureStderr();
  auto ui = make_ui_with_store(long_run(), file);
  ASSERT_TRUE(ui);
  EXPECT_FALSE(apply_remembered_view(ui->app()));
  settle(*ui, 0.2);
  err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find(file.string()), std::string::npos) << err;
  EXPECT_EQ(ui->app().ui_scale(), 1.0f);
  EXPECT_FALSE(ui->app().presentation());
}

TEST(RememberedSettings, AWriteFailureIsReportedOnce) {
  TempDir dir;
  write_text(dir.path() / "not-a-dir", "x");
  SettingsStore store(dir.path() / "not-a-dir" / "settings.json");
  RememberedSettings s;
  testing::internal::CaptureStderr();
  EXPECT_FALSE(store.save(s));
  s.ui_scale = 1.5f;
  EXPECT_FALSE(store.save(s));
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("not-a-dir"), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
}

TEST(RememberedSettings, AUiScaleSetWithTheSliderIsSavedAndANewAppStartsWithIt) {
  TempDir dir;
  const fs::path file = dir.path() / "settings.json";
  float chosen = 0;
  {
    auto ui = make_ui_with_store(long_run(), file);
    ASSERT_TRUE(ui);
    EXPECT_FALSE(apply_remembered_view(ui->app()));
    settle(*ui, 0.2);
    click_widget(*ui, "ui_scale", 0.8f);
    chosen = ui->app().ui_scale();
    ASSERT_GT(chosen, 1.4f) << "the click did not move the UI scale slider";
    settle(*ui);
    ASSERT_TRUE(fs::exists(file)) << "saved once the change settled, before exit";
    EXPECT_FLOAT_EQ(read_json(file)["ui_scale"].get<float>(), chosen);
  }
  auto again = make_ui_with_store(long_run(), file);
  ASSERT_TRUE(again);
  EXPECT_TRUE(apply_remembered_view(again->app()));
  EXPECT_FLOAT_EQ(again->app().ui_scale(), chosen);
}

TEST(RememberedSettings, ResetLayoutRestoresTheDefaultsAndSavesThem) {
  TempDir dir;
  const fs::path file = dir.path() / "settings.json";
  RememberedSettings s;
  s.ui_scale = 1.3f;
  s.presentation = true;
  s.window_width = 1300;
  s.window_height = 800;
  ASSERT_TRUE(SettingsStore(file).save(s));
  auto ui = make_ui_with_store(long_run(), file);
  ASSERT_TRUE(ui);
  ASSERT_TRUE(apply_remembered_view(ui->app()));
  settle(*ui, 0.3);
  EXPECT_TRUE(ui->app().presentation());
  ui->app().time_axis().fit(0.0, 0.5);  // zoomed into the past, cursor set
  ui->app().cursor().set(0.2);
  ui->frame(1.0f / 30.0f);
  ASSERT_FALSE(ui->app().time_axis().live);

  click_widget(*ui, "reset_layout");
  ui->frame(1.0f / 30.0f);
  EXPECT_FALSE(ui->app().presentation());
  EXPECT_EQ(ui->app().ui_scale(), 1.0f);
  EXPECT_TRUE(ui->app().time_axis().live);
  EXPECT_FALSE(ui->app().cursor().at_s());
  // Saved at once, with the default window size (the window resizes itself to it).
  const nlohmann::json j = read_json(file);
  EXPECT_EQ(j["ui_scale"].get<float>(), 1.0f);
  EXPECT_EQ(j["presentation"], false);
  EXPECT_EQ(j["window_width"], kDefaultWidth);
  EXPECT_EQ(j["window_height"], kDefaultHeight);
}

TEST(RememberedSettings, TheLastScenarioReopensUnlessTheCommandLineNamedOne) {
  TempDir dir;
  const fs::path file = dir.path() / "settings.json";
  {
    auto ui = make_ui_with_store(long_run(), file);
    ASSERT_TRUE(ui);
    ui->app().load_scenario_file(preset("04-backpressure.json"));
    settle(*ui);
  }
  ASSERT_EQ(fs::path(read_json(file)["last_scenario"].get<std::string>()),
            fs::path(preset("04-backpressure.json")).lexically_normal());

  // The command line gave a scenario (or settings): it wins.
  auto given = make_ui_with_store(long_run(), file, /*restore_last_scenario=*/false);
  ASSERT_TRUE(given);
  EXPECT_EQ(given->app().controls().spec().title, "long run");
  given.reset();

  auto restored = make_ui_with_store(long_run(), file, /*restore_last_scenario=*/true);
  ASSERT_TRUE(restored);
  EXPECT_EQ(restored->app().controls().spec().title, "4. Backpressure");
  restored.reset();

  // A remembered file that is gone: the given spec runs.
  RememberedSettings gone;
  gone.last_scenario = (dir.path() / "deleted.json").string();
  ASSERT_TRUE(SettingsStore(file).save(gone));
  auto fallback = make_ui_with_store(long_run(), file, /*restore_last_scenario=*/true);
  ASSERT_TRUE(fallback);
  EXPECT_EQ(fallback->app().controls().spec().title, "long run");
}

}  // namespace
}  // namespace poolscope::gui::test
