// PriorityChannel<T, IsHigh>: a bounded MPMC queue like Channel<T> (same calls, same statuses,
// capacity 0 = hand-over to a waiting receiver, close, cancellation, live capacity) that serves
// two classes: items for which IsHigh{}(item) is true are received before every other item;
// within a class, first in first out. The priority-queue lesson's job queue.
//
// One mutex and one condition variable: simpler and slower than Channel, which is fine for a
// lesson whose jobs last milliseconds. Thread-safe: every member may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <span>
#include <stop_token>
#include <vector>

#include "channel.h"
#include "clock.h"

namespace poolscope {

template <class T, class IsHigh>
class PriorityChannel : public ChannelCalls<PriorityChannel<T, IsHigh>, T> {
 public:
  explicit PriorityChannel(std::size_t capacity) : capacity_(capacity) {}
  PriorityChannel(const PriorityChannel&) = delete;
  PriorityChannel& operator=(const PriorityChannel&) = delete;

  std::size_t capacity() const { return capacity_view_.load(std::memory_order_relaxed); }
  std::size_t size() const { return size_view_.load(std::memory_order_relaxed); }
  // Items not spoken for by a waiting receiver (see Channel::buffered).
  std::size_t buffered() const { return buffered_view_.load(std::memory_order_relaxed); }
  std::size_t high_size() const { return high_view_.load(std::memory_order_relaxed); }
  bool closed() const { return closed_view_.load(std::memory_order_acquire); }
  DepthAt depth_now() const {
    std::lock_guard lk(mutex_);
    return DepthAt{now_ns(), buffered_locked()};
  }

  void set_capacity(std::size_t capacity) {
    std::lock_guard lk(mutex_);
    capacity_ = capacity;
    capacity_view_.store(capacity, std::memory_order_relaxed);
    changed_locked();
  }

  ChanStatus send_batch(std::span<T> items, std::size_t& sent, std::stop_token stop = {},
                        TimePoint deadline = TimePoint::max(), DepthAt* at = nullptr) {
    sent = 0;
    std::unique_lock lk(mutex_);
    while (sent < items.size()) {
      if (closed_) return ChanStatus::closed;
      if (room_locked() > 0) {
        push_locked(std::move(items[sent++]));
        if (at) *at = DepthAt{now_ns(), buffered_locked()};
        changed_locked();
        continue;
      }
      if (stop.stop_requested()) return ChanStatus::cancelled;
      if (expired(deadline)) return ChanStatus::timeout;
      ++senders_waiting_;
      wait_locked(lk, stop, deadline);
      --senders_waiting_;
    }
    return ChanStatus::ok;
  }

  ChanStatus try_send(T& value, DepthAt* at = nullptr) {
    std::lock_guard lk(mutex_);
    if (closed_) return ChanStatus::closed;
    if (room_locked() == 0) return ChanStatus::would_block;
    push_locked(std::move(value));
    if (at) *at = DepthAt{now_ns(), buffered_locked()};
    changed_locked();
    return ChanStatus::ok;
  }

  // Takes between 1 and out.size() items, high class first, waiting for the first.
  ChanStatus recv_batch(std::span<T> out, std::size_t& got, std::stop_token stop = {},
                        TimePoint deadline = TimePoint::max(), DepthAt* at = nullptr) {
    got = 0;
    std::unique_lock lk(mutex_);
    for (;;) {
      if (count_locked() > 0) {
        // Unbuffered, one value per receive (see Channel::recv_batch).
        const std::size_t want = capacity_ == 0 ? 1 : out.size();
        while (got < want && count_locked() > 0) out[got++] = pop_locked();
        if (at) *at = DepthAt{now_ns(), buffered_locked()};
        changed_locked();
        return ChanStatus::ok;
      }
      if (closed_) return ChanStatus::closed;
      if (stop.stop_requested()) return ChanStatus::cancelled;
      if (expired(deadline)) return ChanStatus::timeout;
      ++receivers_waiting_;
      update_views_locked();
      // An unbuffered sender may now hand an item over. Only then: idle receivers waking each
      // other would spin.
      if (capacity_ == 0 && senders_waiting_ > 0) changed_locked();
      wait_locked(lk, stop, deadline);
      --receivers_waiting_;
      // No view update here: the loop takes any item spoken for before the lock is released.
    }
  }

  ChanStatus try_recv(T& out) {
    std::lock_guard lk(mutex_);
    if (count_locked() == 0) return closed_ ? ChanStatus::closed : ChanStatus::would_block;
    out = pop_locked();
    changed_locked();
    return ChanStatus::ok;
  }

  // Drop-oldest: the oldest item of the normal class goes first; high items only when no other.
  bool take_oldest(T& out, DepthAt* at = nullptr) {
    std::lock_guard lk(mutex_);
    std::deque<T>& from = !low_.empty() ? low_ : high_;
    if (from.empty()) return false;
    out = std::move(from.front());
    from.pop_front();
    update_views_locked();
    if (at) *at = DepthAt{now_ns(), buffered_locked()};
    changed_locked();
    return true;
  }

  std::vector<T> take_all(DepthAt* at = nullptr) {
    std::lock_guard lk(mutex_);
    std::vector<T> all;
    all.reserve(count_locked());
    while (count_locked() > 0) all.push_back(pop_locked());
    if (at) *at = DepthAt{now_ns(), buffered_locked()};
    changed_locked();
    return all;
  }

  ChanStatus close() {
    std::lock_guard lk(mutex_);
    if (closed_) return ChanStatus::closed;
    closed_ = true;
    closed_view_.store(true, std::memory_order_release);
    changed_locked();
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
  using ChannelCalls<PriorityChannel<T, IsHigh>, T>::expired;
  std::size_t count_locked() const { return high_.size() + low_.size(); }
  std::size_t room_locked() const {
    const std::size_t n = count_locked();
    if (capacity_ == 0) return receivers_waiting_ > n ? receivers_waiting_ - n : 0;
    return capacity_ > n ? capacity_ - n : 0;
  }
  void push_locked(T&& v) {
    (IsHigh{}(v) ? high_ : low_).push_back(std::move(v));
    update_views_locked();
  }
  T pop_locked() {
    std::deque<T>& from = !high_.empty() ? high_ : low_;
    T v = std::move(from.front());
    from.pop_front();
    update_views_locked();
    return v;
  }
  std::size_t buffered_locked() const {
    const std::size_t n = count_locked();
    return n > receivers_waiting_ ? n - receivers_waiting_ : 0;
  }
  void update_views_locked() {
    size_view_.store(count_locked(), std::memory_order_relaxed);
    buffered_view_.store(buffered_locked(), std::memory_order_relaxed);
    high_view_.store(high_.size(), std::memory_order_relaxed);
  }
  // Every change wakes every waiter, which re-checks its own condition.
  void changed_locked() {
    ++generation_;
    cv_.notify_all();
  }
  void wait_locked(std::unique_lock<std::mutex>& lk, std::stop_token& stop, TimePoint deadline) {
    const std::uint64_t seen = generation_;
    const auto changed = [&] { return generation_ != seen; };
    if (deadline == TimePoint::max())
      cv_.wait(lk, stop, changed);
    else
      cv_.wait_until(lk, stop, deadline, changed);
  }

  mutable std::mutex mutex_;
  std::condition_variable_any cv_;
  std::deque<T> high_, low_;
  std::size_t capacity_;
  std::size_t senders_waiting_ = 0;
  std::size_t receivers_waiting_ = 0;
  std::uint64_t generation_ = 0;
  bool closed_ = false;
  std::atomic<std::size_t> size_view_{0};
  std::atomic<std::size_t> buffered_view_{0};
  std::atomic<std::size_t> high_view_{0};
  std::atomic<std::size_t> capacity_view_{capacity_};
  std::atomic<bool> closed_view_{false};
};

}  // namespace poolscope
