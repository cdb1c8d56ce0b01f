// RollingBlocks: a time-ordered log the collector appends to and snapshots share, kept as blocks
// that are immutable once a snapshot holds them (the tail is copied before the next write), with
// a rolling window that drops whole blocks from the front once more than `keep` items are held.
// The timeline's segments, instants and queue-depth steps are all kept this way.
//
// Owned by the collector thread; share() hands out const blocks that readers may keep and read
// from any thread.
#pragma once

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace poolscope {

// Block: a struct with `static constexpr std::size_t block_capacity` and a std::vector member,
// named by Items (&SegmentBlock::segments).
template <class Block, auto Items>
class RollingBlocks {
 public:
  using Item = typename std::remove_cvref_t<decltype(std::declval<Block&>().*Items)>::value_type;

  // Appends `item`, then drops whole blocks from the front while the rest still holds `keep`
  // items; each dropped block is passed to on_drop first (to account for what left the window).
  template <class OnDrop>
  void append(const Item& item, std::size_t keep, OnDrop on_drop) {
    if (blocks_.empty() || ((*blocks_.back()).*Items).size() >= Block::block_capacity) {
      auto b = std::make_shared<Block>();
      ((*b).*Items).reserve(Block::block_capacity);
      blocks_.push_back(std::move(b));
    } else if (tail_shared_) {
      // A snapshot may still hold the tail block: copy on write, never change what it sees.
      auto b = std::make_shared<Block>(*blocks_.back());
      ((*b).*Items).reserve(Block::block_capacity);
      blocks_.back() = std::move(b);
    }
    tail_shared_ = false;
    ((*blocks_.back()).*Items).push_back(item);
    ++count_;
    while (blocks_.size() > 1 && count_ - ((*blocks_.front()).*Items).size() >= keep) {
      on_drop(static_cast<const Block&>(*blocks_.front()));
      count_ -= ((*blocks_.front()).*Items).size();
      blocks_.erase(blocks_.begin());
    }
  }
  void append(const Item& item, std::size_t keep) {
    append(item, keep, [](const Block&) {});
  }

  // The blocks, for a snapshot: from now on they are shared, and the next append copies the
  // tail first. (A flag, not use_count(): that count is read without ordering, so a reader's
  // last look at the block would not be ordered before our write.)
  std::vector<std::shared_ptr<const Block>> share() const {
    tail_shared_ = true;
    return {blocks_.begin(), blocks_.end()};
  }

  // The newest item; only when !empty().
  const Item& back() const { return ((*blocks_.back()).*Items).back(); }
  bool empty() const { return blocks_.empty(); }
  std::size_t count() const { return count_; }

 private:
  std::vector<std::shared_ptr<Block>> blocks_;
  std::size_t count_ = 0;
  mutable bool tail_shared_ = false;
};

}  // namespace poolscope
