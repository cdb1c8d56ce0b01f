// The "Open file…" browser: the model (listing, hidden files, sorting, unreadable and missing
// directories, breadcrumbs, the recent list, a bad scenario refused), the dialog driven by
// injected clicks and keys, and the recent files remembered between sessions.
#include "file_browser.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "gui_test_support.h"
#include "remembered_settings.h"

namespace poolscope::gui::test {
namespace {

namespace fs = std::filesystem;

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

const char* kGoodScenario =
    "{ \"title\": \"browsed\", \"workers\": 5, \"buffer\": 3, \"jobs\": 100000, \"job_ms\": 20 "
    "}\n";

std::vector<std::string> names(const std::vector<BrowserEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.name + (e.is_dir ? "/" : ""));
  return out;
}

TEST(FileBrowserModel, ListsFoldersFirstThenJsonFilesSortedWithoutHiddenOnes) {
  TempDir dir;
  fs::create_directories(dir.path() / "zeta");
  fs::create_directories(dir.path() / "Alpha");
  fs::create_directories(dir.path() / ".hidden-dir");
  write_text(dir.path() / "b.json", "{}");
  write_text(dir.path() / "A.JSON", "{}");
  write_text(dir.path() / "c.json", "{}");
  write_text(dir.path() / ".secret.json", "{}");
  write_text(dir.path() / "notes.txt", "x");
  fs::create_directories(dir.path() / "folder.json");  // a directory, whatever its name
  const DirListing l = list_directory(dir.path());
  EXPECT_EQ(l.error, "");
  EXPECT_EQ(names(l.entries), (std::vector<std::string>{"Alpha/", "folder.json/", "zeta/", "A.JSON",
                                                        "b.json", "c.json"}));
}

TEST(FileBrowserModel, AMissingOrUnreadableDirectoryIsAnErrorAndTheListingStays) {
  TempDir dir;
  write_text(dir.path() / "sub" / "x.json", "{}");
  FileBrowser b;
  ASSERT_TRUE(b.open_dir(dir.path() / "sub"));
  ASSERT_EQ(b.entries().size(), 1u);

  EXPECT_FALSE(b.open_dir(dir.path() / "nowhere"));
  EXPECT_NE(b.error().find("nowhere"), std::string::npos) << b.error();
  EXPECT_EQ(b.dir(), dir.path() / "sub") << "the listing shown stays";
  EXPECT_EQ(b.entries().size(), 1u);

  EXPECT_FALSE(b.open_dir(dir.path() / "sub" / "x.json"));  // a file, not a directory
  EXPECT_NE(b.error().find("x.json"), std::string::npos) << b.error();

  // Permissions bind only a user that is not root (CI runs as root).
  fs::create_directories(dir.path() / "locked");
  write_text(dir.path() / "locked" / "y.json", "{}");
  ::chmod((dir.path() / "locked").c_str(), 0);
  if (::geteuid() != 0) {
    EXPECT_FALSE(b.open_dir(dir.path() / "locked"));
    EXPECT_NE(b.error().find("locked"), std::string::npos) << b.error();
    EXPECT_EQ(b.dir(), dir.path() / "sub");
  }
  ::chmod((dir.path() / "locked").c_str(), 0700);
}

TEST(FileBrowserModel, UpAndBreadcrumbsWalkThePath) {
  TempDir dir;
  fs::create_directories(dir.path() / "a" / "b");
  FileBrowser b;
  ASSERT_TRUE(b.open_dir(dir.path() / "a" / "b"));
  const auto parts = path_parts(b.dir());
  ASSERT_GE(parts.size(), 3u);
  EXPECT_EQ(parts.front().first, "/");
  EXPECT_EQ(parts.front().second, fs::path("/"));
  EXPECT_EQ(parts.back().first, "b");
  EXPECT_EQ(parts.back().second, dir.path() / "a" / "b");
  EXPECT_EQ(parts[parts.size() - 2].second, dir.path() / "a");
  EXPECT_TRUE(b.up());
  EXPECT_EQ(b.dir(), dir.path() / "a");
  ASSERT_TRUE(b.open_dir("/"));
  EXPECT_FALSE(b.up()) << "the root has no parent";
}

TEST(FileBrowserModel, ChoosingOpensFoldersAndAcceptsOnlyScenarios) {
  TempDir dir;
  write_text(dir.path() / "sub" / "good.json", kGoodScenario);
  write_text(dir.path() / "sub" / "bad.json", "{ \"workers\": 0 }");
  write_text(dir.path() / "sub" / "garbage.json", "{ this is not json");
  FileBrowser b;
  ASSERT_TRUE(b.open_dir(dir.path()));
  EXPECT_FALSE(b.choose("sub")) << "a folder is opened, not chosen";
  EXPECT_EQ(b.dir(), dir.path() / "sub");
  EXPECT_FALSE(b.choose("bad.json"));
  EXPECT_NE(b.error().find("workers"), std::string::npos) << b.error();
  EXPECT_FALSE(b.choose("garbage.json"));
  EXPECT_NE(b.error().find("garbage.json"), std::string::npos) << b.error();
  EXPECT_FALSE(b.choose("missing.json"));
  EXPECT_NE(b.error().find("No such file"), std::string::npos) << b.error();
  const auto chosen = b.choose("good.json");
  ASSERT_TRUE(chosen);
  EXPECT_EQ(*chosen, (dir.path() / "sub" / "good.json").string());
  EXPECT_EQ(b.error(), "");
  // An absolute path is taken as it is.
  EXPECT_EQ(b.choose((dir.path() / "sub" / "good.json").string()), *chosen);
}

TEST(FileBrowserModel, RecentListMovesToTheFrontWithoutDuplicatesAndStaysShort) {
  std::vector<std::string> r;
  for (int i = 0; i < 10; ++i) r = push_recent(r, "/f" + std::to_string(i) + ".json");
  ASSERT_EQ(r.size(), kRecentFilesKept);
  EXPECT_EQ(r.front(), "/f9.json");
  EXPECT_EQ(r.back(), "/f2.json");
  r = push_recent(r, "/f5.json");
  EXPECT_EQ(r.size(), kRecentFilesKept);
  EXPECT_EQ(r.front(), "/f5.json");
  EXPECT_EQ(std::count(r.begin(), r.end(), "/f5.json"), 1);
}

TEST(FileBrowserModel, RecentFilesRoundTripThroughTheSettingsFile) {
  TempDir dir;
  const fs::path file = dir.path() / "poolscope" / "settings.json";
  RememberedSettings s;
  s.recent_files = {"/a/one.json", "/b/two.json"};
  ASSERT_TRUE(SettingsStore(file).save(s));
  const auto back = SettingsStore(file).load();
  ASSERT_TRUE(back);
  EXPECT_EQ(back->recent_files, s.recent_files);
  // A wrong type is ignored (with a warning), the rest still loads.
  write_text(file, R"({"version": 1, "ui_scale": 1.5, "recent_files": [1, 2]})");
  const auto bad = SettingsStore(file).load();
  ASSERT_TRUE(bad);
  EXPECT_TRUE(bad->recent_files.empty());
  EXPECT_FLOAT_EQ(bad->ui_scale, 1.5f);
}

// --- the dialog ---

void click(OffscreenUi& ui, const FileBrowserView::Rect& r) {
  const ImVec2 at((r.min.x + r.max.x) * 0.5f, (r.min.y + r.max.y) * 0.5f);
  for (bool down : {false, true, false, false}) {
    ui.frame(1.0f / 30.0f, [&](ImGuiIO& io) {
      io.MousePos = at;
      io.MouseDown[0] = down;
    });
  }
}

void click_item(OffscreenUi& ui, const std::string& key) {
  const auto r = ui.app().picker().browser().item_rect(key);
  ASSERT_TRUE(r) << key << " was not drawn";
  ASSERT_LT(r->max.y, ImGui::GetIO().DisplaySize.y) << key << " is below the display";
  click(ui, *r);
}

void type(OffscreenUi& ui, const std::string& text) {
  ui.frame(1.0f / 30.0f, [&](ImGuiIO& io) {
    for (char c : text) io.AddInputCharacter(static_cast<unsigned>(c));
  });
}

std::unique_ptr<OffscreenUi> ui_with_recent(const fs::path& settings_file, int w, int h) {
  AppConfig config{long_run(), {}, assets_dir(), true, {}};
  config.settings = std::make_shared<SettingsStore>(settings_file);
  std::string error;
  auto ui = OffscreenUi::create(std::move(config), w, h, error);
  EXPECT_TRUE(ui) << error;
  return ui;
}

TEST(FileBrowserDialog, OpenFileNavigatesIntoAFolderAndOpensAScenarioByClicks) {
  TempDir dir;
  write_text(dir.path() / "lessons" / "mine.json", kGoodScenario);
  write_text(dir.path() / "lessons" / "broken.json", "{ \"workers\": 0 }");
  write_text(dir.path() / "other.json", kGoodScenario);
  const fs::path settings = dir.path() / "config" / "settings.json";
  auto ui = ui_with_recent(settings, 1600, 1000);
  ASSERT_TRUE(ui);
  ui->frame(1.0f / 30.0f);
  // "Open file…" opens the browser in the presets' folder.
  const FileBrowserView::Rect button{ui->app().picker().open_button_rect().min,
                                     ui->app().picker().open_button_rect().max};
  click(*ui, button);
  const FileBrowserView& view = ui->app().picker().browser();
  ASSERT_TRUE(view.is_open());
  EXPECT_EQ(view.model().dir(), fs::path(assets_dir()) / "scenarios");
  EXPECT_TRUE(view.item_rect("entry:05-forget-close.json"));

  // A typed folder (Enter) opens it; a click on a subfolder enters it.
  type(*ui, dir.path().string());
  press(*ui, ImGui::GetIO().KeyMap[ImGuiKey_Enter]);
  ASSERT_EQ(view.model().dir(), dir.path()) << view.model().error();
  EXPECT_TRUE(view.item_rect("entry:other.json"));
  click_item(*ui, "entry:lessons");
  ASSERT_EQ(view.model().dir(), dir.path() / "lessons");

  // A bad scenario: the error shows in the dialog, which stays open on the same run.
  Engine* engine = ui->app().engine();
  click_item(*ui, "entry:broken.json");
  click_item(*ui, "open");
  EXPECT_TRUE(view.is_open());
  EXPECT_NE(view.model().error().find("workers"), std::string::npos) << view.model().error();
  EXPECT_EQ(ui->app().engine(), engine);

  // Up, then back in through the breadcrumb-free way: the recent list is still empty.
  click_item(*ui, "up");
  EXPECT_EQ(view.model().dir(), dir.path());
  click_item(*ui, "entry:lessons");
  click_item(*ui, "entry:mine.json");
  EXPECT_STREQ(view.typed_path(), "mine.json");
  click_item(*ui, "open");
  ui->frame(1.0f / 30.0f);
  EXPECT_FALSE(view.is_open());
  EXPECT_EQ(ui->app().controls().spec().title, "browsed");
  EXPECT_EQ(ui->app().controls().spec().workers, 5);
  EXPECT_NE(ui->app().engine(), engine) << "the chosen scenario runs";
  ASSERT_FALSE(ui->app().remembered().recent_files.empty());
  EXPECT_EQ(ui->app().remembered().recent_files.front(),
            (dir.path() / "lessons" / "mine.json").string());

  // The recent list survives to the next session, and a click on it opens the file again.
  ui->app().save_settings_now();
  ui.reset();
  auto again = ui_with_recent(settings, 1600, 1000);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->app().remembered().recent_files.front(),
            (dir.path() / "lessons" / "mine.json").string());
  again->frame(1.0f / 30.0f);
  again->app().open_file_browser();
  for (int i = 0; i < 5; ++i) again->frame(1.0f / 30.0f);
  click_item(*again, "recent:0");
  again->frame(1.0f / 30.0f);
  EXPECT_FALSE(again->app().picker().browser().is_open());
  EXPECT_EQ(again->app().controls().spec().title, "browsed");
}

// The dialog at the window's default size and a small laptop's, saved as PNGs when
// POOLSCOPE_TEST_SHOTS names a directory (to look at), and checked for fitting on screen.
TEST(FileBrowserDialog, FitsOnScreenAtCommonSizes) {
  const char* shots = std::getenv("POOLSCOPE_TEST_SHOTS");
  for (const auto& [w, h] : {std::pair{1600, 1000}, std::pair{1280, 800}}) {
    auto ui = make_ui(long_run(), w, h);
    ASSERT_TRUE(ui);
    ui->app().open_file_browser();
    for (int i = 0; i < 3; ++i) ui->frame(1.0f / 30.0f);
    const FileBrowserView& view = ui->app().picker().browser();
    ASSERT_TRUE(view.is_open());
    for (const char* key : {"up", "open", "cancel", "path", "place:presets"}) {
      const auto r = view.item_rect(key);
      ASSERT_TRUE(r) << key;
      EXPECT_GE(r->min.x, 0.0f) << key;
      EXPECT_GE(r->min.y, 0.0f) << key;
      EXPECT_LE(r->max.x, float(w)) << key;
      EXPECT_LE(r->max.y, float(h)) << key;
    }
    if (shots != nullptr) {
      std::string error;
      const std::string path =
          std::string(shots) + "/browser-" + std::to_string(w) + "x" + std::to_string(h) + ".png";
      EXPECT_TRUE(write_png(ui->read_all(), path, error)) << error;
    }
  }
}

}  // namespace
}  // namespace poolscope::gui::test
