// Hostile scenario input: deep nesting, huge and slow files, devices and FIFOs, control
// characters in what messages echo. Each must give a one-line message, quickly.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "poolscope/printable.h"
#include "poolscope/scenario.h"

namespace poolscope {
namespace {

namespace fs = std::filesystem;

std::string parse_error(const std::string& text) {
  std::string error;
  EXPECT_FALSE(parse_scenario(text, error).has_value());
  return error;
}

// CPU time this thread has used, in seconds.
double thread_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string nested(std::size_t depth) {
  return std::string(depth, '[') + "1" + std::string(depth, ']');
}

TEST(ScenarioHardening, DeepNestingIsRefusedWithoutRecursion) {
  // 100,000 levels crashed the error path (the value was printed back recursively).
  for (const std::string& text :
       {"{\"workers\": " + nested(100'000) + "}", "{\"title\": " + nested(100'000) + "}",
        "{\"workers\": {\"a\": " + nested(100'000) + "}}", nested(100'000)}) {
    const std::string error = parse_error(text);
    EXPECT_EQ(error.rfind("nesting deeper than 64 levels at line 1, column ", 0), 0u) << error;
  }
  // Brackets inside strings do not count.
  EXPECT_EQ(parse_error("{\"title\": \"" + std::string(1000, '[') + "\", \"workers\": 0}"),
            "workers: 0 is out of range (allowed 1..1024)");
  // At the limit the value is read, and its excerpt is short.
  const std::string at_limit = parse_error("{\"workers\": " + nested(63) + "}");
  EXPECT_EQ(at_limit.rfind("workers: [[[[", 0), 0u) << at_limit;
  EXPECT_LT(at_limit.size(), 100u) << at_limit;
}

TEST(ScenarioHardening, ManyKeysAreRejectedInLinearTime) {
  // 100k keys took 40 s (a linear search per key). Rejecting any 1 MiB input must be fast.
  std::string unknown = "{";
  std::string nested_obj = "{\"workers\": {";
  std::string dup = "{";
  for (int i = 0; unknown.size() < scenario_max_bytes - 100; ++i) {
    const std::string k = "\"k" + std::to_string(i) + "\": 1, ";
    unknown += k;
    nested_obj += k;
  }
  while (dup.size() < scenario_max_bytes - 100) dup += "\"workers\": 1, ";
  unknown += "\"end\": 1}";
  nested_obj += "\"end\": 1}}";
  dup += "\"workers\": 1}";
  // Linear means a small multiple of what reading the same text costs: nlohmann's own check of
  // it, a single pass. Both are timed in this thread's CPU time, so neither a busy machine nor a
  // sanitizer's slowdown (which slows both alike) moves the ratio; the quadratic version was
  // thousands of times slower than the read.
  const double r0 = thread_cpu_s();
  for (const std::string* text : {&unknown, &nested_obj, &dup})
    EXPECT_TRUE(nlohmann::json::accept(*text));
  const double read_s = thread_cpu_s() - r0;
  const double t0 = thread_cpu_s();
  EXPECT_EQ(parse_error(unknown).rfind("unknown key \"k0\"", 0), 0u);
  EXPECT_EQ(parse_error(nested_obj).rfind("workers: {", 0), 0u);
  EXPECT_EQ(parse_error(dup), "duplicate key \"workers\"");
  const double reject_s = thread_cpu_s() - t0;
  EXPECT_LT(reject_s, 30.0 * read_s)
      << "rejecting took " << reject_s << " s of CPU, reading " << read_s << " s";
}

TEST(ScenarioHardening, TextOverOneMebibyteIsRefused) {
  const std::string big = "{\"title\": \"" + std::string(scenario_max_bytes, 'x') + "\"}";
  EXPECT_EQ(parse_error(big).rfind("the scenario is larger than 1048576 bytes", 0), 0u);

  const fs::path path = fs::temp_directory_path() / ("poolscope_big_" + std::to_string(getpid()));
  std::ofstream(path) << big;
  std::string error;
  EXPECT_FALSE(load_scenario(path.string(), error).has_value());
  fs::remove(path);
  EXPECT_NE(error.find("is larger than 1048576 bytes"), std::string::npos) << error;
}

TEST(ScenarioHardening, DevicesAndFifosAreRefusedAtOnce) {
  const auto t0 = std::chrono::steady_clock::now();
  for (const char* dev : {"/dev/zero", "/dev/urandom", "/dev/null"}) {
    std::string error;
    EXPECT_FALSE(load_scenario(dev, error).has_value()) << dev;
    EXPECT_NE(error.find("not a regular file"), std::string::npos) << error;
  }
  // A FIFO with no writer: fopen() waited forever.
  const fs::path fifo = fs::temp_directory_path() / ("poolscope_fifo_" + std::to_string(getpid()));
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string error;
  EXPECT_FALSE(load_scenario(fifo.string(), error).has_value());
  fs::remove(fifo);
  EXPECT_NE(error.find("not a regular file"), std::string::npos) << error;
  EXPECT_LT(seconds_since(t0), 5.0);
}

TEST(ScenarioHardening, MessagesEscapeControlCharactersAndCutLongText) {
  EXPECT_EQ(parse_error("{\"wor\\nkers\": 1}").rfind("unknown key \"wor\\nkers\"", 0), 0u);
  EXPECT_EQ(parse_error("{\"\\u001b[31mred\": 1}").rfind("unknown key \"\\x1b[31mred\"", 0), 0u);
  EXPECT_EQ(parse_error("{\"a\\rb\": 1}").rfind("unknown key \"a\\rb\"", 0), 0u);
  // Values are echoed through JSON's dump, which leaves DEL and the C1 controls raw.
  EXPECT_EQ(parse_error("{\"window_s\": \"a\\u007f\\u009b\"}"),
            "window_s: \"a\\u007f\\u009b\" is not a number");
  const std::string long_key(5000, 'k');
  const std::string error = parse_error("{\"" + long_key + "\": 1}");
  EXPECT_LT(error.find("(known keys"), 100u) << error.substr(0, 200);
  // A syntax error's detail echoes the token read: cut.
  const std::string syntax = parse_error("{\"title\": \"" + std::string(100'000, 'a'));
  EXPECT_LT(syntax.size(), 300u) << syntax.substr(0, 300);
  for (const std::string& e : {error, syntax}) {
    for (const char c : e) EXPECT_GE(static_cast<unsigned char>(c), 0x20u);
  }
}

TEST(Printable, EscapesControlsAndInvalidUtf8AndCuts) {
  EXPECT_EQ(printable("block\nX"), "block\\nX");
  EXPECT_EQ(printable("a\rb\tc\x1b[0m"), "a\\rb\\tc\\x1b[0m");
  EXPECT_EQ(printable("ünïcode — ok"), "ünïcode — ok");
  EXPECT_EQ(printable("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(printable("\xc2\x9b"), "\\xc2\\x9b");  // C1 CSI
  EXPECT_EQ(printable(std::string(100, 'x'), 10), "xxxxxxxxxx...");
  EXPECT_EQ(printable_quoted("a\nb"), "\"a\\nb\"");
}

}  // namespace
}  // namespace poolscope
