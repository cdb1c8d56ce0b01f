// RingLog<T>: a rolling window of the last `limit` items, oldest first. Storage grows by doubling
// up to the limit and is then reused in place, so once the window is full an append is one store
// (a std::deque of the same window would allocate and free a block every few items). Not
// thread-safe: the engine guards it with records_mutex.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace poolscope {

template <class T>
class RingLog {
 public:
  explicit RingLog(std::size_t limit) : limit_(limit) {}

  std::size_t size() const { return items_.size(); }
  std::size_t limit() const { return limit_; }

  void push_back(const T& v) {
    if (limit_ == 0) return;
    if (items_.size() < limit_) {
      if (items_.size() == items_.capacity())
        items_.reserve(std::min(limit_, std::max<std::size_t>(1024, items_.size() * 2)));
      items_.push_back(v);
      return;
    }
    items_[oldest_] = v;  // full: overwrite the oldest
    oldest_ = oldest_ + 1 == limit_ ? 0 : oldest_ + 1;
  }

  // Copies the window, oldest first.
  std::vector<T> to_vector() const {
    std::vector<T> out;
    out.reserve(items_.size());
    out.insert(out.end(), items_.begin() + static_cast<std::ptrdiff_t>(oldest_), items_.end());
    out.insert(out.end(), items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(oldest_));
    return out;
  }

 private:
  std::size_t limit_;
  std::vector<T> items_;
  std::size_t oldest_ = 0;  // index of the oldest item once the window is full
};

}  // namespace poolscope
