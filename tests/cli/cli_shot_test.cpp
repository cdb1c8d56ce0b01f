// `poolscope shot`: without --at it shows the scenario at its show_at (the moment its lesson's
// point is on screen); a scenario without one needs --at. --cursor rewinds the views.
#include <gtest/gtest.h>

#include "cli_support.h"

namespace poolscope::clitest {
namespace {

TEST(CliShot, DefaultsToTheScenariosShowAt) {
  TempDir dir;
  const fs::path png = dir / "seed.png";
  const auto r = run_cli({"shot", "--scenario",
                          (kSourceDir / "assets" / "scenarios" / "02-seed-program.json").string(),
                          "--size", "320x200", "--out", png.string()},
                         dir, 40s);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(png));
  // show_at is 2.5 s: the shot waits for it.
  EXPECT_GE(r.seconds, 2.4);
}

TEST(CliShot, WithoutShowAtOrAtItSaysWhatIsMissing) {
  TempDir dir;
  const auto r = run_cli({"shot", "--workers", "2", "--out", (dir / "x.png").string()}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--at is required"), std::string::npos) << r.err;
}

TEST(CliShot, ACursorRewindsTheViewsAndMustNotBeAfterAt) {
  TempDir dir;
  const std::string seed = (kSourceDir / "assets" / "scenarios" / "02-seed-program.json").string();
  const fs::path png = dir / "rewound.png";
  const auto ok = run_cli({"shot", "--scenario", seed, "--at", "2.2", "--cursor", "1.5", "--size",
                           "640x400", "--out", png.string()},
                          dir, 40s);
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_GT(fs::file_size(png), 1000u);

  const auto late = run_cli({"shot", "--scenario", seed, "--at", "1", "--cursor", "1.5", "--out",
                             (dir / "late.png").string()},
                            dir);
  EXPECT_EQ(late.exit_code, 2);
  EXPECT_NE(late.err.find("--cursor 1.5 is after --at 1"), std::string::npos) << late.err;
  EXPECT_FALSE(fs::exists(dir / "late.png"));
}

// Shots are reproducible: they neither read nor write the window's remembered settings.
TEST(CliShot, LeavesTheRememberedSettingsAlone) {
  TempDir dir;
  const fs::path config = dir / "config", home = dir / "home";
  fs::create_directories(config);
  fs::create_directories(home);
  Program program;
  program.env["XDG_CONFIG_HOME"] = config.string();
  program.env["HOME"] = home.string();
  const auto r = run_cli({"shot", "--workers", "2", "--at", "0.2", "--size", "320x200", "--out",
                          (dir / "x.png").string()},
                         dir, 40s, {}, {}, program);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "x.png"));
  EXPECT_TRUE(fs::is_empty(config)) << "shot wrote under XDG_CONFIG_HOME";
  EXPECT_TRUE(fs::is_empty(home)) << "shot wrote under HOME";
}

}  // namespace
}  // namespace poolscope::clitest
