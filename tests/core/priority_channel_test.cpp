#include "priority_channel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace poolscope {
namespace {

struct Odd {
  bool operator()(int v) const { return v % 2 != 0; }
};

TEST(PriorityChannel, HighClassFirstFifoWithinAClass) {
  PriorityChannel<int, Odd> ch(10);
  for (int v : {2, 4, 1, 6, 3}) ASSERT_EQ(ch.send(v), ChanStatus::ok);
  EXPECT_EQ(ch.size(), 5u);
  EXPECT_EQ(ch.high_size(), 2u);
  std::vector<int> got;
  int v = 0;
  while (ch.try_recv(v) == ChanStatus::ok) got.push_back(v);
  EXPECT_EQ(got, (std::vector<int>{1, 3, 2, 4, 6}));
}

TEST(PriorityChannel, BoundedCloseAndDropOldest) {
  PriorityChannel<int, Odd> ch(2);
  int a = 2, b = 1, c = 4;
  EXPECT_EQ(ch.try_send(a), ChanStatus::ok);
  EXPECT_EQ(ch.try_send(b), ChanStatus::ok);
  EXPECT_EQ(ch.try_send(c), ChanStatus::would_block);
  int dropped = 0;
  EXPECT_TRUE(ch.take_oldest(dropped));
  EXPECT_EQ(dropped, 2);  // the oldest normal item goes before any high one
  EXPECT_EQ(ch.close(), ChanStatus::ok);
  EXPECT_EQ(ch.send(8), ChanStatus::closed);
  int v = 0;
  EXPECT_EQ(ch.recv(v), ChanStatus::ok);
  EXPECT_EQ(v, 1);
  EXPECT_EQ(ch.recv(v), ChanStatus::closed);
}

TEST(PriorityChannel, BlockingCallsAreCancellableAndTimeOut) {
  PriorityChannel<int, Odd> ch(1);
  int v = 0;
  EXPECT_EQ(ch.recv(v, {}, Clock::now() + std::chrono::milliseconds(10)), ChanStatus::timeout);
  std::stop_source stop;
  std::jthread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    stop.request_stop();
  });
  EXPECT_EQ(ch.recv(v, stop.get_token()), ChanStatus::cancelled);
}

TEST(PriorityChannel, UnbufferedHandsOverToAWaitingReceiver) {
  PriorityChannel<int, Odd> ch(0);
  int v = 1;
  EXPECT_EQ(ch.try_send(v), ChanStatus::would_block);
  std::jthread receiver([&] {
    int got = 0;
    EXPECT_EQ(ch.recv(got), ChanStatus::ok);
    EXPECT_EQ(got, 7);
  });
  EXPECT_EQ(ch.send(7), ChanStatus::ok);
}

// Unbuffered, a batch receive still takes one value: two waiting receivers get one each.
TEST(PriorityChannel, UnbufferedBatchReceiveTakesOneValueEach) {
  PriorityChannel<int, Odd> ch(0);
  std::atomic<int> total{0}, most{0};
  auto receive = [&] {
    std::vector<int> out(64);
    std::size_t got = 0;
    ch.recv_batch(out, got, {}, Clock::now() + std::chrono::seconds(5));
    total += int(got);
    most = std::max(most.load(), int(got));
  };
  std::jthread a(receive), b(receive);
  while (ch.receivers_waiting() < 2) std::this_thread::yield();
  std::vector<int> values{2, 4, 6, 8};
  std::size_t sent = 0;
  EXPECT_EQ(ch.send_batch(values, sent, {}, TimePoint::min()), ChanStatus::timeout);
  EXPECT_EQ(sent, 2u);
  a.join();
  b.join();
  EXPECT_EQ(total.load(), 2);
  EXPECT_EQ(most.load(), 1);
}

}  // namespace
}  // namespace poolscope
