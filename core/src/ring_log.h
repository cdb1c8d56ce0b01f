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
  std::size_t limit() const { return limit_; }

  void push_back(const T& v) {
    if (limit_ == 0) return;
    const std::size_t c = next_ / chunk_items;
    if (c == chunks_.size())
      chunks_.push_back(std::make_unique<T[]>(std::min(chunk_items, limit_ - c * chunk_items)));
    chunks_[c][next_ % chunk_items] = v;
    if (++next_ == limit_) {
      next_ = 0;  // full: from now on each append overwrites the oldest
      full_ = true;
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
  std::vector<std::unique_ptr<T[]>> chunks_;
};

}  // namespace poolscope
