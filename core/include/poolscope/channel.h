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
//   empty or full, and are woken only when someone is actually parked.
//
// Thread-safe: every member may be called from any thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <span>
#include <stop_token>
#include <thread>
#include <utility>
#include <vector>

#include "poolscope/clock.h"

namespace poolscope {

enum class ChanStatus { ok, closed, cancelled, timeout, would_block };

const char* to_string(ChanStatus s);

template <class T>
class Channel {
 public:
  explicit Channel(std::size_t capacity) : capacity_(capacity) { ring_.resize(64); }
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  std::size_t capacity() const { return capacity_view_.load(std::memory_order_relaxed); }
  // Items queued now (a racy but consistent-enough reading for instrumentation).
  std::size_t size() const { return size_view_.load(std::memory_order_relaxed); }
  bool closed() const { return closed_view_.load(std::memory_order_acquire); }

  void set_capacity(std::size_t capacity) {
    {
      std::lock_guard lk(mutex_);
      capacity_ = capacity;
      capacity_view_.store(capacity, std::memory_order_relaxed);
    }
    not_full_.notify_all();
  }

  // Blocks until the value is queued (or handed to a receiver when unbuffered).
  ChanStatus send(T value, std::stop_token stop = {}, TimePoint deadline = TimePoint::max()) {
    std::size_t sent = 0;
    return send_batch(std::span<T>(&value, 1), sent, stop, deadline);
  }

  // Queues items in order; `sent` tells how many went in before a non-ok status.
  ChanStatus send_batch(std::span<T> items, std::size_t& sent, std::stop_token stop = {},
                        TimePoint deadline = TimePoint::max()) {
    sent = 0;
    std::optional<std::stop_callback<Waker>> waker;
    std::unique_lock lk(mutex_);
    while (sent < items.size()) {
      if (closed_) return ChanStatus::closed;
      std::size_t room = room_locked();
      if (room > 0) {
        const std::size_t n = std::min(room, items.size() - sent);
        for (std::size_t i = 0; i < n; ++i) push_locked(std::move(items[sent + i]));
        sent += n;
        if (receivers_waiting_ > 0) not_empty_.notify_all();
        continue;
      }
      if (stop.stop_requested()) return ChanStatus::cancelled;
      if (expired(deadline)) return ChanStatus::timeout;
      if (!waker && stop.stop_possible()) {
        // Registered outside the lock: the callback takes the lock to wake us.
        lk.unlock();
        waker.emplace(stop, Waker{this});
        lk.lock();
        continue;
      }
      // A batch sender is woken once a good share of its batch fits, not for every free slot.
      const std::size_t need =
          std::max<std::size_t>(1, std::min(items.size() - sent, capacity_ / 2));
      if (spin_until_locked(lk, [&] { return closed_ || room_locked() >= need; })) continue;
      if (senders_waiting_ == 0 || need < sender_need_) sender_need_ = need;
      ++senders_waiting_;
      wait_locked(not_full_, lk, deadline);
      --senders_waiting_;
    }
    return ChanStatus::ok;
  }

  // Never blocks: would_block when full (or, unbuffered, when no receiver is waiting).
  ChanStatus try_send(T& value) {
    std::lock_guard lk(mutex_);
    if (closed_) return ChanStatus::closed;
    if (room_locked() == 0) return ChanStatus::would_block;
    push_locked(std::move(value));
    if (receivers_waiting_ > 0) not_empty_.notify_all();
    return ChanStatus::ok;
  }

  ChanStatus recv(T& out, std::stop_token stop = {}, TimePoint deadline = TimePoint::max()) {
    std::size_t got = 0;
    ChanStatus s = recv_batch(std::span<T>(&out, 1), got, stop, deadline);
    return got == 1 ? ChanStatus::ok : s;
  }

  // Takes between 1 and out.size() items, waiting for the first. A queued item is always taken
  // before cancellation is looked at, so a value handed to a waiting receiver is never stranded.
  ChanStatus recv_batch(std::span<T> out, std::size_t& got, std::stop_token stop = {},
                        TimePoint deadline = TimePoint::max()) {
    got = 0;
    std::optional<std::stop_callback<Waker>> waker;
    std::unique_lock lk(mutex_);
    for (;;) {
      if (count_ > 0) {
        got = std::min(count_, out.size());
        for (std::size_t i = 0; i < got; ++i) out[i] = pop_locked();
        wake_senders_locked();
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
      receiver_demand_ += out.size();
      // An unbuffered sender may now hand values over.
      if (senders_waiting_ > 0 && capacity_ == 0) not_full_.notify_all();
      if (!spin_until_locked(lk, [&] { return closed_ || count_ > 0; }))
        wait_locked(not_empty_, lk, deadline);
      receiver_demand_ -= out.size();
      --receivers_waiting_;
    }
  }

  ChanStatus try_recv(T& out) {
    std::lock_guard lk(mutex_);
    if (count_ == 0) return closed_ ? ChanStatus::closed : ChanStatus::would_block;
    out = pop_locked();
    wake_senders_locked();
    return ChanStatus::ok;
  }

  // Removes the oldest queued item (the drop-oldest policy). False when empty.
  bool take_oldest(T& out) { return try_recv(out) == ChanStatus::ok; }

  // Removes everything queued (a cancel shutdown counts them as cancelled).
  std::vector<T> take_all() {
    std::vector<T> all;
    {
      std::lock_guard lk(mutex_);
      all.reserve(count_);
      while (count_ > 0) all.push_back(pop_locked());
    }
    not_full_.notify_all();
    return all;
  }

  // Closing twice is an error returned to the caller (Go would panic).
  ChanStatus close() {
    {
      std::lock_guard lk(mutex_);
      if (closed_) return ChanStatus::closed;
      closed_ = true;
      closed_view_.store(true, std::memory_order_release);
    }
    not_empty_.notify_all();
    not_full_.notify_all();
    return ChanStatus::ok;
  }

  std::size_t senders_waiting() const {
    std::lock_guard lk(mutex_);
    return senders_waiting_;
  }
  std::size_t receivers_waiting() const {
    std::lock_guard lk(mutex_);
    return receivers_waiting_;
  }

 private:
  struct Waker {
    Channel* self;
    void operator()() const noexcept {
      { std::lock_guard lk(self->mutex_); }  // orders the wake after the waiter's check
      self->not_empty_.notify_all();
      self->not_full_.notify_all();
    }
  };

  // TimePoint::min() means "do not wait" and max() "no deadline": neither needs the clock.
  static bool expired(TimePoint deadline) {
    if (deadline == TimePoint::max()) return false;
    return deadline == TimePoint::min() || Clock::now() >= deadline;
  }

  void wake_senders_locked() {
    if (senders_waiting_ > 0 && room_locked() >= sender_need_) not_full_.notify_all();
  }

  // Before parking, give a thread on the other core a moment to make progress: a futex sleep
  // and wake costs far more than a few microseconds of polling. True when `ready` came true.
  template <class Ready>
  bool spin_until_locked(std::unique_lock<std::mutex>& lk, Ready ready) {
    const std::size_t seen = count_;
    lk.unlock();
    bool changed = false;
    for (int i = 0; i < spin_rounds && !changed; ++i) {
      if (i < spin_rounds / 2)
        cpu_relax();
      else
        std::this_thread::yield();
      changed = closed_view_.load(std::memory_order_relaxed) ||
           size_view_.load(std::memory_order_relaxed) != seen;
    }
    lk.lock();
    return ready();  // re-checked under the lock whatever the spin saw
  }
  static void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }

  // How many more items a sender may queue now.
  std::size_t room_locked() const {
    if (capacity_ == 0) {
      // Unbuffered: hand over only what waiting receivers have asked for.
      return receiver_demand_ > count_ ? receiver_demand_ - count_ : 0;
    }
    return capacity_ > count_ ? capacity_ - count_ : 0;
  }

  void wait_locked(std::condition_variable& cv, std::unique_lock<std::mutex>& lk,
                   TimePoint deadline) {
    if (deadline == TimePoint::max())
      cv.wait(lk);
    else
      cv.wait_until(lk, deadline);
  }

  void push_locked(T&& v) {
    if (count_ == ring_.size()) grow_locked();
    ring_[(head_ + count_) & (ring_.size() - 1)] = std::move(v);
    ++count_;
    size_view_.store(count_, std::memory_order_relaxed);
  }

  T pop_locked() {
    T v = std::move(ring_[head_]);
    head_ = (head_ + 1) & (ring_.size() - 1);
    --count_;
    size_view_.store(count_, std::memory_order_relaxed);
    return v;
  }

  void grow_locked() {
    std::vector<T> bigger(ring_.size() * 2);
    for (std::size_t i = 0; i < count_; ++i)
      bigger[i] = std::move(ring_[(head_ + i) & (ring_.size() - 1)]);
    ring_ = std::move(bigger);
    head_ = 0;
  }

  mutable std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::vector<T> ring_;  // power-of-two sized storage; grows, never shrinks
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  std::size_t capacity_;
  std::size_t senders_waiting_ = 0;
  std::size_t receivers_waiting_ = 0;
  std::size_t receiver_demand_ = 0;
  std::size_t sender_need_ = 1;     // least room a waiting sender wants before it is woken
  static constexpr int spin_rounds = 64;
  bool closed_ = false;
  std::atomic<std::size_t> size_view_{0};
  std::atomic<std::size_t> capacity_view_{capacity_};
  std::atomic<bool> closed_view_{false};
};

}  // namespace poolscope
