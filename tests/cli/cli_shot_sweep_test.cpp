// `poolscope shot --sweep`: the sizing sweep runs to its end before the picture is taken, and a
// bad list is refused before anything runs.
#include <gtest/gtest.h>

#include "cli_support.h"

namespace poolscope::clitest {
namespace {

TEST(CliShotSweep, RunsTheSweepBeforeThePicture) {
  TempDir dir;
  const fs::path png = dir / "sweep.png";
  // Three points of an endless closed loop, each cut at 0.8 s: at least 2.4 s before the shot.
  const auto r =
      run_cli({"shot", "--job-ms", "5", "--duration", "30", "--at", "0.2", "--sweep", "1,2,4",
               "--sweep-seconds", "0.8", "--size", "640x900", "--out", png.string()},
              dir, 60s);
  if (r.err.find("needs the GUI") != std::string::npos) GTEST_SKIP() << "built without the GUI";
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GT(fs::file_size(png), 1000u);
  EXPECT_GE(r.seconds, 2.4);
}

TEST(CliShotSweep, ABadListIsRefused) {
  TempDir dir;
  const auto r =
      run_cli({"shot", "--at", "0.2", "--sweep", "0..4", "--out", (dir / "x.png").string()}, dir);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--sweep: \"0..4\" is out of range"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "x.png"));
}

}  // namespace
}  // namespace poolscope::clitest
