// Sizing for a waiting-time target: against the textbook call-centre example and an independent
// factorial Erlang C, minimality (c meets the target, c − 1 does not), Allen–Cunneen and bad input.
#include "poolscope/sizing.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace poolscope {
namespace {

// Erlang C from the factorial formula (not theory.cpp's Erlang B recursion).
double erlang_c(int c, double a) {
  long double term = 1.0L, head = 0.0L;
  for (int k = 0; k < c; ++k) {
    head += term;
    term *= a / static_cast<long double>(k + 1);
  }
  const long double tail = term * c / (c - a);
  return static_cast<double>(tail / (head + tail));
}

double service_level(int c, double lambda, double s, double t) {
  return 1.0 - erlang_c(c, lambda * s) * std::exp(-(c / s - lambda) * t);
}

// The textbook call centre: 100 calls per 30 minutes, 180 s handling time (10 Erlangs), 80% of
// calls answered within 20 s. Erlang C tables give P(wait) = 0.4494 at 12 agents and service
// levels 79.6% at 13 and 88.4% at 14 agents: 14 is the answer.
TEST(Sizing, TextbookCallCentre) {
  const SizingQuestion q{100.0 / 1800.0, 180.0, DurationDist::exp, 0.5, 20.0, 0.80};
  std::string error;
  const auto a = size_for_target(q, error);
  ASSERT_TRUE(a) << error;
  EXPECT_EQ(a->workers, 14);
  EXPECT_NEAR(a->offered_load, 10.0, 1e-12);
  EXPECT_NEAR(a->mmc.p_within, 0.8884, 0.00005);
  EXPECT_FALSE(a->allen_cunneen.has_value());
  const auto at12 = mmc_wait_within(q.rate_per_s, q.job_s, 12, q.wait_s);
  ASSERT_TRUE(at12);
  EXPECT_NEAR(at12->p_wait, 0.4494, 0.00005);
  const auto at13 = mmc_wait_within(q.rate_per_s, q.job_s, 13, q.wait_s);
  ASSERT_TRUE(at13);
  EXPECT_NEAR(at13->p_within, 0.7956, 0.00005);
}

// Over a grid of loads and targets the answer is the smallest c whose independently computed
// service level meets the target.
TEST(Sizing, AnswerIsMinimalAgainstIndependentErlangC) {
  for (double lambda : {5.0, 40.0, 180.0})
    for (double s : {0.01, 0.05})
      for (double t : {0.0, 0.005, 0.02})
        for (double p : {0.5, 0.9, 0.99}) {
          if (lambda * s >= 12) continue;
          const SizingQuestion q{lambda, s, DurationDist::exp, 0.5, t, p};
          std::string error;
          const auto a = size_for_target(q, error);
          ASSERT_TRUE(a) << error;
          const int c = a->workers;
          SCOPED_TRACE("λ=" + std::to_string(lambda) + " S=" + std::to_string(s) +
                       " T=" + std::to_string(t) + " P=" + std::to_string(p));
          EXPECT_GT(c, lambda * s);
          EXPECT_GE(service_level(c, lambda, s, t), p);
          if (c - 1 > lambda * s) {
            EXPECT_LT(service_level(c - 1, lambda, s, t), p);
          }
          EXPECT_NEAR(a->mmc.p_within, service_level(c, lambda, s, t), 1e-9);
        }
}

// Fixed job times halve the Allen–Cunneen mean wait (cs² = 0), so it may need fewer workers than
// M/M/c, never more; the percentile uses Erlang C and an exponential tail with that mean.
TEST(Sizing, AllenCunneenForFixedJobs) {
  const SizingQuestion q{80.0, 0.1, DurationDist::fixed, 0.5, 0.01, 0.95};
  std::string error;
  const auto a = size_for_target(q, error);
  ASSERT_TRUE(a) << error;
  ASSERT_TRUE(a->allen_cunneen);
  EXPECT_EQ(a->workers, a->allen_cunneen->workers);
  EXPECT_LE(a->workers, a->mmc.workers);
  EXPECT_FALSE(a->note.empty());
  const int c = a->workers;
  const double pw = erlang_c(c, 8.0);
  const double wq_mmc = pw * 0.1 / (c - 8.0);
  const double wq = wq_mmc * (1.0 + 0.0) / 2.0;
  EXPECT_NEAR(a->allen_cunneen->mean_wait_s, wq, 1e-12);
  EXPECT_NEAR(a->allen_cunneen->p_within, 1.0 - pw * std::exp(-0.01 * pw / wq), 1e-12);
  const double fewer_pw = erlang_c(c - 1, 8.0);
  const double fewer_wq = fewer_pw * 0.1 / (c - 1 - 8.0) / 2.0;
  EXPECT_LT(1.0 - fewer_pw * std::exp(-0.01 * fewer_pw / fewer_wq), 0.95);
}

TEST(Sizing, ServiceScvOfEachDistribution) {
  EXPECT_EQ(service_scv(DurationDist::fixed, 0.5), 0.0);
  EXPECT_EQ(service_scv(DurationDist::exp, 0.5), 1.0);
  EXPECT_NEAR(service_scv(DurationDist::uniform, 0.6), 0.12, 1e-12);
  EXPECT_NEAR(service_scv(DurationDist::lognormal, 2.0), 4.0, 1e-12);
}

TEST(Sizing, BadInputIsRefusedWithTheReason) {
  std::string error;
  EXPECT_FALSE(size_for_target({0.0, 0.1, DurationDist::exp, 0.5, 0.1, 0.9}, error));
  EXPECT_NE(error.find("rate"), std::string::npos);
  EXPECT_FALSE(size_for_target({10.0, 0.0, DurationDist::exp, 0.5, 0.1, 0.9}, error));
  EXPECT_NE(error.find("job time"), std::string::npos);
  EXPECT_FALSE(size_for_target({10.0, 0.1, DurationDist::exp, 0.5, -1.0, 0.9}, error));
  EXPECT_NE(error.find("wait"), std::string::npos);
  EXPECT_FALSE(size_for_target({10.0, 0.1, DurationDist::exp, 0.5, 0.1, 1.0}, error));
  EXPECT_NE(error.find("percentile"), std::string::npos);
  EXPECT_FALSE(size_for_target({1e6, 1.0, DurationDist::exp, 0.5, 0.1, 0.9}, error));
  EXPECT_NE(error.find("more than"), std::string::npos);
}

}  // namespace
}  // namespace poolscope
