// Channel<T>: Go channel semantics (rendezvous, FIFO, backpressure, close), cancellation and
// timeouts of every blocking call, live capacity changes, and an MPMC stress.
#include "channel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <numeric>
#include <stop_token>
#include <thread>
#include <vector>

#include "test_support.h"

namespace poolscope {
namespace {

using namespace std::chrono_literals;
using test::eventually;

// A deadline far enough away that only a broken channel reaches it.
TimePoint soon(std::chrono::milliseconds d = 5s) { return Clock::now() + d; }

// Runs `f` on a thread; the future tells when (and with what) it returned.
template <class F>
auto async(F f) {
  return std::async(std::launch::async, std::move(f));
}

template <class Fut>
bool done(Fut& f) {
  return f.wait_for(0s) == std::future_status::ready;
}

// ---- rendezvous (capacity 0) ----

TEST(Channel, UnbufferedSendWaitsForAReceiver) {
  Channel<int> ch(0);
  auto sender = async([&] { return ch.send(42, {}, soon()); });
  ASSERT_TRUE(eventually([&] { return ch.senders_waiting() == 1; }, 2s));
  // No receiver yet: the send must still be pending, and nothing sits in the channel.
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(done(sender));
  EXPECT_EQ(ch.size(), 0u);

  int got = 0;
  EXPECT_EQ(ch.recv(got, {}, soon()), ChanStatus::ok);
  EXPECT_EQ(got, 42);
  ASSERT_EQ(sender.wait_for(2s), std::future_status::ready);
  EXPECT_EQ(sender.get(), ChanStatus::ok);
}

TEST(Channel, UnbufferedTrySendNeedsAWaitingReceiver) {
  Channel<int> ch(0);
  int v = 1;
  EXPECT_EQ(ch.try_send(v), ChanStatus::would_block);
  EXPECT_EQ(ch.size(), 0u);

  auto receiver = async([&] {
    int out = 0;
    const ChanStatus s = ch.recv(out, {}, soon());
    return std::pair{s, out};
  });
  ASSERT_TRUE(eventually([&] { return ch.receivers_waiting() == 1; }, 2s));
  v = 7;
  EXPECT_EQ(ch.try_send(v), ChanStatus::ok);
  ASSERT_EQ(receiver.wait_for(2s), std::future_status::ready);
  EXPECT_EQ(receiver.get(), std::pair(ChanStatus::ok, 7));
  // One receiver took one value: a second try_send has nobody to hand to.
  v = 8;
  EXPECT_EQ(ch.try_send(v), ChanStatus::would_block);
}

TEST(Channel, UnbufferedSendTimesOutWithoutLeavingTheValue) {
  Channel<int> ch(0);
  const auto t0 = Clock::now();
  EXPECT_EQ(ch.send(1, {}, t0 + 50ms), ChanStatus::timeout);
  EXPECT_GE(Clock::now() - t0, 50ms);
  EXPECT_EQ(ch.size(), 0u);
  int out = 0;
  EXPECT_EQ(ch.try_recv(out), ChanStatus::would_block);
}

// An unbuffered batch receive is still one hand-off: asking for many values must not let the
// senders queue more than the one the receiver waits for (that would be a hidden buffer).
TEST(Channel, UnbufferedBatchReceiveTakesExactlyOneValue) {
  Channel<int> ch(0);
  auto receiver = async([&] {
    std::vector<int> out(256);
    std::size_t got = 0;
    const ChanStatus s = ch.recv_batch(out, got, {}, soon());
    return std::pair{s, got};
  });
  ASSERT_TRUE(eventually([&] { return ch.receivers_waiting() == 1; }, 2s));
  std::vector<int> values{1, 2, 3, 4, 5, 6, 7, 8};
  std::size_t sent = 0;
  // No wait: only what the waiting receiver asked for may go in.
  EXPECT_EQ(ch.send_batch(values, sent, {}, TimePoint::min()), ChanStatus::timeout);
  EXPECT_EQ(sent, 1u);
  ASSERT_EQ(receiver.wait_for(2s), std::future_status::ready);
  EXPECT_EQ(receiver.get(), std::pair(ChanStatus::ok, std::size_t{1}));
  EXPECT_EQ(ch.size(), 0u);
}

TEST(Channel, UnbufferedBatchReceiveOfTwoWaitingReceiversTakesOneEach) {
  Channel<int> ch(0);
  auto receive = [&] {
    std::vector<int> out(64);
    std::size_t got = 0;
    ch.recv_batch(out, got, {}, soon());
    return got;
  };
  auto a = async(receive);
  auto b = async(receive);
  ASSERT_TRUE(eventually([&] { return ch.receivers_waiting() == 2; }, 2s));
  std::vector<int> values{1, 2, 3, 4};
  std::size_t sent = 0;
  EXPECT_EQ(ch.send_batch(values, sent, {}, TimePoint::min()), ChanStatus::timeout);
  EXPECT_EQ(sent, 2u);
  ASSERT_EQ(a.wait_for(2s), std::future_status::ready);
  ASSERT_EQ(b.wait_for(2s), std::future_status::ready);
  EXPECT_EQ(a.get(), 1u);
  EXPECT_EQ(b.get(), 1u);
}

// ---- buffered ----

TEST(Channel, BufferedIsFifoUpToCapacity) {
  Channel<int> ch(4);
  for (int i = 1; i <= 4; ++i) EXPECT_EQ(ch.send(i, {}, soon()), ChanStatus::ok);
  EXPECT_EQ(ch.size(), 4u);
  int v = 5;
  EXPECT_EQ(ch.try_send(v), ChanStatus::would_block);
  for (int i = 1; i <= 4; ++i) {
    int out = 0;
    EXPECT_EQ(ch.try_recv(out), ChanStatus::ok);
    EXPECT_EQ(out, i);
  }
  int out = 0;
  EXPECT_EQ(ch.try_recv(out), ChanStatus::would_block);
}

TEST(Channel, FifoSurvivesRingGrowthAndWrapAround) {
  // Larger than the initial ring, and interleaved so head wraps before the ring grows.
  Channel<int> ch(1000);
  int next_in = 0, next_out = 0;
  for (int round = 0; round < 10; ++round) {
    for (int i = 0; i < 37 * (round + 1); ++i) ASSERT_EQ(ch.send(next_in++), ChanStatus::ok);
    for (int i = 0; i < 30 * (round + 1); ++i) {
      int out = -1;
      ASSERT_EQ(ch.try_recv(out), ChanStatus::ok);
      ASSERT_EQ(out, next_out++);
    }
  }
  int out = -1;
  while (ch.try_recv(out) == ChanStatus::ok) ASSERT_EQ(out, next_out++);
  EXPECT_EQ(next_out, next_in);
}

TEST(Channel, SendBlocksWhileFullThatIsBackpressure) {
  Channel<int> ch(2);
  ASSERT_EQ(ch.send(1), ChanStatus::ok);
  ASSERT_EQ(ch.send(2), ChanStatus::ok);
  auto sender = async([&] { return ch.send(3, {}, soon()); });
  ASSERT_TRUE(eventually([&] { return ch.senders_waiting() == 1; }, 2s));
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(done(sender));
  EXPECT_EQ(ch.size(), 2u);

  int out = 0;
  ASSERT_EQ(ch.recv(out, {}, soon()), ChanStatus::ok);
  EXPECT_EQ(out, 1);
  ASSERT_EQ(sender.wait_for(2s), std::future_status::ready);
  EXPECT_EQ(sender.get(), ChanStatus::ok);
  for (int want : {2, 3}) {
    ASSERT_EQ(ch.try_recv(out), ChanStatus::ok);
    EXPECT_EQ(out, want);
  }
}

TEST(Channel, BatchSendStopsAtTheDeadlineAndSaysHowManyWentIn) {
  Channel<int> ch(3);
  std::vector<int> items{1, 2, 3, 4, 5};
  std::size_t sent = 99;
  EXPECT_EQ(ch.send_batch(items, sent, {}, Clock::now() + 30ms), ChanStatus::timeout);
  EXPECT_EQ(sent, 3u);
  std::vector<int> out(10);
  std::size_t got = 0;
  EXPECT_EQ(ch.recv_batch(out, got, {}, soon()), ChanStatus::ok);
  ASSERT_EQ(got, 3u);
  EXPECT_EQ(std::vector<int>(out.begin(), out.begin() + 3), (std::vector<int>{1, 2, 3}));
}

TEST(Channel, RecvBatchTakesWhatIsThereUpToItsSize) {
  Channel<int> ch(10);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(ch.send(i), ChanStatus::ok);
  std::vector<int> out(3);
  std::size_t got = 0;
  ASSERT_EQ(ch.recv_batch(out, got, {}, soon()), ChanStatus::ok);
  EXPECT_EQ(got, 3u);
  EXPECT_EQ(out, (std::vector<int>{0, 1, 2}));
  ASSERT_EQ(ch.recv_batch(out, got, {}, soon()), ChanStatus::ok);
  EXPECT_EQ(got, 2u);
  EXPECT_EQ(out[0], 3);
  EXPECT_EQ(out[1], 4);
}

TEST(Channel, TakeAllEmptiesTheQueueInOrderAndWakesSenders) {
  Channel<int> ch(2);
  ASSERT_EQ(ch.send(1), ChanStatus::ok);
  ASSERT_EQ(ch.send(2), ChanStatus::ok);
  auto sender = async([&] { return ch.send(3, {}, soon()); });
  ASSERT_TRUE(eventually([&] { return ch.senders_waiting() == 1; }, 2s));
  EXPECT_EQ(ch.take_all(), (std::vector<int>{1, 2}));
  ASSERT_EQ(sender.wait_for(2s), std::future_status::ready);
  EXPECT_EQ(sender.get(), ChanStatus::ok);
  EXPECT_EQ(ch.take_all(), (std::vector<int>{3}));
}

// ---- close ----

TEST(Channel, RecvDrainsThenReportsClosed) {
  Channel<int> ch(4);
  ASSERT_EQ(ch.send(1), ChanStatus::ok);
  ASSERT_EQ(ch.send(2), ChanStatus::ok);
  EXPECT_EQ(ch.close(), ChanStatus::ok);
  EXPECT_TRUE(ch.closed());
  int out = 0;
  EXPECT_EQ(ch.recv(out, {}, soon()), ChanStatus::ok);
  EXPECT_EQ(out, 1);
  EXPECT_EQ(ch.try_recv(out), ChanStatus::ok);
  EXPECT_EQ(out, 2);
  EXPECT_EQ(ch.recv(out, {}, soon()), ChanStatus::closed);
  EXPECT_EQ(ch.try_recv(out), ChanStatus::closed);
}

TEST(Channel, SendOnClosedIsAnErrorNotAHang) {
  for (std::size_t cap : {0u, 3u}) {
    Channel<int> ch(cap);
    ASSERT_EQ(ch.close(), ChanStatus::ok);
    int v = 1;
    EXPECT_EQ(ch.send(1, {}, soon()), ChanStatus::closed) << "capacity " << cap;
    EXPECT_EQ(ch.try_send(v), ChanStatus::closed) << "capacity " << cap;
    std::vector<int> items{1, 2};
    std::size_t sent = 9;
    EXPECT_EQ(ch.send_batch(items, sent, {}, soon()), ChanStatus::closed);
    EXPECT_EQ(sent, 0u);
    EXPECT_EQ(ch.size(), 0u);
    // Closing twice is reported, not undefined.
    EXPECT_EQ(ch.close(), ChanStatus::closed);
  }
}

TEST(Channel, CloseWakesBlockedReceiversAndSenders) {
  Channel<int> empty(1);
  Channel<int> full(1);
  ASSERT_EQ(full.send(1), ChanStatus::ok);
  auto receiver = async([&] {
    int out = 0;
    return empty.recv(out, {}, soon());
  });
  auto sender = async([&] { return full.send(2, {}, soon()); });
  ASSERT_TRUE(eventually([&] { return empty.receivers_waiting() == 1; }, 2s));
  ASSERT_TRUE(eventually([&] { return full.senders_waiting() == 1; }, 2s));
  empty.close();
  full.close();
  ASSERT_EQ(receiver.wait_for(1s), std::future_status::ready);
  ASSERT_EQ(sender.wait_for(1s), std::future_status::ready);
  EXPECT_EQ(receiver.get(), ChanStatus::closed);
  EXPECT_EQ(sender.get(), ChanStatus::closed);
  // What was queued before the close is still delivered.
  int out = 0;
  EXPECT_EQ(full.recv(out, {}, soon()), ChanStatus::ok);
  EXPECT_EQ(out, 1);
  EXPECT_EQ(full.recv(out, {}, soon()), ChanStatus::closed);
}

// ---- cancellation and timeouts of every blocking wait ----

// The four blocking waits: recv on empty, send on full, and both for the rendezvous case.
enum class Wait { recv_buffered, send_buffered, recv_unbuffered, send_unbuffered };

struct BlockedCall {
  std::unique_ptr<Channel<int>> ch;
  std::function<ChanStatus(std::stop_token, TimePoint)> call;
};

BlockedCall blocked_call(Wait w) {
  const bool unbuffered = w == Wait::recv_unbuffered || w == Wait::send_unbuffered;
  BlockedCall b{std::make_unique<Channel<int>>(unbuffered ? 0 : 2), {}};
  Channel<int>& ch = *b.ch;
  if (w == Wait::send_buffered) {
    ch.send(1);
    ch.send(2);
  }
  if (w == Wait::recv_buffered || w == Wait::recv_unbuffered) {
    b.call = [&ch](std::stop_token st, TimePoint d) {
      int out = 0;
      return ch.recv(out, st, d);
    };
  } else {
    b.call = [&ch](std::stop_token st, TimePoint d) { return ch.send(3, st, d); };
  }
  return b;
}

class ChannelWait : public ::testing::TestWithParam<Wait> {};

TEST_P(ChannelWait, EndsWithCancelledWhenStopped) {
  BlockedCall b = blocked_call(GetParam());
  std::stop_source stop;
  auto call = async([&] { return b.call(stop.get_token(), soon()); });
  std::this_thread::sleep_for(50ms);
  ASSERT_FALSE(done(call)) << "the call should block";
  const auto t0 = Clock::now();
  stop.request_stop();
  ASSERT_EQ(call.wait_for(1s), std::future_status::ready);
  EXPECT_LT(Clock::now() - t0, 900ms);
  EXPECT_EQ(call.get(), ChanStatus::cancelled);
}

TEST_P(ChannelWait, AlreadyStoppedReturnsAtOnce) {
  BlockedCall b = blocked_call(GetParam());
  std::stop_source stop;
  stop.request_stop();
  EXPECT_EQ(b.call(stop.get_token(), soon()), ChanStatus::cancelled);
}

TEST_P(ChannelWait, EndsWithTimeoutAtTheDeadline) {
  BlockedCall b = blocked_call(GetParam());
  const auto t0 = Clock::now();
  EXPECT_EQ(b.call({}, t0 + 60ms), ChanStatus::timeout);
  const auto waited = Clock::now() - t0;
  EXPECT_GE(waited, 60ms);
  EXPECT_LT(waited, 1s);
  // TimePoint::min() means "do not wait at all".
  EXPECT_EQ(b.call({}, TimePoint::min()), ChanStatus::timeout);
}

TEST_P(ChannelWait, StopWithADeadlineStillCancels) {
  BlockedCall b = blocked_call(GetParam());
  std::stop_source stop;
  auto call = async([&] { return b.call(stop.get_token(), soon(10s)); });
  std::this_thread::sleep_for(30ms);
  stop.request_stop();
  ASSERT_EQ(call.wait_for(1s), std::future_status::ready);
  EXPECT_EQ(call.get(), ChanStatus::cancelled);
}

INSTANTIATE_TEST_SUITE_P(AllWaits, ChannelWait,
                         ::testing::Values(Wait::recv_buffered, Wait::send_buffered,
                                           Wait::recv_unbuffered, Wait::send_unbuffered),
                         [](const auto& param_info) {
                           switch (param_info.param) {
                             case Wait::recv_buffered:
                               return "RecvOnEmpty";
                             case Wait::send_buffered:
                               return "SendOnFull";
                             case Wait::recv_unbuffered:
                               return "RecvUnbuffered";
                             case Wait::send_unbuffered:
                               return "SendUnbuffered";
                           }
                           return "?";
                         });

// A stop request that lands while a waiter spins (before it parks) must still wake it.
TEST(Channel, StopDuringTheSpinBeforeParkingIsNotLost) {
  for (bool sending : {false, true}) {
    for (int i = 0; i < 300; ++i) {
      Channel<int> ch(1);
      if (sending) {
        ASSERT_EQ(ch.send(0), ChanStatus::ok);  // full: the send below blocks
      }
      std::stop_source stop;
      std::atomic<bool> entered{false};
      auto call = async([&] {
        entered.store(true);
        int out = 0;
        return sending ? ch.send(1, stop.get_token(), soon(3s))
                       : ch.recv(out, stop.get_token(), soon(3s));
      });
      while (!entered.load()) std::this_thread::yield();
      // Vary the moment of the stop across the waiter's check, spin and park.
      const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(i % 40);
      while (std::chrono::steady_clock::now() < until) {
      }
      stop.request_stop();
      ASSERT_EQ(call.wait_for(1s), std::future_status::ready)
          << (sending ? "send" : "recv") << " missed a stop request (iteration " << i << ")";
      EXPECT_EQ(call.get(), ChanStatus::cancelled);
    }
  }
}

TEST(Channel, AQueuedItemIsTakenEvenWhenStopped) {
  // A value handed to a receiver must never be stranded by a late cancellation.
  Channel<int> ch(1);
  ASSERT_EQ(ch.send(5), ChanStatus::ok);
  std::stop_source stop;
  stop.request_stop();
  int out = 0;
  EXPECT_EQ(ch.recv(out, stop.get_token(), soon()), ChanStatus::ok);
  EXPECT_EQ(out, 5);
}

TEST(Channel, CancelledSenderLeavesNothingBehind) {
  Channel<int> ch(1);
  ASSERT_EQ(ch.send(1), ChanStatus::ok);
  std::stop_source stop;
  auto sender = async([&] { return ch.send(2, stop.get_token(), soon()); });
  ASSERT_TRUE(eventually([&] { return ch.senders_waiting() == 1; }, 2s));
  stop.request_stop();
  ASSERT_EQ(sender.wait_for(1s), std::future_status::ready);
  EXPECT_EQ(sender.get(), ChanStatus::cancelled);
  EXPECT_EQ(ch.take_all(), (std::vector<int>{1}));
  EXPECT_EQ(ch.senders_waiting(), 0u);
}

// ---- live capacity changes ----

TEST(Channel, GrowingWakesBlockedSenders) {
  Channel<int> ch(1);
  ASSERT_EQ(ch.send(1), ChanStatus::ok);
  auto a = async([&] { return ch.send(2, {}, soon()); });
  auto b = async([&] { return ch.send(3, {}, soon()); });
  ASSERT_TRUE(eventually([&] { return ch.senders_waiting() == 2; }, 2s));
  ch.set_capacity(3);
  EXPECT_EQ(ch.capacity(), 3u);
  ASSERT_EQ(a.wait_for(2s), std::future_status::ready);
  ASSERT_EQ(b.wait_for(2s), std::future_status::ready);
  EXPECT_EQ(a.get(), ChanStatus::ok);
  EXPECT_EQ(b.get(), ChanStatus::ok);
  EXPECT_EQ(ch.size(), 3u);
}

TEST(Channel, GrowingFromUnbufferedLetsASenderQueueWithNoReceiver) {
  Channel<int> ch(0);
  auto sender = async([&] { return ch.send(9, {}, soon()); });
  ASSERT_TRUE(eventually([&] { return ch.senders_waiting() == 1; }, 2s));
  ch.set_capacity(1);
  ASSERT_EQ(sender.wait_for(2s), std::future_status::ready);
  EXPECT_EQ(sender.get(), ChanStatus::ok);
  EXPECT_EQ(ch.size(), 1u);
}

TEST(Channel, ShrinkingNeverDropsQueuedItems) {
  Channel<int> ch(4);
  for (int i = 1; i <= 4; ++i) ASSERT_EQ(ch.send(i), ChanStatus::ok);
  ch.set_capacity(1);
  EXPECT_EQ(ch.size(), 4u);
  int v = 5;
  EXPECT_EQ(ch.try_send(v), ChanStatus::would_block);

  // A sender now waits until the depth is below the new capacity, i.e. the queue is empty.
  auto sender = async([&] { return ch.send(5, {}, soon()); });
  ASSERT_TRUE(eventually([&] { return ch.senders_waiting() == 1; }, 2s));
  for (int i = 1; i <= 3; ++i) {
    int out = 0;
    ASSERT_EQ(ch.recv(out, {}, soon()), ChanStatus::ok);
    EXPECT_EQ(out, i);
  }
  std::this_thread::sleep_for(30ms);
  EXPECT_FALSE(done(sender)) << "depth 1 is not below capacity 1";
  int out = 0;
  ASSERT_EQ(ch.recv(out, {}, soon()), ChanStatus::ok);
  EXPECT_EQ(out, 4);
  ASSERT_EQ(sender.wait_for(2s), std::future_status::ready);
  EXPECT_EQ(sender.get(), ChanStatus::ok);
  ASSERT_EQ(ch.recv(out, {}, soon()), ChanStatus::ok);
  EXPECT_EQ(out, 5);
}

TEST(Channel, ShrinkingToUnbufferedKeepsQueuedItemsForReceivers) {
  Channel<int> ch(3);
  for (int i = 1; i <= 3; ++i) ASSERT_EQ(ch.send(i), ChanStatus::ok);
  ch.set_capacity(0);
  int v = 4;
  EXPECT_EQ(ch.try_send(v), ChanStatus::would_block);
  for (int i = 1; i <= 3; ++i) {
    int out = 0;
    ASSERT_EQ(ch.try_recv(out), ChanStatus::ok);
    EXPECT_EQ(out, i);
  }
}

// ---- MPMC stress ----

struct StressCase {
  std::size_t capacity;
  bool batches;
};

class ChannelStress : public ::testing::TestWithParam<StressCase> {};

// Every item arrives exactly once, and each consumer sees each producer's items in order.
TEST_P(ChannelStress, EveryItemArrivesExactlyOnce) {
  constexpr int producers = 4, consumers = 3, per_producer = 2000;
  const StressCase param = GetParam();
  Channel<int> ch(param.capacity);
  std::atomic<int> failures{0};
  test::Watchdog watchdog("ChannelStress", 20s);

  std::vector<std::vector<int>> received(consumers);
  std::vector<std::jthread> threads;
  for (int c = 0; c < consumers; ++c) {
    threads.emplace_back([&, c] {
      std::vector<int> buf(param.batches ? 16 : 1);
      for (;;) {
        std::size_t got = 0;
        const ChanStatus s = ch.recv_batch(buf, got, {}, soon(10s));
        if (s == ChanStatus::closed) return;
        if (s != ChanStatus::ok) {
          ++failures;
          return;
        }
        received[std::size_t(c)].insert(received[std::size_t(c)].end(), buf.begin(),
                                        buf.begin() + std::ptrdiff_t(got));
        watchdog.kick();
      }
    });
  }
  std::vector<std::jthread> senders;
  for (int p = 0; p < producers; ++p) {
    senders.emplace_back([&, p] {
      int i = 0;
      while (i < per_producer) {
        // Items encode (producer, sequence) so order per producer can be checked.
        std::vector<int> batch;
        const int n = param.batches ? std::min(1 + i % 13, per_producer - i) : 1;
        for (int k = 0; k < n; ++k) batch.push_back(p * per_producer + i + k);
        std::size_t sent = 0;
        if (ch.send_batch(batch, sent, {}, soon(10s)) != ChanStatus::ok) {
          ++failures;
          return;
        }
        i += n;
      }
    });
  }
  senders.clear();  // joins the producers
  ASSERT_EQ(ch.close(), ChanStatus::ok);
  threads.clear();
  ASSERT_EQ(failures.load(), 0) << "a send or recv timed out: lost wake-up?";

  std::vector<int> all;
  for (const auto& r : received) {
    std::vector<int> last(producers, -1);
    for (int v : r) {
      const int p = v / per_producer;
      EXPECT_GT(v, last[std::size_t(p)]) << "producer " << p << " reordered";
      last[std::size_t(p)] = v;
    }
    all.insert(all.end(), r.begin(), r.end());
  }
  std::sort(all.begin(), all.end());
  std::vector<int> expected(producers * per_producer);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(all, expected);
}

INSTANTIATE_TEST_SUITE_P(Capacities, ChannelStress,
                         ::testing::Values(StressCase{0, false}, StressCase{1, false},
                                           StressCase{7, false}, StressCase{64, false},
                                           StressCase{0, true}, StressCase{5, true},
                                           StressCase{128, true}),
                         [](const auto& param_info) {
                           return "Cap" + std::to_string(param_info.param.capacity) +
                                  (param_info.param.batches ? "Batches" : "Single");
                         });

// Capacity changes while producers and consumers run must neither lose nor duplicate items.
TEST(Channel, ResizeUnderLoadLosesNothing) {
  constexpr int total = 6000;
  Channel<int> ch(4);
  test::Watchdog watchdog("ResizeUnderLoad", 20s);
  std::atomic<int> failures{0};
  std::vector<int> seen_a, seen_b;
  auto consume = [&](std::vector<int>& seen) {
    int v = 0;
    for (;;) {
      const ChanStatus s = ch.recv(v, {}, soon(10s));
      if (s == ChanStatus::closed) return;
      if (s != ChanStatus::ok) return void(++failures);
      seen.push_back(v);
      watchdog.kick();
    }
  };
  std::jthread ca([&] { consume(seen_a); });
  std::jthread cb([&] { consume(seen_b); });
  std::jthread resizer([&](std::stop_token st) {
    std::size_t caps[] = {0, 1, 9, 2, 0, 30, 3};
    for (std::size_t i = 0; !st.stop_requested(); ++i) {
      ch.set_capacity(caps[i % std::size(caps)]);
      std::this_thread::sleep_for(200us);
    }
  });
  for (int i = 0; i < total; ++i) {
    if (ch.send(i, {}, soon(10s)) != ChanStatus::ok) {
      ++failures;
      break;
    }
  }
  resizer.request_stop();
  resizer.join();
  ch.close();
  ca.join();
  cb.join();
  ASSERT_EQ(failures.load(), 0);
  std::vector<int> all = seen_a;
  all.insert(all.end(), seen_b.begin(), seen_b.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), std::size_t(total));
  for (int i = 0; i < total; ++i) ASSERT_EQ(all[std::size_t(i)], i);
}

}  // namespace
}  // namespace poolscope
