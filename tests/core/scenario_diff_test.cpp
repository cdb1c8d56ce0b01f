// describe_changes: how a run's settings differ from its lesson's file, in words.
#include <gtest/gtest.h>

#include "lesson_support.h"

namespace poolscope {
namespace {

TEST(ScenarioDiff, NamesEachChangedKeyWithBothValues) {
  const ScenarioSpec seed = testing::preset("seed.json");
  ScenarioSpec changed = seed;
  changed.workers = 4;
  changed.job_ms = 10000;
  EXPECT_EQ(describe_changes(seed, changed), "workers 3→4, job_ms 1000→10000");
}

TEST(ScenarioDiff, SameSettingsOrOnlyWordsAndPresentationChangedIsNoChange) {
  const ScenarioSpec seed = testing::preset("seed.json");
  ScenarioSpec words = seed;
  words.title = "another title";
  words.lesson = "other text";
  words.show_at = 9.0;
  words.window_s = 3.0;
  EXPECT_EQ(describe_changes(seed, seed), "");
  EXPECT_EQ(describe_changes(seed, words), "");
}

TEST(ScenarioDiff, EnumsFractionsAndUnsetKeys) {
  ScenarioSpec a;
  ScenarioSpec b = a;
  b.policy = FullPolicy::reject;
  b.fail = 0.25;
  b.rate = 50;
  EXPECT_EQ(describe_changes(a, b), "rate unset→50, policy block→reject, fail 0→0.25");
}

}  // namespace
}  // namespace poolscope
