// JobQueue: the pool's job queue. A FIFO Channel<Job> normally; a PriorityChannel (high-class
// jobs first) when the scenario asks for priorities. Chosen once, before any thread uses it, so
// every call is one predictable branch in front of the real queue. Thread-safe.
#pragma once

#include <memory>
#include <span>
#include <stop_token>
#include <vector>

#include "channel.h"
#include "job.h"
#include "priority_channel.h"

namespace poolscope {

struct IsHighJob {
  bool operator()(const Job& j) const { return (j.cls & Job::high) != 0; }
};

class JobQueue {
 public:
  explicit JobQueue(std::size_t capacity) : fifo_(capacity) {}

  // Serves high-class jobs first from now on. Call before any thread uses the queue.
  void use_priority() {
    prio_ = std::make_unique<PriorityChannel<Job, IsHighJob>>(fifo_.capacity());
  }
  bool priority() const { return prio_ != nullptr; }

  std::size_t capacity() const { return prio_ ? prio_->capacity() : fifo_.capacity(); }
  std::size_t size() const { return prio_ ? prio_->size() : fifo_.size(); }
  // Jobs waiting in the queue, not counting hand-offs to waiting workers (the depth to show).
  std::size_t buffered() const { return prio_ ? prio_->buffered() : fifo_.buffered(); }
  bool closed() const { return prio_ ? prio_->closed() : fifo_.closed(); }
  void set_capacity(std::size_t c) { prio_ ? prio_->set_capacity(c) : fifo_.set_capacity(c); }
  DepthAt depth_now() const { return prio_ ? prio_->depth_now() : fifo_.depth_now(); }

  // `at` (see DepthAt): the depth after the change and its time, read under the queue's lock.
  ChanStatus send(Job j, std::stop_token stop = {}, TimePoint deadline = TimePoint::max(),
                  DepthAt* at = nullptr) {
    return prio_ ? prio_->send(j, stop, deadline, at) : fifo_.send(j, stop, deadline, at);
  }
  ChanStatus send_batch(std::span<Job> items, std::size_t& sent, std::stop_token stop = {},
                        TimePoint deadline = TimePoint::max(), DepthAt* at = nullptr) {
    return prio_ ? prio_->send_batch(items, sent, stop, deadline, at)
                 : fifo_.send_batch(items, sent, stop, deadline, at);
  }
  ChanStatus try_send(Job& j, DepthAt* at = nullptr) {
    return prio_ ? prio_->try_send(j, at) : fifo_.try_send(j, at);
  }
  ChanStatus recv_batch(std::span<Job> out, std::size_t& got, std::stop_token stop = {},
                        TimePoint deadline = TimePoint::max(), DepthAt* at = nullptr) {
    return prio_ ? prio_->recv_batch(out, got, stop, deadline, at)
                 : fifo_.recv_batch(out, got, stop, deadline, at);
  }
  bool take_oldest(Job& out, DepthAt* at = nullptr) {
    return prio_ ? prio_->take_oldest(out, at) : fifo_.take_oldest(out, at);
  }
  std::vector<Job> take_all(DepthAt* at = nullptr) {
    return prio_ ? prio_->take_all(at) : fifo_.take_all(at);
  }
  ChanStatus close() { return prio_ ? prio_->close() : fifo_.close(); }

 private:
  Channel<Job> fifo_;
  std::unique_ptr<PriorityChannel<Job, IsHighJob>> prio_;
};

}  // namespace poolscope
