// Queueing-theory module: checked against textbook values and independent reference formulas.
#include "poolscope/theory.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace poolscope {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Erlang C from the textbook factorial formula, in long double; fine for small c.
double erlang_c_factorial(int c, double a_in) {
  const long double a = a_in;
  long double term = 1.0L;  // a^k / k!
  long double head = 0.0L;  // Σ_{k<c} a^k / k!
  for (int k = 0; k < c; ++k) {
    head += term;
    term *= a / static_cast<long double>(k + 1);
  }
  const long double tail = term * static_cast<long double>(c) / (static_cast<long double>(c) - a);
  return static_cast<double>(tail / (head + tail));
}

// Erlang C in log space with lgamma (a different route from the Erlang B recursion), for big c.
double erlang_c_log(int c, double a_in) {
  const long double a = a_in;
  std::vector<long double> logs;
  for (int k = 0; k < c; ++k) {
    logs.push_back(static_cast<long double>(k) * std::log(a) -
                   std::lgamma(static_cast<long double>(k + 1)));
  }
  const long double log_tail = static_cast<long double>(c) * std::log(a) -
                               std::lgamma(static_cast<long double>(c + 1)) +
                               std::log(static_cast<long double>(c) / (c - a));
  long double m = log_tail;
  for (long double l : logs) m = std::max(m, l);
  long double head = 0.0L;
  for (long double l : logs) head += std::exp(l - m);
  const long double tail = std::exp(log_tail - m);
  return static_cast<double>(tail / (head + tail));
}

struct MmckReference {
  double p_block, utilization, queue_len, throughput;
};

// M/M/c/K by brute force: unnormalised p_n = a^n/n! (n ≤ c), a^c/c!·ρ^(n-c), then normalise.
MmckReference mmck_reference(double lambda, double s, int c, int k) {
  const long double a = static_cast<long double>(lambda) * s;
  std::vector<long double> p(static_cast<std::size_t>(k) + 1);
  p[0] = 1.0L;
  for (int n = 1; n <= k; ++n) {
    const long double ratio = n <= c ? a / n : a / c;
    p[static_cast<std::size_t>(n)] = p[static_cast<std::size_t>(n) - 1] * ratio;
  }
  long double total = 0.0L;
  for (long double x : p) total += x;
  long double busy = 0.0L, lq = 0.0L;
  for (int n = 0; n <= k; ++n) {
    const long double pn = p[static_cast<std::size_t>(n)] / total;
    busy += static_cast<long double>(std::min(n, c)) * pn;
    if (n > c) lq += static_cast<long double>(n - c) * pn;
  }
  const long double p_block = p[static_cast<std::size_t>(k)] / total;
  return {static_cast<double>(p_block), static_cast<double>(busy / c), static_cast<double>(lq),
          static_cast<double>(lambda * (1.0L - p_block))};
}

// ---- Little's law ------------------------------------------------------------------------------

TEST(TheoryLittle, ExactMatchHasZeroDifference) {
  const LittleCheck c = little(20.0, 10.0, 2.0);
  EXPECT_NEAR(c.measured_l, 20.0, 1e-12);
  EXPECT_NEAR(c.lambda, 10.0, 1e-12);
  EXPECT_NEAR(c.w_s, 2.0, 1e-12);
  EXPECT_NEAR(c.predicted_l, 20.0, 1e-12);
  EXPECT_NEAR(c.relative_difference, 0.0, 1e-12);
}

TEST(TheoryLittle, RelativeDifferenceIsSignedAgainstPrediction) {
  EXPECT_NEAR(little(11.0, 10.0, 1.0).relative_difference, 0.1, 1e-12);
  EXPECT_NEAR(little(7.5, 5.0, 2.0).relative_difference, -0.25, 1e-12);
  EXPECT_NEAR(little(0.2, 4.0, 0.0625).predicted_l, 0.25, 1e-12);
}

TEST(TheoryLittle, ZeroPredictionGivesZeroDifference) {
  const LittleCheck c = little(3.0, 0.0, 1.0);
  EXPECT_NEAR(c.predicted_l, 0.0, 1e-12);
  EXPECT_NEAR(c.relative_difference, 0.0, 1e-12);
}

// ---- M/M/c -------------------------------------------------------------------------------------

TEST(TheoryMmc, Mm1Textbook) {
  // λ = 0.5, μ = 1: ρ = 0.5, P(wait) = ρ, Wq = ρ/(μ-λ) = 1 s, Lq = ρ²/(1-ρ) = 0.5, W = 2 s.
  const auto r = mmc(0.5, 1.0, 1);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->stable);
  EXPECT_NEAR(r->utilization, 0.5, 1e-12);
  EXPECT_NEAR(r->p_wait, 0.5, 1e-12);
  EXPECT_NEAR(r->wait_s, 1.0, 1e-12);
  EXPECT_NEAR(r->queue_len, 0.5, 1e-12);
  EXPECT_NEAR(r->response_s, 2.0, 1e-12);
  EXPECT_EQ(r->note, "");
}

TEST(TheoryMmc, Mm2Textbook) {
  // λ = 1, μ = 1, c = 2: a = 1, ρ = 0.5, C(2, 1) = 1/3, Wq = C/(cμ-λ) = 1/3 s, Lq = 1/3.
  const auto r = mmc(1.0, 1.0, 2);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->stable);
  EXPECT_NEAR(r->utilization, 0.5, 1e-12);
  EXPECT_NEAR(r->p_wait, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(r->wait_s, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(r->queue_len, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(r->response_s, 4.0 / 3.0, 1e-12);
}

TEST(TheoryMmc, ServiceTimeScalesWaits) {
  // Same load as M/M/2 above with S = 0.25 s: C unchanged, waits scale by S.
  const auto r = mmc(4.0, 0.25, 2);
  ASSERT_TRUE(r.has_value());
  EXPECT_NEAR(r->p_wait, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(r->wait_s, 1.0 / 12.0, 1e-12);
  EXPECT_NEAR(r->queue_len, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(r->response_s, 1.0 / 3.0, 1e-12);
}

TEST(TheoryMmc, ErlangCTableValue) {
  // c = 10, a = 8 Erlangs: tables give C ≈ 0.4092.
  const auto r = mmc(8.0, 1.0, 10);
  ASSERT_TRUE(r.has_value());
  EXPECT_NEAR(r->p_wait, 0.4092, 5e-5);
  EXPECT_NEAR(r->p_wait, erlang_c_factorial(10, 8.0), 1e-12);
  // Wq = C·S/(c - a), Lq = λ·Wq.
  EXPECT_NEAR(r->wait_s, r->p_wait / 2.0, 1e-12);
  EXPECT_NEAR(r->queue_len, 8.0 * r->p_wait / 2.0, 1e-12);
}

TEST(TheoryMmc, MatchesFactorialFormulaOnAGrid) {
  for (int c = 1; c <= 30; ++c) {
    for (double rho : {0.05, 0.3, 0.5, 0.8, 0.95, 0.999}) {
      const double a = rho * c;
      const auto r = mmc(a / 0.5, 0.5, c);
      ASSERT_TRUE(r.has_value()) << "c=" << c << " rho=" << rho;
      EXPECT_NEAR(r->p_wait, erlang_c_factorial(c, a), 1e-11) << "c=" << c << " rho=" << rho;
      EXPECT_NEAR(r->utilization, rho, 1e-12);
    }
  }
}

TEST(TheoryMmc, LargeServerCountStaysFinite) {
  // a^c / c! would overflow a double here; the recursion must not.
  const auto r = mmc(990.0, 1.0, 1000);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->stable);
  EXPECT_TRUE(std::isfinite(r->p_wait));
  EXPECT_GE(r->p_wait, 0.0);
  EXPECT_LE(r->p_wait, 1.0);
  EXPECT_NEAR(r->p_wait, erlang_c_log(1000, 990.0), 1e-9);
  EXPECT_NEAR(r->wait_s, r->p_wait / 10.0, 1e-12);
  EXPECT_TRUE(std::isfinite(r->queue_len));
}

TEST(TheoryMmc, Server1024MatchesLogSpaceReference) {
  for (double a : {100.0, 900.0, 1000.0, 1020.0}) {
    const auto r = mmc(a, 1.0, 1024);
    ASSERT_TRUE(r.has_value());
    EXPECT_NEAR(r->p_wait, erlang_c_log(1024, a), 1e-9) << "a=" << a;
  }
}

TEST(TheoryMmc, UnstableAtAndAboveCapacity) {
  for (double lambda : {2.0, 3.0, 100.0}) {  // c = 2, S = 1: ρ = 1, 1.5, 50
    const auto r = mmc(lambda, 1.0, 2);
    ASSERT_TRUE(r.has_value());
    EXPECT_FALSE(r->stable);
    EXPECT_NEAR(r->utilization, lambda / 2.0, 1e-12);
    EXPECT_NEAR(r->p_wait, 1.0, 1e-12);
    EXPECT_TRUE(std::isinf(r->wait_s));
    EXPECT_TRUE(std::isinf(r->queue_len));
    EXPECT_TRUE(std::isinf(r->response_s));
    EXPECT_EQ(r->note, "unstable: arrivals exceed capacity (ρ ≥ 1): the queue grows without bound");
  }
}

TEST(TheoryMmc, InvalidInputsGiveNullopt) {
  EXPECT_FALSE(mmc(0.0, 1.0, 1).has_value());
  EXPECT_FALSE(mmc(-1.0, 1.0, 1).has_value());
  EXPECT_FALSE(mmc(1.0, 0.0, 1).has_value());
  EXPECT_FALSE(mmc(1.0, -0.5, 1).has_value());
  EXPECT_FALSE(mmc(1.0, 1.0, 0).has_value());
  EXPECT_FALSE(mmc(1.0, 1.0, -3).has_value());
  EXPECT_FALSE(mmc(kNaN, 1.0, 1).has_value());
  EXPECT_FALSE(mmc(1.0, kNaN, 1).has_value());
  EXPECT_FALSE(mmc(kInf, 1.0, 1).has_value());
  EXPECT_FALSE(mmc(1.0, kInf, 1).has_value());
  EXPECT_TRUE(mmc(0.5, 1.0, 1).has_value());  // the guard itself is not too strict
}

// ---- M/M/c/K -----------------------------------------------------------------------------------

TEST(TheoryMmck, Mm1kRhoOneIsUniform) {
  // ρ = 1, K = 5: p_n = 1/6 for n = 0..5.
  const auto r = mmck(1.0, 1.0, 1, 5);
  ASSERT_TRUE(r.has_value());
  EXPECT_NEAR(r->p_block, 1.0 / 6.0, 1e-12);
  EXPECT_NEAR(r->utilization, 5.0 / 6.0, 1e-12);                    // 1 - p_0
  EXPECT_NEAR(r->queue_len, (1.0 + 2.0 + 3.0 + 4.0) / 6.0, 1e-12);  // Σ (n-1) p_n
  EXPECT_NEAR(r->throughput_per_s, 5.0 / 6.0, 1e-12);
  EXPECT_NEAR(r->wait_s, 2.0, 1e-12);  // Lq / λ_eff = (10/6) / (5/6)
}

TEST(TheoryMmck, Mm1kHalfLoadCapacityTwo) {
  // λ = μ/2, K = 2: p = (4, 2, 1)/7, p_block = ρ²(1-ρ)/(1-ρ³) = 1/7.
  const auto r = mmck(0.5, 1.0, 1, 2);
  ASSERT_TRUE(r.has_value());
  EXPECT_NEAR(r->p_block, 1.0 / 7.0, 1e-12);
  EXPECT_NEAR(r->utilization, 3.0 / 7.0, 1e-12);
  EXPECT_NEAR(r->queue_len, 1.0 / 7.0, 1e-12);
  EXPECT_NEAR(r->throughput_per_s, 0.5 * 6.0 / 7.0, 1e-12);
  EXPECT_NEAR(r->wait_s, (1.0 / 7.0) / (3.0 / 7.0), 1e-12);
}

TEST(TheoryMmck, Mm1kOverloadClosedForm) {
  // ρ = 2, K = 10: p_block = ρ^K (1-ρ) / (1-ρ^(K+1)) = 1024/2047.
  const auto r = mmck(2.0, 1.0, 1, 10);
  ASSERT_TRUE(r.has_value());
  EXPECT_NEAR(r->p_block, 1024.0 / 2047.0, 1e-12);
  EXPECT_NEAR(r->throughput_per_s, 2.0 * (1.0 - 1024.0 / 2047.0), 1e-12);
}

TEST(TheoryMmck, NoBufferIsErlangB) {
  // K = c: the Erlang loss system. c = 2, a = 1: B = (1/2) / (1 + 1 + 1/2) = 0.2.
  const auto r = mmck(1.0, 1.0, 2, 2);
  ASSERT_TRUE(r.has_value());
  EXPECT_NEAR(r->p_block, 0.2, 1e-12);
  EXPECT_NEAR(r->queue_len, 0.0, 1e-15);
  EXPECT_NEAR(r->wait_s, 0.0, 1e-15);
  EXPECT_NEAR(r->utilization, 0.4, 1e-12);  // a(1 - B) / c
}

TEST(TheoryMmck, MatchesBruteForceOnAGrid) {
  for (int c = 1; c <= 8; ++c) {
    for (int extra : {0, 1, 5, 20}) {
      for (double rho : {0.2, 0.9, 1.0, 1.3, 4.0}) {
        const int k = c + extra;
        const double lambda = rho * c / 0.1;
        const auto r = mmck(lambda, 0.1, c, k);
        ASSERT_TRUE(r.has_value());
        const MmckReference ref = mmck_reference(lambda, 0.1, c, k);
        SCOPED_TRACE("c=" + std::to_string(c) + " K=" + std::to_string(k) +
                     " rho=" + std::to_string(rho));
        EXPECT_NEAR(r->p_block, ref.p_block, 1e-12);
        EXPECT_NEAR(r->utilization, ref.utilization, 1e-12);
        EXPECT_NEAR(r->queue_len, ref.queue_len, 1e-10);
        EXPECT_NEAR(r->throughput_per_s, ref.throughput, 1e-9);
        // Flow balance: what is admitted is served.
        EXPECT_NEAR(r->throughput_per_s, lambda * (1.0 - r->p_block), 1e-9);
        EXPECT_NEAR(r->wait_s, r->queue_len > 0.0 ? r->queue_len / ref.throughput : 0.0, 1e-10);
      }
    }
  }
}

TEST(TheoryMmck, HugeCapacityApproachesMmc) {
  const auto inf_queue = mmc(8.0, 1.0, 10);
  const auto big = mmck(8.0, 1.0, 10, 100000);
  ASSERT_TRUE(inf_queue.has_value());
  ASSERT_TRUE(big.has_value());
  EXPECT_NEAR(big->p_block, 0.0, 1e-15);
  EXPECT_NEAR(big->queue_len, inf_queue->queue_len, 1e-9);
  EXPECT_NEAR(big->wait_s, inf_queue->wait_s, 1e-9);
  EXPECT_NEAR(big->utilization, 0.8, 1e-12);
  EXPECT_NEAR(big->throughput_per_s, 8.0, 1e-10);
}

TEST(TheoryMmck, LargeServersAndCapacityStayFinite) {
  for (double a : {990.0, 1024.0, 2000.0}) {
    const auto r = mmck(a, 1.0, 1024, 100000);
    ASSERT_TRUE(r.has_value());
    SCOPED_TRACE("a=" + std::to_string(a));
    EXPECT_TRUE(std::isfinite(r->p_block));
    EXPECT_GE(r->p_block, 0.0);
    EXPECT_LE(r->p_block, 1.0);
    EXPECT_GE(r->utilization, 0.0);
    EXPECT_LE(r->utilization, 1.0);
    EXPECT_GE(r->queue_len, 0.0);
    EXPECT_LE(r->queue_len, 100000.0 - 1024.0);
    EXPECT_TRUE(std::isfinite(r->wait_s));
    EXPECT_NEAR(r->throughput_per_s, a * (1.0 - r->p_block), 1e-9 * a);
  }
  // Heavily overloaded with a long buffer: every server busy, the excess rejected.
  const auto over = mmck(2000.0, 1.0, 1024, 100000);
  ASSERT_TRUE(over.has_value());
  EXPECT_NEAR(over->utilization, 1.0, 1e-12);
  EXPECT_NEAR(over->p_block, 1.0 - 1024.0 / 2000.0, 1e-12);
  EXPECT_NEAR(over->throughput_per_s, 1024.0, 1e-8);
  // Under load at c = 1000, a = 990 the huge buffer makes it M/M/c again.
  const auto under = mmck(990.0, 1.0, 1000, 100000);
  const auto open = mmc(990.0, 1.0, 1000);
  ASSERT_TRUE(under.has_value());
  ASSERT_TRUE(open.has_value());
  EXPECT_NEAR(under->queue_len, open->queue_len, 1e-7);
}

TEST(TheoryMmck, InvalidInputsGiveNullopt) {
  EXPECT_FALSE(mmck(0.0, 1.0, 1, 1).has_value());
  EXPECT_FALSE(mmck(-1.0, 1.0, 1, 1).has_value());
  EXPECT_FALSE(mmck(1.0, 0.0, 1, 1).has_value());
  EXPECT_FALSE(mmck(1.0, 1.0, 0, 1).has_value());
  EXPECT_FALSE(mmck(1.0, 1.0, 2, 1).has_value());  // K < c
  EXPECT_FALSE(mmck(kNaN, 1.0, 1, 1).has_value());
  EXPECT_FALSE(mmck(1.0, kInf, 1, 1).has_value());
  EXPECT_FALSE(mmck(1e200, 1e200, 1, 1).has_value());  // λ·S overflows
  EXPECT_TRUE(mmck(1.0, 1.0, 2, 2).has_value());
}

// ---- Goetz -------------------------------------------------------------------------------------

TEST(TheoryGoetz, TextbookExamples) {
  EXPECT_EQ(goetz_workers(8, 1.0, 9.0, 1.0), 80);    // 8 × 1 × (1 + 9)
  EXPECT_EQ(goetz_workers(8, 1.0, 0.0, 1.0), 8);     // CPU-bound: one per CPU
  EXPECT_EQ(goetz_workers(8, 0.5, 1.0, 1.0), 8);     // 8 × 0.5 × 2
  EXPECT_EQ(goetz_workers(4, 0.75, 50.0, 5.0), 33);  // 4 × 0.75 × 11 = 33
  EXPECT_EQ(goetz_workers(3, 1.0, 0.5, 1.0), 5);     // 4.5 rounds half away from zero
  EXPECT_EQ(goetz_workers(3, 1.0, 0.4, 1.0), 4);     // 4.2 rounds down
}

TEST(TheoryGoetz, ClampsToOneAndToTheCap) {
  EXPECT_EQ(goetz_workers(1, 0.1, 0.0, 1.0), 1);  // 0.1 would round to 0
  EXPECT_EQ(goetz_workers(0, 1.0, 0.0, 1.0), 1);  // no CPUs counts as one
  EXPECT_EQ(goetz_workers(8, 0.0, 9.0, 1.0), 1);
  EXPECT_EQ(goetz_workers(8, kNaN, 9.0, 1.0), 1);
  EXPECT_EQ(goetz_workers(8, 2.0, 9.0, 1.0), 80);                // U above 1 counts as 1
  EXPECT_EQ(goetz_workers(8, 1.0, -5.0, 1.0), 8);                // negative wait counts as 0
  EXPECT_EQ(goetz_workers(8, 1.0, 1.0, 0.0), kGoetzMaxWorkers);  // pure waiting
  EXPECT_EQ(goetz_workers(8, 1.0, 0.0, 0.0), 8);                 // no job at all: W/C = 0
  EXPECT_EQ(goetz_workers(64, 1.0, 1e6, 1.0), kGoetzMaxWorkers);
  EXPECT_EQ(goetz_workers(8, 1.0, kInf, 1.0), kGoetzMaxWorkers);
  EXPECT_EQ(kGoetzMaxWorkers, 1024);
}

TEST(TheoryGoetz, ProfileVariant) {
  EXPECT_EQ(goetz_workers_for_profile(8, 1.0), 8);    // CPU-bound
  EXPECT_EQ(goetz_workers_for_profile(8, 0.1), 80);   // W/C = 9
  EXPECT_EQ(goetz_workers_for_profile(4, 0.25), 16);  // W/C = 3
  EXPECT_EQ(goetz_workers_for_profile(6, 0.5), 12);
  EXPECT_EQ(goetz_workers_for_profile(8, 0.0), kGoetzMaxWorkers);  // pure waiting
  EXPECT_EQ(goetz_workers_for_profile(8, -0.5), kGoetzMaxWorkers);
  EXPECT_EQ(goetz_workers_for_profile(8, 1e-9), kGoetzMaxWorkers);
  EXPECT_EQ(goetz_workers_for_profile(8, 1.5), 8);  // above 1 counts as 1
  EXPECT_EQ(goetz_workers_for_profile(8, kNaN), 8);
  EXPECT_EQ(goetz_workers_for_profile(0, 1.0), 1);
  // Agrees with the four-argument form: cpu_fraction = C / (W + C).
  for (double w : {0.0, 1.0, 3.0, 9.0, 19.0}) {
    EXPECT_EQ(goetz_workers_for_profile(4, 1.0 / (w + 1.0)), goetz_workers(4, 1.0, w, 1.0))
        << "W/C=" << w;
  }
}

// ---- Applicability -----------------------------------------------------------------------------

TEST(TheoryApplicability, AllAssumptionsHold) {
  const Applicability a = mmc_applicability(true, true, true);
  EXPECT_TRUE(a.applies);
  EXPECT_EQ(a.note, "open loop, Poisson arrivals, exponential service: M/M/c applies");
}

TEST(TheoryApplicability, ClosedLoopDoesNotApply) {
  const Applicability a = mmc_applicability(false, true, false);
  EXPECT_FALSE(a.applies);
  EXPECT_EQ(a.note,
            "closed loop: the producer waits for the queue, so arrivals are not Poisson; "
            "M/M/c does not apply");
}

TEST(TheoryApplicability, NonExponentialServiceIsAnApproximation) {
  const Applicability a = mmc_applicability(true, false, true);
  EXPECT_FALSE(a.applies);
  EXPECT_EQ(a.note, "service times are not exponential: M/M/c is an approximation (M/G/c)");
}

TEST(TheoryApplicability, NonPoissonArrivalsIsAnApproximation) {
  const Applicability a = mmc_applicability(true, true, false);
  EXPECT_FALSE(a.applies);
  EXPECT_NE(a.note.find("arrivals are not Poisson"), std::string::npos) << a.note;
  EXPECT_NE(a.note.find("G/M/c"), std::string::npos) << a.note;
}

TEST(TheoryApplicability, SeveralReasonsAreAllListed) {
  const Applicability a = mmc_applicability(false, false, true);
  EXPECT_FALSE(a.applies);
  EXPECT_NE(a.note.find("closed loop"), std::string::npos) << a.note;
  EXPECT_NE(a.note.find("M/G/c"), std::string::npos) << a.note;
}

}  // namespace
}  // namespace poolscope
