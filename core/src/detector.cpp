// The stall detector: names a deadlock, a goroutine-style leak or a send on a closed channel.
#include "detector.h"

#include <string>
#include <vector>

namespace poolscope {

namespace {

std::string worker_name(const WorkerView& w) { return worker_slot_name(w.slot); }

// "worker 0, worker 1 and worker 2"
std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

std::string count_workers(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " worker" : " workers");
}

}  // namespace

std::optional<Finding> diagnose_stuck(const Snapshot& s) {
  if (s.phase != RunPhase::running && s.phase != RunPhase::draining) return std::nullopt;
  if (s.process.spawned_live > 0 || s.workers.empty()) return std::nullopt;

  // The consumer can move only if a result is there to take.
  const bool consumer_asleep = s.consumer.state == ConsumerState::waiting &&
                               (s.consumer.waiting_for_workers || s.results_depth == 0);
  if (!consumer_asleep) return std::nullopt;

  const bool results_full = s.results_capacity > 0 ? s.results_depth >= s.results_capacity
                                                   : s.consumer.waiting_for_workers;
  std::vector<std::string> idle, blocked_result;
  for (const WorkerView& w : s.workers) {
    const std::size_t queued = w.io_pool ? s.io_queue_depth : s.queue_depth;
    if (w.state == WorkerState::idle && queued == 0) {
      idle.push_back(worker_name(w));
    } else if (w.state == WorkerState::blocked_result && results_full) {
      blocked_result.push_back(worker_name(w));
    } else if (w.state != WorkerState::exited) {
      return std::nullopt;  // running, about to take a job, or able to send its result
    }
  }
  const bool producer_blocked = s.producer.state == ProducerState::blocked;
  const bool producer_done = s.producer.state == ProducerState::done;
  if (!producer_blocked && !producer_done) return std::nullopt;
  if (producer_blocked && !idle.empty()) return std::nullopt;  // an idle worker will take it

  Finding f;
  f.at_s = s.elapsed_s;
  if (producer_done && !s.producer.closed_jobs && blocked_result.empty()) {
    f.kind = "leak";
    f.threads = idle;
    f.message = count_workers(idle.size()) +
                " blocked forever on a channel no one will close: " + join_names(idle) +
                (idle.size() == 1 ? " waits" : " wait") +
                " for jobs, but the producer finished without closing the jobs channel (in Go, "
                "a goroutine leak). Close the jobs channel after the last send.";
    return f;
  }

  f.kind = "deadlock";
  std::vector<std::string> parts;
  if (s.consumer.waiting_for_workers)
    parts.push_back("the consumer waits for every worker to exit before it reads any result");
  else
    parts.push_back("the consumer waits for a result");
  f.threads.push_back("consumer");
  if (!blocked_result.empty()) {
    parts.push_back(join_names(blocked_result) + (blocked_result.size() == 1 ? " is" : " are") +
                    " blocked sending into the full results channel (capacity " +
                    std::to_string(s.results_capacity) + ")");
    f.threads.insert(f.threads.end(), blocked_result.begin(), blocked_result.end());
  }
  if (!idle.empty()) {
    parts.push_back(join_names(idle) + (idle.size() == 1 ? " waits" : " wait") + " for jobs");
    f.threads.insert(f.threads.end(), idle.begin(), idle.end());
  }
  if (producer_blocked) {
    parts.push_back("the producer is blocked on the full jobs channel (capacity " +
                    std::to_string(s.queue_capacity) + ")");
    f.threads.push_back("producer");
  } else {
    parts.push_back(s.producer.closed_jobs
                        ? "the producer has finished"
                        : "the producer finished without closing the jobs channel");
  }
  f.message =
      "all threads are asleep - deadlock! (Go: \"fatal error: all goroutines are asleep - "
      "deadlock!\"): ";
  for (std::size_t i = 0; i < parts.size(); ++i) f.message += (i ? "; " : "") + parts[i];
  f.message += ".";
  if (s.consumer.waiting_for_workers)
    f.message +=
        " Read the results while the workers run (wait for them in another thread), or "
        "give the results channel room for every result. Cancel recovers.";
  return f;
}

std::optional<Finding> StallDetector::observe(const Snapshot& s) {
  if (reported_) return std::nullopt;
  if (s.phase == RunPhase::paused) {
    // Nothing moves during a pause because the user asked so: not a stall.
    stuck_at_.reset();
    return std::nullopt;
  }
  std::optional<Finding> f = diagnose_stuck(s);
  if (!f) {
    stuck_at_.reset();
    return std::nullopt;
  }
  const Progress now{s.counters.submitted,   s.counters.ended(), s.counters.consumed,
                     s.counters.in_progress, s.queue_depth,      s.io_queue_depth,
                     s.results_depth};
  if (!stuck_at_ || !(*stuck_at_ == now)) {
    // Stuck, or something still moved: the clock starts again from this picture.
    stuck_at_ = now;
    stuck_since_s_ = s.elapsed_s;
    return std::nullopt;
  }
  if (s.elapsed_s - stuck_since_s_ < stall_s_) return std::nullopt;
  reported_ = true;
  return f;
}

}  // namespace poolscope
