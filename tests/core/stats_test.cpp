// Statistics: log-bucketed histograms (percentiles within bucket error, concurrent recording),
// the per-thread event ring (order, bounded memory, loss counting), and the engine's statistics.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>
#include <vector>

#include "event_ring.h"
#include "histogram.h"
#include "poolscope/engine.h"
#include "test_support.h"

namespace poolscope {
namespace {

using namespace std::chrono_literals;

// One bucket is 1/32 of its power of two wide; interpolation keeps the error below that.
constexpr double bucket_error = 1.0 / HistogramData::sub_count;

TEST(Histogram, BucketsAreContiguousAndOrdered) {
  for (int b = 0; b < 40 * HistogramData::sub_count; ++b) {
    const std::uint64_t lo = HistogramData::bucket_low(b);
    const std::uint64_t next = HistogramData::bucket_low(b + 1);
    ASSERT_LT(lo, next) << "bucket " << b;
    ASSERT_EQ(HistogramData::bucket_of(lo), b);
    ASSERT_EQ(HistogramData::bucket_of(next - 1), b);
    const std::uint64_t mid = HistogramData::bucket_mid(b);
    ASSERT_GE(mid, lo);
    ASSERT_LT(mid, next);
    // Relative width bounded: the precision promise.
    if (lo >= HistogramData::sub_count) {
      ASSERT_LE(double(next - lo) / double(lo), bucket_error);
    }
  }
  EXPECT_LT(HistogramData::bucket_of(UINT64_MAX), HistogramData::bucket_count);
}

TEST(Histogram, UniformPercentilesWithinBucketError) {
  HistogramData h;
  for (std::uint64_t v = 1; v <= 100'000; ++v) h.add(v * 1000);  // 1 us .. 100 ms in ns
  EXPECT_EQ(h.count(), 100'000u);
  EXPECT_DOUBLE_EQ(h.mean(), 50'000.5 * 1000);
  EXPECT_EQ(h.max(), 100'000'000u);
  EXPECT_EQ(h.min(), 1000u);
  for (double q : {0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999}) {
    const double exact = q * 100'000 * 1000;
    EXPECT_NEAR(h.quantile(q), exact, exact * bucket_error) << "q " << q;
  }
  EXPECT_EQ(h.quantile(1.0), 100'000'000.0);
}

TEST(Histogram, ExponentialPercentilesWithinBucketError) {
  std::mt19937_64 rng(9);
  std::exponential_distribution<double> exp(1.0 / 5e6);  // mean 5 ms in ns
  std::vector<double> values;
  HistogramData h;
  for (int i = 0; i < 200'000; ++i) {
    const double v = exp(rng);
    values.push_back(v);
    h.add(static_cast<std::uint64_t>(v));
  }
  std::sort(values.begin(), values.end());
  for (double q : {0.5, 0.95, 0.99}) {
    const double exact = values[std::size_t(q * double(values.size())) - 1];
    EXPECT_NEAR(h.quantile(q), exact, exact * (bucket_error + 0.005)) << "q " << q;
    // And the distribution's own quantile, -mean * ln(1 - q), within sampling noise.
    EXPECT_NEAR(h.quantile(q), -5e6 * std::log(1 - q), 5e6 * std::log(1 / (1 - q)) * 0.05);
  }
  const Summary s = h.summary(1e6);
  EXPECT_NEAR(s.mean, 5.0, 0.1);
  EXPECT_NEAR(s.p50, 5.0 * std::log(2.0), 0.1);
  EXPECT_EQ(s.count, 200'000u);
  EXPECT_LE(s.p50, s.p95);
  EXPECT_LE(s.p95, s.p99);
  EXPECT_LE(s.p99, s.max);
}

TEST(Histogram, EmptyAndSingleValue) {
  HistogramData h;
  EXPECT_EQ(h.quantile(0.5), 0.0);
  EXPECT_EQ(h.summary(1.0).count, 0u);
  h.add(123'456);
  for (double q : {0.0, 0.5, 1.0}) EXPECT_EQ(h.quantile(q), 123'456.0);  // clamped to min/max
}

TEST(Histogram, MergeEqualsRecordingEverythingInOne) {
  HistogramData a, b, both;
  for (std::uint64_t v = 0; v < 5000; ++v) {
    (v % 3 ? a : b).add(v * v);
    both.add(v * v);
  }
  a.merge(b);
  EXPECT_EQ(a.buckets, both.buckets);
  EXPECT_EQ(a.count(), both.count());
  EXPECT_EQ(a.max(), both.max());
  EXPECT_EQ(a.min(), both.min());
  EXPECT_DOUBLE_EQ(a.mean(), both.mean());
}

TEST(Histogram, ConcurrentReaderSeesAConsistentGrowingCount) {
  // One writer records while another thread merges: counts only grow, and the end is exact.
  LogHistogram live;
  constexpr std::uint64_t n = 200'000;
  std::atomic<bool> done{false};
  std::jthread writer([&] {
    for (std::uint64_t i = 1; i <= n; ++i) live.record(i % 1000 * 1000);
    done.store(true);
  });
  std::uint64_t last = 0;
  while (!done.load()) {
    HistogramData h;
    live.merge_into(h);
    ASSERT_GE(h.count(), last);
    ASSERT_LE(h.count(), n);
    last = h.count();
  }
  writer.join();
  HistogramData h;
  live.merge_into(h);
  EXPECT_EQ(h.count(), n);
  EXPECT_EQ(h.max(), 999'000u);
  EXPECT_EQ(h.min(), 0u);
}

// ---- EventRing ----

Event ev(std::uint64_t job) {
  return Event{std::int64_t(job) * 10, job, std::uint32_t(job), 3, EventKind::job_finished};
}

TEST(EventRing, ReadsWhatWasPushedInOrder) {
  EventRing ring(64);
  for (std::uint64_t i = 0; i < 50; ++i) ring.push(ev(i));
  std::uint64_t cursor = 0;
  std::vector<Event> out;
  EXPECT_EQ(ring.read(cursor, out), 0u);
  ASSERT_EQ(out.size(), 50u);
  for (std::uint64_t i = 0; i < 50; ++i) {
    EXPECT_EQ(out[i].job, i);
    EXPECT_EQ(out[i].t_ns, std::int64_t(i) * 10);
    EXPECT_EQ(out[i].value, i);
    EXPECT_EQ(out[i].lane, 3);
    EXPECT_EQ(out[i].kind, EventKind::job_finished);
  }
  // Nothing new: nothing read.
  out.clear();
  EXPECT_EQ(ring.read(cursor, out), 0u);
  EXPECT_TRUE(out.empty());
}

TEST(EventRing, KeepsOnlyTheMostRecentAndCountsTheLost) {
  EventRing ring(64);
  for (std::uint64_t i = 0; i < 1000; ++i) ring.push(ev(i));
  std::uint64_t cursor = 0;
  std::vector<Event> out;
  const std::uint64_t lost = ring.read(cursor, out);
  // A full lap behind, the oldest slot is the one a push in progress would overwrite, so the
  // reader may give it up too: it keeps the most recent 63 or 64, and counts the rest lost.
  EXPECT_GE(out.size(), 63u);
  EXPECT_LE(out.size(), 64u);
  EXPECT_EQ(lost + out.size(), 1000u);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back().job, 999u);
  for (std::size_t i = 1; i < out.size(); ++i) EXPECT_EQ(out[i].job, out[i - 1].job + 1);
  EXPECT_EQ(ring.pushed(), 1000u);
  EXPECT_EQ(cursor, 1000u);
}

TEST(EventRing, ConcurrentWriterNeverTearsAnEvent) {
  // Events read while the writer laps the reader are either whole and in order, or counted lost.
  EventRing ring(256);
  constexpr std::uint64_t n = 300'000;
  std::jthread writer([&] {
    for (std::uint64_t i = 1; i <= n; ++i) ring.push(ev(i));
  });
  std::uint64_t cursor = 0, lost = 0, read = 0, last = 0;
  std::vector<Event> out;
  while (cursor < n) {
    out.clear();
    lost += ring.read(cursor, out);
    for (const Event& e : out) {
      ASSERT_GT(e.job, last);
      ASSERT_EQ(e.t_ns, std::int64_t(e.job) * 10) << "torn event";
      ASSERT_EQ(e.value, std::uint32_t(e.job)) << "torn event";
      last = e.job;
    }
    read += out.size();
  }
  writer.join();
  EXPECT_EQ(read + lost, n);
}

// Batches publish many events with one head store; while the writer fills a batch, the slots
// it is overwriting lie past the published head, and a reader lapped by it must count them lost
// rather than read them torn.
TEST(EventRing, ConcurrentBatchWriterNeverTearsAnEvent) {
  EventRing ring(2 * EventRing::max_batch);
  constexpr std::uint64_t n = 600'000;
  std::jthread writer([&] {
    std::uint64_t i = 1;
    for (std::size_t size = 1; i <= n; size = size % EventRing::max_batch + 37) {
      const std::size_t k = std::min<std::uint64_t>(size, n - i + 1);
      if (!ring.batches_allowed(k)) {
        ring.push(ev(i++));
        continue;
      }
      std::uint64_t at = ring.begin_batch(k);
      for (std::size_t j = 0; j < k; ++j) ring.put(at++, ev(i++));
      ring.end_batch(at);
    }
  });
  std::uint64_t cursor = 0, lost = 0, read = 0, last = 0;
  std::vector<Event> out;
  while (cursor < n) {
    out.clear();
    lost += ring.read(cursor, out);
    for (const Event& e : out) {
      ASSERT_GT(e.job, last);
      ASSERT_EQ(e.t_ns, std::int64_t(e.job) * 10) << "torn event";
      ASSERT_EQ(e.value, std::uint32_t(e.job)) << "torn event";
      last = e.job;
    }
    read += out.size();
  }
  writer.join();
  EXPECT_EQ(read + lost, n);
}

TEST(EventRing, BatchesReadInOrderAndLosslessBatchesWaitForTheReader) {
  EventRing ring(4 * EventRing::max_batch);
  ring.set_lossless(true);
  constexpr std::uint64_t n = 50'000;
  ASSERT_TRUE(ring.batches_allowed(300));
  std::jthread writer([&] {
    for (std::uint64_t i = 1; i <= n;) {
      const std::size_t k = std::min<std::uint64_t>(300, n - i + 1);
      std::uint64_t at = ring.begin_batch(k);
      for (std::size_t j = 0; j < k; ++j) ring.put(at++, ev(i++));
      ring.end_batch(at);
    }
  });
  std::uint64_t cursor = 0, lost = 0, next = 1;
  std::vector<Event> out;
  while (cursor < n) {
    out.clear();
    lost += ring.read(cursor, out);
    for (const Event& e : out) ASSERT_EQ(e.job, next++) << "out of order or lost";
    std::this_thread::sleep_for(50us);  // a slow reader
  }
  writer.join();
  EXPECT_EQ(lost, 0u);
  EXPECT_EQ(next, n + 1);
}

// ---- engine statistics ----

TEST(EngineStats, ServiceAndWaitMatchTheJobs) {
  // One worker, 6 jobs of 30 ms: service ~30 ms each; job k waits ~30*(k-1) ms in the queue.
  Engine engine(test::sleep_spec(1, 6, 6, 30.0));
  const auto snap = test::run_to_end(engine);
  EXPECT_EQ(snap->service_ms.count, 6u);
  EXPECT_GE(snap->service_ms.p50, 29.5);
  EXPECT_LT(snap->service_ms.p50, 150.0);  // generous: a loaded machine wakes sleepers late
  EXPECT_GE(snap->queue_wait_ms.max, 140.0);
  EXPECT_LT(snap->queue_wait_ms.mean, snap->queue_wait_ms.max);
  // End-to-end latency is at least wait + service.
  EXPECT_GE(snap->latency_ms.max, snap->queue_wait_ms.max + 29.0);
  EXPECT_EQ(snap->latency_ms.count, 6u);
  EXPECT_GT(snap->throughput_per_s, 5.0);
  EXPECT_LT(snap->throughput_per_s, 34.0);  // one worker cannot beat 1 job per 30 ms
  EXPECT_GE(snap->max_queue_depth, 4u);
  EXPECT_GT(snap->mean_queue_depth, 0.2);
  EXPECT_LE(snap->mean_queue_depth, 6.0);
}

TEST(EngineStats, RecordingOffStillCountsButKeepsNoTimeline) {
  EngineOptions options;
  options.record_events = false;
  Engine engine(test::sleep_spec(2, 4, 20, 1.0), options);
  const auto snap = test::run_to_end(engine);
  test::expect_settled(snap->counters);
  EXPECT_EQ(snap->counters.completed, 20u);
  EXPECT_EQ(snap->service_ms.count, 20u);
  ASSERT_TRUE(snap->timeline);
  EXPECT_EQ(snap->timeline->total_segments(), 0u);
}

}  // namespace
}  // namespace poolscope
