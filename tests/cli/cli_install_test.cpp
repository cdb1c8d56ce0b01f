// The executable as installed: --version and --help, and how it finds its data directory
// (the lesson presets) wherever it lives: --data-dir, then $POOLSCOPE_DATA_DIR, then the build
// tree's assets/ (the built executable), then <exe dir>/../share/poolscope.
#include "cli_support.h"

namespace poolscope::clitest {
namespace {

// The environment of every run here: no data directory inherited from the test's.
Program program(const fs::path& exe = kExe) {
  Program p;
  p.exe = exe;
  p.env["POOLSCOPE_DATA_DIR"] = std::nullopt;
  return p;
}

// A data directory whose only preset, seed.json, runs `workers` workers (told apart by that).
void make_data_dir(const fs::path& dir, int workers) {
  fs::create_directories(dir / "scenarios");
  std::ofstream(dir / "scenarios" / "seed.json")
      << R"({"title": "test seed", "workers": )" << workers << R"(, "jobs": 1, "job_ms": 0})";
}

// poolscope copied to <prefix>/bin, as a package installs it (no build-tree marker beside it).
fs::path install_copy(const fs::path& prefix) {
  fs::create_directories(prefix / "bin");
  fs::copy_file(kExe, prefix / "bin" / "poolscope");
  return prefix / "bin" / "poolscope";
}

// The workers of `run --scenario seed --json` under `p`; -1 (and a failure) when it fails.
int seed_workers(const TempDir& dir, const Program& p, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"run", "--scenario", "seed", "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  const Result r = run_cli(args, dir, 20s, {}, {}, p);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  if (r.exit_code != 0) return -1;
  return parse_json_stdout(r).value("workers", -1);
}

TEST(CliInstall, VersionIsTheProjectVersion) {
  TempDir dir;
  const Result r = run_cli({"--version"}, dir, 20s, {}, {}, program());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, std::string("poolscope ") + POOLSCOPE_VERSION + "\n");
}

TEST(CliInstall, HelpListsEverySubcommandWithADescription) {
  TempDir dir;
  const Result r = run_cli({"--help"}, dir, 20s, {}, {}, program());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto subs = r.out.find("Subcommands:");
  ASSERT_NE(subs, std::string::npos) << r.out;
  for (const std::string name : {"run", "bench", "sweep", "shot", "bench-ui", "code"}) {
    // "  name   description" on a line of its own.
    const auto at = r.out.find("\n  " + name + " ", subs);
    ASSERT_NE(at, std::string::npos) << name << " is not listed:\n" << r.out;
    const std::string line = r.out.substr(at + 1, r.out.find('\n', at + 1) - at - 1);
    const auto text = line.find_first_not_of(' ', 2 + name.size());
    ASSERT_NE(text, std::string::npos) << "no description: " << line;
    EXPECT_GE(line.size() - text, 20u) << "no description: " << line;
    const Result sub = run_cli({name, "--help"}, dir, 20s, {}, {}, program());
    EXPECT_EQ(sub.exit_code, 0) << name << ": " << sub.err;
  }
  EXPECT_NE(r.out.find("--version"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--data-dir"), std::string::npos) << r.out;
}

TEST(CliInstall, BuildTreeExecutableUsesTheRepositoryAssets) {
  TempDir dir;  // the test's working directory has no assets/: the marker finds them
  const Result r = run_cli({"code", "--scenario", "02-seed-program"}, dir, 20s, {}, {}, program());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("package main"), std::string::npos) << r.out;
  EXPECT_EQ(seed_workers(dir, program()), 3);  // assets/scenarios/seed.json
}

TEST(CliInstall, InstalledCopyFindsShareBesideItsDirectory) {
  TempDir dir;
  const fs::path exe = install_copy(dir / "prefix");
  make_data_dir(dir / "prefix" / "share" / "poolscope", 7);
  EXPECT_EQ(seed_workers(dir, program(exe)), 7);
  EXPECT_EQ(seed_workers(dir, program(exe), {"--workers", "2"}), 2);  // options still override
}

TEST(CliInstall, OptionBeatsEnvironmentBeatsInstalledData) {
  TempDir dir;
  const fs::path exe = install_copy(dir / "prefix");
  make_data_dir(dir / "prefix" / "share" / "poolscope", 7);
  make_data_dir(dir / "from-env", 5);
  make_data_dir(dir / "from-option", 4);
  Program p = program(exe);
  p.env["POOLSCOPE_DATA_DIR"] = (dir / "from-env").string();
  EXPECT_EQ(seed_workers(dir, p), 5);
  EXPECT_EQ(seed_workers(dir, p, {"--data-dir", (dir / "from-option").string()}), 4);
  // Before the subcommand as well as after it.
  const Result r =
      run_cli({"--data-dir", (dir / "from-option").string(), "run", "--scenario", "seed", "--json"},
              dir, 20s, {}, {}, p);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(parse_json_stdout(r).value("workers", -1), 4);
  // The build tree's own executable too: the environment comes before its assets/.
  Program built = program();
  built.env["POOLSCOPE_DATA_DIR"] = (dir / "from-env").string();
  EXPECT_EQ(seed_workers(dir, built), 5);
}

TEST(CliInstall, NoDataDirectoryIsOneClearLine) {
  TempDir dir;
  const fs::path exe = install_copy(dir / "prefix");  // no share/poolscope beside it
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", "--scenario", "seed"},
        std::vector<std::string>{"shot", "--at", "0.1", "--out", (dir / "x.png").string()}}) {
    const Result r = run_cli(args, dir, 20s, {}, {}, program(exe));
    EXPECT_EQ(r.exit_code, 2) << describe(args);
    ASSERT_EQ(r.err_lines().size(), 1u) << r.err;
    EXPECT_NE(r.err.find("no lesson presets found"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find((dir / "prefix" / "share" / "poolscope").string()), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("--data-dir"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "x.png"));
  }
  // A scenario given by its path needs no data directory.
  make_data_dir(dir / "elsewhere", 6);
  const Result r = run_cli(
      {"run", "--scenario", (dir / "elsewhere" / "scenarios" / "seed.json").string(), "--json"},
      dir, 20s, {}, {}, program(exe));
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(CliInstall, BadDataDirectoryOrPresetNameIsRefused) {
  TempDir dir;
  const Result missing =
      run_cli({"--data-dir", (dir / "nope").string(), "code"}, dir, 20s, {}, {}, program());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--data-dir: \"" + (dir / "nope").string() + "\" is not a directory"),
            std::string::npos)
      << missing.err;

  Program p = program();
  p.env["POOLSCOPE_DATA_DIR"] = dir.path().string();  // exists, but holds no scenarios/
  const Result empty = run_cli({"code", "--scenario", "seed"}, dir, 20s, {}, {}, p);
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("POOLSCOPE_DATA_DIR: "), std::string::npos) << empty.err;
  EXPECT_NE(empty.err.find("has no scenarios/ directory"), std::string::npos) << empty.err;

  const Result unknown =
      run_cli({"code", "--scenario", "no-such-lesson"}, dir, 20s, {}, {}, program());
  EXPECT_EQ(unknown.exit_code, 2);
  ASSERT_EQ(unknown.err_lines().size(), 1u) << unknown.err;
  EXPECT_NE(unknown.err.find("\"no-such-lesson\" is neither a file nor a preset"),
            std::string::npos)
      << unknown.err;
  EXPECT_NE(unknown.err.find("04-backpressure"), std::string::npos) << unknown.err;  // the list
}

}  // namespace
}  // namespace poolscope::clitest
