// RingLog<T>: a rolling window of the last `limit` items, oldest first. Storage comes in fixed
// chunks allocated on first use and then reused in place: an append is one store, never a copy
// of what is already kept (a growing vector would copy, a std::deque would allocate and free a
// block every few items). Not thread-safe: the engine guards it with records_mutex.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

namespace poolscope {

template <class T>
class RingLog {
 public:
  explicit RingLog(std::size_t limit) : limit_(limit) {}

  std::size_t size() const { return full_ ? limit_ : next_; }
  // Items pushed out of the window so far.
  std::uint64_t dropped() const { return dropped_; }
  std::size_t limit() const { return limit_; }

  void push_back(const T& v) {
    if (limit_ == 0) {
      ++dropped_;
      return;
    }
    if (full_) ++dropped_;
    const std::size_t c = next_ / chunk_items;
    if (c == chunks_.size())
      chunks_.push_back(std::make_unique<T[]>(std::min(chunk_items, limit_ - c * chunk_items)));
    chunks_[c][next_ % chunk_items] = v;
    if (++next_ == limit_) {
      next_ = 0;  // full: from now on each append overwrites the oldest
      full_ = true;
    }
  }

  // Allocates (and touches) the storage for the first n items now, so that a run whose size is
  // known pays for its pages before its clock starts, not while it is timed.
  void reserve(std::size_t n) {
    n = std::min(n, limit_);
    while (chunks_.size() * chunk_items < n)
      chunks_.push_back(
          std::make_unique<T[]>(std::min(chunk_items, limit_ - chunks_.size() * chunk_items)));
  }

  // Appends items[0..n) with one chunk lookup per run of items instead of one per item.
  template <class Fill>
  void append(std::size_t n, Fill fill) {
    if (limit_ == 0) {
      dropped_ += n;
      return;
    }
    std::size_t i = 0;
    while (i < n) {
      const std::size_t c = next_ / chunk_items;
      if (c == chunks_.size())
        chunks_.push_back(std::make_unique<T[]>(std::min(chunk_items, limit_ - c * chunk_items)));
      const std::size_t off = next_ % chunk_items;
      const std::size_t run = std::min({n - i, chunk_items - off, limit_ - next_});
      if (full_) dropped_ += run;
      T* dst = chunks_[c].get() + off;
      for (std::size_t k = 0; k < run; ++k) dst[k] = fill(i + k);
      i += run;
      next_ += run;
      if (next_ == limit_) {
        next_ = 0;
        full_ = true;
      }
    }
  }

  // Copies the window, oldest first.
  std::vector<T> to_vector() const {
    std::vector<T> out;
    out.reserve(size());
    auto copy = [&](std::size_t from, std::size_t to) {
      for (std::size_t i = from; i < to; ++i)
        out.push_back(chunks_[i / chunk_items][i % chunk_items]);
    };
    if (full_) copy(next_, limit_);
    copy(0, next_);
    return out;
  }

 private:
  static constexpr std::size_t chunk_items = std::size_t{1} << 14;
  std::size_t limit_;
  std::size_t next_ = 0;  // where the next item goes
  bool full_ = false;
  std::uint64_t dropped_ = 0;
  std::vector<std::unique_ptr<T[]>> chunks_;
};

}  // namespace poolscope
