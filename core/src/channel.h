// Channel<T>: a bounded multi-producer multi-consumer queue with Go channel semantics.
//
// - capacity >= 0; capacity 0 is an unbuffered rendezvous: a send completes only when a receiver
//   is waiting for the value (the value is handed to that receiver).
// - send blocks while the channel is full: that is backpressure.
// - close(): further sends fail with Status::closed (Go would panic); receivers drain what is
//   queued, then get Status::closed.
// - every blocking call takes a std::stop_token and an optional deadline, so it can be cancelled
//   (Status::cancelled) or time out (Status::timeout).
// - set_capacity() changes the bound while in use: growing wakes blocked senders, shrinking never
//   drops queued items (senders block until the depth is below the new capacity).
// - batch calls move many items per lock acquisition; threads park only when the channel is
//   empty or full, and are woken only when someone is actually parked. Unbuffered, a batch
//   receive still takes one value: each hand-off is one value to one waiting receiver.
// - calls that change the queue can report a DepthAt: the depth right after the change and the
//   time of it, both read under the lock, so that readings taken by different threads order and
//   agree exactly like the changes themselves (the queue depth graph is drawn from them).
//
// Thread-safe: every member may be called from any thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <stop_token>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "clock.h"

namespace poolscope {

namespace detail {

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// The channel's lock: critical sections are a few dozen nanoseconds, so a contender first spins,
// then yields (the holder may have been preempted on this very core), and only then sleeps on a
// futex. std::mutex goes to the kernel on the first collision, and with more runnable threads
// than cores every collision then costs a futex wait and a wake (Drepper's "futexes are tricky",
// mutex 3).
class SpinParkMutex {
 public:
  void lock() noexcept {
    if (!try_lock()) lock_slow();
  }
  bool try_lock() noexcept {
    std::uint32_t free = 0;
    return state_.compare_exchange_strong(free, 1, std::memory_order_acquire,
                                          std::memory_order_relaxed);
  }
  void unlock() noexcept {
    if (state_.exchange(0, std::memory_order_release) == 2) state_.notify_one();
  }

 private:
  void lock_slow() noexcept {
    for (int i = 0; i < 200; ++i) {
      cpu_relax();
      if (state_.load(std::memory_order_relaxed) == 0 && try_lock()) return;
    }
    for (int i = 0; i < 4; ++i) {
      std::this_thread::yield();
      if (state_.load(std::memory_order_relaxed) == 0 && try_lock()) return;
    }
    // 2 = locked and maybe contended: the holder's unlock will wake one sleeper.
    while (state_.exchange(2, std::memory_order_acquire) != 0)
      state_.wait(2, std::memory_order_relaxed);
  }
  std::atomic<std::uint32_t> state_{0};  // 0 free, 1 locked, 2 locked with possible sleepers
};

}  // namespace detail

// The queue's depth (items not spoken for by a waiting receiver) at one instant, both read
// under the queue's lock.
struct DepthAt {
  std::int64_t t_ns = 0;
  std::size_t depth = 0;
};

enum class ChanStatus { ok, closed, cancelled, timeout, would_block };

std::string_view to_string(ChanStatus s);

// The calls every channel kind (Channel, PriorityChannel) makes of its batch calls, and the
// meaning of a deadline: Derived provides send_batch and recv_batch.
template <class Derived, class T>
class ChannelCalls {
 public:
  // Blocks until the value is queued (or handed to a receiver when unbuffered).
  ChanStatus send(T value, std::stop_token stop = {}, TimePoint deadline = TimePoint::max(),
                  DepthAt* at = nullptr) {
    std::size_t sent = 0;
    return self().send_batch(std::span<T>(&value, 1), sent, stop, deadline, at);
  }

  ChanStatus recv(T& out, std::stop_token stop = {}, TimePoint deadline = TimePoint::max()) {
    std::size_t got = 0;
    const ChanStatus s = self().recv_batch(std::span<T>(&out, 1), got, stop, deadline);
    return got == 1 ? ChanStatus::ok : s;
  }

 protected:
  // TimePoint::min() means "do not wait" and max() "no deadline": neither needs the clock.
  static bool expired(TimePoint deadline) {
    if (deadline == TimePoint::max()) return false;
    return deadline == TimePoint::min() || Clock::now() >= deadline;
  }

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
};

template <class T>
class Channel : public ChannelCalls<Channel<T>, T> {
 public:
  explicit Channel(std::size_t capacity) : capacity_(capacity) { ring_.resize(64); }
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  std::size_t capacity() const { return capacity_view_.load(std::memory_order_relaxed); }
  // Items queued now (a racy but consistent-enough reading for instrumentation).
  std::size_t size() const { return size_view_.load(std::memory_order_relaxed); }
  // Items waiting in the buffer: size() less those already spoken for by a waiting receiver. A
  // hand-off in progress (always, when unbuffered) is not queued: like Go's len(ch), an
  // unbuffered channel holds nothing.
  std::size_t buffered() const { return buffered_view_.load(std::memory_order_relaxed); }
  bool closed() const { return closed_view_.load(std::memory_order_acquire); }
  // The depth now, with the time it was read at (a consistent reading, unlike buffered()).
  DepthAt depth_now() const {
    Lock lk(mutex_);
    return DepthAt{now_ns(), buffered_locked()};
  }

  void set_capacity(std::size_t capacity) {
    {
      Lock lk(mutex_);
      capacity_ = capacity;
      capacity_view_.store(capacity, std::memory_order_relaxed);
      bump_locked();
    }
    not_full_.notify_all();
  }

  // Queues items in order; `sent` tells how many went in before a non-ok status. `at`, when
  // given and something was sent, gets the depth after the last item went in.
  ChanStatus send_batch(std::span<T> items, std::size_t& sent, std::stop_token stop = {},
                        TimePoint deadline = TimePoint::max(), DepthAt* at = nullptr) {
    sent = 0;
    std::optional<std::stop_callback<Waker>> waker;
    Lock lk(mutex_);
    bool pushed = false;
    // Parked receivers are woken once per call, after the lock is released where possible, so
    // that they do not wake only to wait for the lock we still hold.
    auto finish = [&](ChanStatus st) {
      if (at && sent > 0) *at = DepthAt{now_ns(), buffered_locked()};
      const bool wake = pushed && receivers_parked_ > 0;
      // Room may be left for a sender that parked while we were spinning: pass the baton.
      const bool wake_senders = senders_parked_ > 0 && room_locked() >= sender_need_;
      lk.unlock();
      if (wake) not_empty_.notify_one();  // the receiver passes the baton on if items remain
      if (wake_senders) not_full_.notify_all();
      return st;
    };
    while (sent < items.size()) {
      if (closed_) return finish(ChanStatus::closed);
      const std::size_t room = room_locked();
      if (room > 0) {
        const std::size_t n = std::min(room, items.size() - sent);
        push_locked(items.subspan(sent, n));
        sent += n;
        pushed = true;
        continue;
      }
      if (stop.stop_requested()) return finish(ChanStatus::cancelled);
      if (expired(deadline)) return finish(ChanStatus::timeout);
      if (!waker && stop.stop_possible()) {
        // Registered outside the lock: the callback takes the lock to wake us.
        lk.unlock();
        waker.emplace(stop, Waker{this});
        lk.lock();
        continue;
      }
      if (pushed && receivers_parked_ > 0) {
        // We are about to wait: whoever can take what we queued must be awake first.
        not_empty_.notify_all();
        pushed = false;
      }
      // A batch sender is woken once a good share of its batch fits, not for every free slot.
      const std::size_t need =
          std::max<std::size_t>(1, std::min(items.size() - sent, capacity_ / 2));
      ++senders_waiting_;
      // The spin releases the lock: a stop request made meanwhile (whose Waker found no one
      // parked) must be seen before parking, or the wake-up is lost.
      if (senders_spinning_ >= max_spinners || !spin_until_locked(lk, senders_spinning_, [&] {
            return closed_ || room_locked() >= need || stop.stop_requested();
          })) {
        // Room too small for us may be enough for a sender that parked while we spun.
        if (senders_parked_ > 0 && room_locked() >= sender_need_) not_full_.notify_all();
        if (senders_parked_ == 0 || need < sender_need_) sender_need_ = need;
        ++senders_parked_;
        wait_locked(not_full_, lk, deadline);
        --senders_parked_;
      }
      --senders_waiting_;
    }
    return finish(ChanStatus::ok);
  }

  // Never blocks: would_block when full (or, unbuffered, when no receiver is waiting).
  ChanStatus try_send(T& value, DepthAt* at = nullptr) {
    Lock lk(mutex_);
    if (closed_) return ChanStatus::closed;
    if (room_locked() == 0) return ChanStatus::would_block;
    push_locked(std::span<T>(&value, 1));
    if (at) *at = DepthAt{now_ns(), buffered_locked()};
    const bool wake = receivers_parked_ > 0;
    lk.unlock();
    if (wake) not_empty_.notify_one();
    return ChanStatus::ok;
  }

  // Takes between 1 and out.size() items, waiting for the first. A queued item is always taken
  // before cancellation is looked at, so a value handed to a waiting receiver is never stranded.
  // `at`, when given and something was taken, gets the depth after the take.
  ChanStatus recv_batch(std::span<T> out, std::size_t& got, std::stop_token stop = {},
                        TimePoint deadline = TimePoint::max(), DepthAt* at = nullptr) {
    got = 0;
    std::optional<std::stop_callback<Waker>> waker;
    Lock lk(mutex_);
    for (;;) {
      // Unbuffered, a receive is one hand-off of one value (as in Go): asking for more would let
      // senders queue values no one waits for yet, a hidden buffer.
      const std::size_t want = capacity_ == 0 ? std::min<std::size_t>(1, out.size()) : out.size();
      if (count_ > 0) {
        got = std::min(count_, want);
        pop_locked(out.first(got));
        if (at) *at = DepthAt{now_ns(), buffered_locked()};
        take_done(lk);
        return ChanStatus::ok;
      }
      if (closed_) return ChanStatus::closed;
      if (stop.stop_requested()) return ChanStatus::cancelled;
      if (expired(deadline)) return ChanStatus::timeout;
      if (!waker && stop.stop_possible()) {
        lk.unlock();
        waker.emplace(stop, Waker{this});
        lk.lock();
        continue;
      }
      ++receivers_waiting_;
      receiver_demand_ += want;
      update_views_locked();
      bump_locked();  // a spinning unbuffered sender sees the new demand
      // An unbuffered sender may now hand values over.
      if (senders_parked_ > 0 && capacity_ == 0) not_full_.notify_all();
      if (receivers_spinning_ >= max_spinners || !spin_until_locked(lk, receivers_spinning_, [&] {
            return closed_ || count_ > 0 || stop.stop_requested();
          })) {
        ++receivers_parked_;
        wait_locked(not_empty_, lk, deadline);
        --receivers_parked_;
      }
      receiver_demand_ -= want;
      // No view update here: the loop takes any item spoken for before the lock is released,
      // and that update is the one others may see (the views are read without the lock).
      --receivers_waiting_;
      bump_locked();
    }
  }

  ChanStatus try_recv(T& out, DepthAt* at = nullptr) {
    Lock lk(mutex_);
    if (count_ == 0) return closed_ ? ChanStatus::closed : ChanStatus::would_block;
    pop_locked(std::span<T>(&out, 1));
    if (at) *at = DepthAt{now_ns(), buffered_locked()};
    take_done(lk);
    return ChanStatus::ok;
  }

  // Removes the oldest queued item (the drop-oldest policy). False when empty.
  bool take_oldest(T& out, DepthAt* at = nullptr) { return try_recv(out, at) == ChanStatus::ok; }

  // Removes everything queued (a cancel shutdown counts them as cancelled).
  std::vector<T> take_all(DepthAt* at = nullptr) {
    std::vector<T> all;
    {
      Lock lk(mutex_);
      all.resize(count_);
      pop_locked(std::span<T>(all));
      if (at) *at = DepthAt{now_ns(), buffered_locked()};
    }
    not_full_.notify_all();
    return all;
  }

  // Closing twice is an error returned to the caller (Go would panic).
  ChanStatus close() {
    {
      Lock lk(mutex_);
      if (closed_) return ChanStatus::closed;
      closed_ = true;
      closed_view_.store(true, std::memory_order_release);
      bump_locked();
    }
    not_empty_.notify_all();
    not_full_.notify_all();
    return ChanStatus::ok;
  }

  // Threads blocked in a send or a receive (spinning or parked).
  std::size_t senders_waiting() const {
    Lock lk(mutex_);
    return senders_waiting_;
  }
  std::size_t receivers_waiting() const {
    Lock lk(mutex_);
    return receivers_waiting_;
  }

 private:
  using ChannelCalls<Channel<T>, T>::expired;
  using Lock = std::unique_lock<detail::SpinParkMutex>;

  struct Waker {
    Channel* self;
    void operator()() const noexcept {
      { Lock lk(self->mutex_); }  // orders the wake after the waiter's check
      self->not_empty_.notify_all();
      self->not_full_.notify_all();
    }
  };

  // After a receive: wake a parked sender once enough room is free, and pass the baton to another
  // parked receiver when items remain. Releases the lock first.
  void take_done(Lock& lk) {
    const bool wake_senders = senders_parked_ > 0 && room_locked() >= sender_need_;
    const bool wake_receiver = count_ > 0 && receivers_parked_ > 0;
    lk.unlock();
    if (wake_senders) not_full_.notify_all();
    if (wake_receiver) not_empty_.notify_one();
  }

  // Before parking, give a thread on the other core a moment to make progress: a futex sleep
  // and wake costs far more than a few microseconds of polling. True when `ready` came true.
  //
  // At most max_spinners threads per side spin; the others park at once (eight idle workers
  // spinning together only steal the cores from the thread that would feed them). Parked
  // threads are always woken when what they wait for may have happened, spinner or not: a
  // spinning thread may itself be preempted for a whole time slice on a busy machine.
  template <class Ready>
  bool spin_until_locked(Lock& lk, std::size_t& spinning, Ready ready) {
    const std::uint64_t seen = changes_.load(std::memory_order_relaxed);
    ++spinning;
    lk.unlock();
    bool changed = false;
    for (int i = 0; i < spin_rounds && !changed; ++i) {
      if (i < spin_rounds / 2)
        detail::cpu_relax();
      else
        std::this_thread::yield();
      changed = changes_.load(std::memory_order_relaxed) != seen;
    }
    lk.lock();
    --spinning;
    return ready();  // re-checked under the lock whatever the spin saw
  }

  // Every change a waiter may be waiting for (items, demand, capacity, close) bumps this, so a
  // spinner notices it without the lock. Only written under the lock.
  void bump_locked() {
    changes_.store(changes_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }

  // How many more items a sender may queue now.
  std::size_t room_locked() const {
    if (capacity_ == 0) {
      // Unbuffered: hand over only what waiting receivers have asked for.
      return receiver_demand_ > count_ ? receiver_demand_ - count_ : 0;
    }
    return capacity_ > count_ ? capacity_ - count_ : 0;
  }

  void wait_locked(std::condition_variable_any& cv, Lock& lk, TimePoint deadline) {
    if (deadline == TimePoint::max())
      cv.wait(lk);
    else
      cv.wait_until(lk, deadline);
  }

  void push_locked(std::span<T> items) {
    while (count_ + items.size() > ring_.size()) grow_locked();
    const std::size_t mask = ring_.size() - 1;
    for (std::size_t i = 0; i < items.size(); ++i)
      ring_[(head_ + count_ + i) & mask] = std::move(items[i]);
    count_ += items.size();
    update_views_locked();
    bump_locked();
  }

  void pop_locked(std::span<T> out) {
    const std::size_t mask = ring_.size() - 1;
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = std::move(ring_[(head_ + i) & mask]);
    head_ = (head_ + out.size()) & mask;
    count_ -= out.size();
    update_views_locked();
    bump_locked();
  }

  std::size_t buffered_locked() const {
    return count_ > receiver_demand_ ? count_ - receiver_demand_ : 0;
  }

  void update_views_locked() {
    size_view_.store(count_, std::memory_order_relaxed);
    buffered_view_.store(buffered_locked(), std::memory_order_relaxed);
  }

  void grow_locked() {
    std::vector<T> bigger(ring_.size() * 2);
    for (std::size_t i = 0; i < count_; ++i)
      bigger[i] = std::move(ring_[(head_ + i) & (ring_.size() - 1)]);
    ring_ = std::move(bigger);
    head_ = 0;
  }

  mutable detail::SpinParkMutex mutex_;
  std::condition_variable_any not_empty_;
  std::condition_variable_any not_full_;
  std::vector<T> ring_;  // power-of-two sized storage; grows, never shrinks
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  std::size_t capacity_;
  std::size_t senders_waiting_ = 0;    // blocked in a send (spinning or parked)
  std::size_t receivers_waiting_ = 0;  // blocked in a receive (spinning or parked)
  std::size_t senders_parked_ = 0;     // asleep on not_full_: only these need a notify
  std::size_t receivers_parked_ = 0;   // asleep on not_empty_
  std::size_t receiver_demand_ = 0;
  std::size_t sender_need_ = 1;  // least room a parked sender wants before it is woken
  std::size_t senders_spinning_ = 0;
  std::size_t receivers_spinning_ = 0;
  static constexpr int spin_rounds = 64;
  static constexpr std::size_t max_spinners = 1;
  bool closed_ = false;
  std::atomic<std::size_t> size_view_{0};
  std::atomic<std::size_t> buffered_view_{0};
  std::atomic<std::uint64_t> changes_{0};
  std::atomic<std::size_t> capacity_view_{capacity_};
  std::atomic<bool> closed_view_{false};
};

}  // namespace poolscope
