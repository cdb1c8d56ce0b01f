// The scenario's markers: read in time order, written back unchanged, and every bad value named
// with its place in the list.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "poolscope/scenario.h"

namespace poolscope {
namespace {

std::string error_of(const std::string& text) {
  std::string error;
  const auto spec = parse_scenario(text, error);
  EXPECT_FALSE(spec) << text;
  return error;
}

TEST(ScenarioMarkers, ReadInTimeOrderAndRoundTrip) {
  std::string error;
  const auto spec = parse_scenario(
      R"({"workers": 2, "markers": [{"text": "later", "at_s": 4}, {"at_s": 2.5, "text": "queue full here"}]})",
      error);
  ASSERT_TRUE(spec) << error;
  ASSERT_EQ(spec->markers.size(), 2u);
  EXPECT_EQ(spec->markers[0], (Marker{2.5, "queue full here"}));
  EXPECT_EQ(spec->markers[1], (Marker{4.0, "later"}));

  const std::string json = scenario_to_json(*spec);
  EXPECT_NE(json.find(R"("at_s": 2.5)"), std::string::npos) << json;
  const auto again = parse_scenario(json, error);
  ASSERT_TRUE(again) << error << "\n" << json;
  EXPECT_EQ(*again, *spec);

  // Through a file, as the GUI's Save writes it.
  const auto path = std::filesystem::temp_directory_path() / "poolscope_markers_roundtrip.json";
  ASSERT_TRUE(save_scenario(*spec, path.string(), error)) << error;
  const auto loaded = load_scenario(path.string(), error);
  std::filesystem::remove(path);
  ASSERT_TRUE(loaded) << error;
  EXPECT_EQ(loaded->markers, spec->markers);
}

TEST(ScenarioMarkers, NoMarkersWritesNoKey) {
  EXPECT_EQ(scenario_to_json(ScenarioSpec{}).find("markers"), std::string::npos);
  std::string error;
  EXPECT_TRUE(parse_scenario(R"({"markers": []})", error)) << error;
}

TEST(ScenarioMarkers, BadValuesAreNamed) {
  EXPECT_NE(error_of(R"({"markers": 3})").find("markers: 3 is not an array"), std::string::npos);
  EXPECT_NE(error_of(R"({"markers": [5]})").find("markers[0]: 5 is not an object"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"markers": [{"at_s": 1, "text": "a"}, {"at_s": -2, "text": "b"}]})")
                .find("markers[1].at_s: -2 is out of range (allowed 0..86400 seconds)"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"markers": [{"at_s": "2", "text": "a"}]})")
                .find(R"(markers[0].at_s: "2" is not a number)"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"markers": [{"at_s": 2, "text": 7}]})")
                .find("markers[0].text: 7 is not a string"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"markers": [{"at_s": 2, "text": "  "}]})").find("is empty"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"markers": [{"at_s": 2, "text": "two\nlines"}]})")
                .find("has a control character"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"markers": [{"at_s": 2}]})").find("markers[0]: text is missing"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"markers": [{"text": "x"}]})").find("markers[0]: at_s is missing"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"markers": [{"at_s": 1, "text": "x", "colour": "red"}]})")
                .find(R"(markers[0]: unknown key "colour" (known keys: at_s, text))"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"markers": [{"at_s": 1, "text": ")" + std::string(201, 'x') + R"("}]})")
                .find("longer than 200 bytes"),
            std::string::npos);
  std::string many = R"({"markers": [)";
  for (int i = 0; i <= 100; ++i) many += std::string(i ? "," : "") + R"({"at_s": 1, "text": "x"})";
  EXPECT_NE(error_of(many + "]}").find("101 markers; at most 100"), std::string::npos);
}

TEST(ScenarioMarkers, ValidateChecksMarkersMadeInTheGui) {
  ScenarioSpec s;
  add_marker(s.markers, {3.0, "b"});
  add_marker(s.markers, {1.0, "a"});
  add_marker(s.markers, {3.0, "c"});
  ASSERT_EQ(s.markers.size(), 3u);
  EXPECT_EQ(s.markers[0].text, "a");
  EXPECT_EQ(s.markers[1].text, "b");
  EXPECT_EQ(s.markers[2].text, "c");  // after the one already at the same instant
  EXPECT_EQ(validate(s), "");
  s.markers[1].text = "";
  EXPECT_NE(validate(s).find("markers[1].text"), std::string::npos);
  s.markers[1] = {std::nan(""), "x"};
  EXPECT_NE(validate(s).find("markers[1].at_s: nan is not a finite number"), std::string::npos);
}

TEST(ScenarioMarkers, EveryPresetStillLoads) {
  for (const auto& entry : std::filesystem::directory_iterator(std::string(POOLSCOPE_SOURCE_DIR) +
                                                               "/assets/scenarios")) {
    if (entry.path().extension() != ".json") continue;
    std::string error;
    const auto spec = load_scenario(entry.path().string(), error);
    ASSERT_TRUE(spec) << error;
    EXPECT_EQ(check_markers(spec->markers), "") << entry.path();
  }
}

}  // namespace
}  // namespace poolscope
