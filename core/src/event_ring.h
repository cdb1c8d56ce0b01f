// EventRing: the per-thread event buffer. One writer (the thread that owns the lane) pushes with
// no lock and no allocation; one reader (the collector) copies out what is new. When the reader
// falls behind, the oldest events are overwritten and counted as lost: memory stays bounded and
// the writer never waits.
//
// In lossless mode (a run whose trace must be complete) the writer instead waits for the reader
// when the ring is full, up to a bound: a reader that stopped for good (or stalls longer than a
// second) turns the ring back to overwriting, and what is overwritten is still counted as lost.
//
// Slots are relaxed atomics and a torn read is detected afterwards (seqlock style), so the ring is
// free of data races (ThreadSanitizer clean) while costing plain stores on x86.
//
// A writer may also fill up to max_batch slots and publish them with one head store (a batch of
// jobs' events): the reader then treats that many slots past the head as possibly being written.
#pragma once

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "poolscope/events.h"

namespace poolscope {

class EventRing {
 public:
  // The most events one batch may publish at once.
  static constexpr std::size_t max_batch = 512;

  explicit EventRing(std::size_t capacity)
      : capacity_(std::bit_ceil(capacity < 2 ? std::size_t{2} : capacity)),
        in_flight_(capacity_ >= 4 * max_batch ? max_batch : 1),
        slots_(std::make_unique<Slot[]>(capacity_)) {}

  void push(const Event& e) noexcept {
    const std::uint64_t h = head_.load(std::memory_order_relaxed);
    // Out of line and marked cold: inlined, the waiting code made every push (the bench's hot
    // path) about a third slower.
    if (lossless_.load(std::memory_order_relaxed)) [[unlikely]]
      wait_for_room(h);
    // Orders the head_ store of the previous push before these slot stores (see read()).
    std::atomic_thread_fence(std::memory_order_release);
    put(h, e);
    head_.store(h + 1, std::memory_order_release);
  }

  // Batches: begin_batch(n) makes room for up to n events and returns where the first goes;
  // put() writes each at the next position; end_batch() publishes them all with one store. Only
  // when batches_allowed(n): a small ring takes its events one push at a time.
  bool batches_allowed(std::size_t n) const noexcept { return n <= in_flight_ && n > 1; }
  std::uint64_t begin_batch(std::size_t n) noexcept {
    const std::uint64_t h = head_.load(std::memory_order_relaxed);
    if (lossless_.load(std::memory_order_relaxed)) [[unlikely]]
      wait_for_room(h + n - 1);
    std::atomic_thread_fence(std::memory_order_release);
    return h;
  }
  void put(std::uint64_t at, const Event& e) noexcept {
    Slot& s = slots_[at & (capacity_ - 1)];
    s.t_ns.store(e.t_ns, std::memory_order_relaxed);
    s.job.store(e.job, std::memory_order_relaxed);
    s.meta.store(pack(e), std::memory_order_relaxed);
  }
  void end_batch(std::uint64_t end) noexcept { head_.store(end, std::memory_order_release); }

  // Appends the events pushed since `cursor` to `out` and advances the cursor. Returns how many
  // were lost to overwriting.
  std::uint64_t read(std::uint64_t& cursor, std::vector<Event>& out) const {
    const std::uint64_t head = head_.load(std::memory_order_acquire);
    std::uint64_t lost = 0;
    if (head - cursor > capacity_) {
      lost = head - cursor - capacity_;
      cursor = head - capacity_;
    }
    const std::size_t first = out.size();
    for (std::uint64_t i = cursor; i < head; ++i) {
      const Slot& s = slots_[i & (capacity_ - 1)];
      Event e;
      e.t_ns = s.t_ns.load(std::memory_order_relaxed);
      e.job = s.job.load(std::memory_order_relaxed);
      unpack(s.meta.load(std::memory_order_relaxed), e);
      out.push_back(e);
    }
    std::atomic_thread_fence(std::memory_order_acquire);
    // Slots the writer may have started to overwrite while we copied are discarded: up to
    // in_flight_ past the head it had published (a batch not yet published). A lossless writer
    // never starts a slot the reader has not released, so all it may have published is up to
    // cursor + capacity (which the check below would count as stale).
    const std::uint64_t head_after = head_.load(std::memory_order_relaxed);
    if (head_after + in_flight_ > cursor + capacity_ &&
        !lossless_.load(std::memory_order_seq_cst)) {
      const std::uint64_t stale =
          std::min<std::uint64_t>(head_after + in_flight_ - capacity_ - cursor, head - cursor);
      out.erase(out.begin() + static_cast<std::ptrdiff_t>(first),
                out.begin() + static_cast<std::ptrdiff_t>(first + stale));
      lost += stale;
    }
    cursor = head;
    read_pos_.store(cursor, std::memory_order_release);
    return lost;
  }

  // Lossless mode: push() waits for the reader instead of overwriting (see above).
  void set_lossless(bool on) { lossless_.store(on); }

  std::uint64_t pushed() const { return head_.load(std::memory_order_relaxed); }

 private:
  struct Slot {
    std::atomic<std::int64_t> t_ns{0};
    std::atomic<std::uint64_t> job{0};
    std::atomic<std::uint64_t> meta{0};
  };
  static std::uint64_t pack(const Event& e) {
    return std::uint64_t{e.value} | (std::uint64_t{e.lane} << 32) |
           (std::uint64_t(static_cast<std::uint8_t>(e.kind)) << 48) |
           (std::uint64_t{e.job_class} << 56);
  }
  static void unpack(std::uint64_t m, Event& e) {
    e.value = static_cast<std::uint32_t>(m);
    e.lane = static_cast<Lane>(m >> 32);
    e.kind = static_cast<EventKind>(static_cast<std::uint8_t>(m >> 48));
    e.job_class = static_cast<std::uint8_t>(m >> 56);
  }

  [[gnu::cold, gnu::noinline]] void wait_for_room(std::uint64_t h) noexcept {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (h - read_pos_.load(std::memory_order_acquire) >= capacity_) {
      if (std::chrono::steady_clock::now() > give_up) {
        // The reader is gone or stuck: never stall this writer again (and from now on the
        // reader discards what may be torn).
        lossless_.store(false, std::memory_order_seq_cst);
        return;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
  }

  std::size_t capacity_;
  std::size_t in_flight_;  // slots past the head a writer may be filling (max_batch, or 1)
  std::unique_ptr<Slot[]> slots_;
  std::atomic<bool> lossless_{false};  // cleared by the writer when it gives up waiting
  alignas(64) std::atomic<std::uint64_t> head_{0};
  alignas(64) mutable std::atomic<std::uint64_t> read_pos_{
      0};  // the reader's cursor, for lossless mode
};

}  // namespace poolscope
