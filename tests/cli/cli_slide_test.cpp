// `poolscope shot --window START..END --slide out.svg|out.png`: bad windows and paths are refused
// before the run with one clear line and a non-zero exit; write failures are reported and leave
// no half-written slide; a good window writes an SVG that covers exactly it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cli_support.h"

namespace poolscope::clitest {
namespace {

std::string backpressure() {
  return (kSourceDir / "assets" / "scenarios" / "04-backpressure.json").string();
}

TEST(CliSlide, BadWindowsAreRefusedBeforeTheRun) {
  TempDir dir;
  const std::string svg = (dir / "s.svg").string();
  const struct {
    std::vector<std::string> extra;
    const char* says;
  } cases[] = {
      {{"--window", "abc", "--slide", svg}, "--window: \"abc\" is not START..END in seconds"},
      {{"--window", "1.0..", "--slide", svg}, "is not START..END"},
      {{"--window", "1..2x", "--slide", svg}, "is not START..END"},
      {{"--window", "2.5..1.0", "--slide", svg}, "ends before it starts"},
      {{"--window", "1..1", "--slide", svg}, "ends before it starts"},
      {{"--window", "-1..2", "--slide", svg}, "is outside the run"},
      {{"--window", "1..5000", "--slide", svg}, "is outside the run"},
      {{"--window", "1..3", "--at", "2", "--slide", svg}, "ends after --at 2"},
      {{"--window", "1..2", "--out", (dir / "x.png").string()}, "--slide and --window go together"},
      {{"--window", "1..2"}, "--out or --slide is required"},
      {{"--slide", svg}, "--slide and --window go together"},
      {{"--window", "1..2", "--slide", (dir / "s.pdf").string()}, "does not end in .svg or .png"},
      {{"--out", (dir / "x.png").string(), "--slide-pipeline"},
       "--slide-pipeline shapes a slide: give --slide and --window too"},
      {{"--out", (dir / "x.png").string(), "--slide-no-depth"},
       "--slide-no-depth shapes a slide: give --slide and --window too"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args{"shot", "--scenario", backpressure()};
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    const auto r = run_cli(args, dir);
    EXPECT_EQ(r.exit_code, 2) << c.says << "\n" << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    EXPECT_LT(r.seconds, 5.0) << "refused only after running: " << c.says;
  }
  EXPECT_FALSE(fs::exists(svg));
}

TEST(CliSlide, AWindowAfterARunThatEndedIsOutsideTheRecording) {
  TempDir dir;
  // Two 10 ms jobs: the run is over long before 1.5 s.
  const auto r = run_cli({"shot", "--workers", "2", "--jobs", "2", "--job-ms", "10", "--window",
                          "1.0..1.5", "--slide", (dir / "s.svg").string()},
                         dir, 40s);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("is outside the recording"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "s.svg"));
}

TEST(CliSlide, WriteFailuresAreReported) {
  TempDir dir;
  const auto missing = run_cli({"shot", "--scenario", backpressure(), "--window", "0.1..0.3",
                                "--slide", (dir / "no" / "such" / "s.svg").string()},
                               dir);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("does not exist"), std::string::npos) << missing.err;

  if (fs::exists("/dev/full")) {
    // The device: every write fails with ENOSPC. Its name has no .svg, so it is linked.
    fs::create_symlink("/dev/full", dir / "full.svg");
    const auto r = run_cli({"shot", "--scenario", backpressure(), "--window", "0.1..0.3", "--slide",
                            (dir / "full.svg").string()},
                           dir, 40s);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no slide written"), std::string::npos) << r.err;
  }
}

TEST(CliSlide, TheSvgCoversExactlyTheWindow) {
  TempDir dir;
  const fs::path svg = dir / "s.svg";
  const auto r = run_cli({"shot", "--scenario", backpressure(), "--window", "0.25..0.75",
                          "--slide-no-depth", "--slide", svg.string()},
                         dir, 40s);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(svg);
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  ASSERT_NE(s.find("</svg>"), std::string::npos);
  EXPECT_NE(s.find("class=\"tick-label\""), std::string::npos);
  EXPECT_NE(s.find(">0.25 s</text>"), std::string::npos) << "left edge label";
  EXPECT_NE(s.find(">0.75 s</text>"), std::string::npos) << "right edge label";
  EXPECT_NE(s.find("4. Backpressure"), std::string::npos) << "title";
  EXPECT_EQ(s.find("class=\"depth\""), std::string::npos) << "--slide-no-depth";
  EXPECT_EQ(s.find("Live"), std::string::npos) << "no UI chrome";
}

}  // namespace
}  // namespace poolscope::clitest
