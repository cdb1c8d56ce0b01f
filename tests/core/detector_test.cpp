// The stall detector on made-up snapshots: no false alarms while anything can move, the right
// diagnosis (leak or deadlock) naming the threads, and only after the stall has lasted.
#include "detector.h"

#include <gtest/gtest.h>

namespace poolscope {
namespace {

WorkerView worker(int slot, WorkerState state) {
  WorkerView w;
  w.slot = slot;
  w.state = state;
  return w;
}

// Three idle workers, an empty queue, a finished producer that never closed the jobs channel.
Snapshot leaked() {
  Snapshot s;
  s.phase = RunPhase::running;
  s.producer.state = ProducerState::done;
  s.producer.closed_jobs = false;
  s.consumer.state = ConsumerState::waiting;
  s.queue_capacity = 5;
  s.results_capacity = 5;
  for (int i = 0; i < 3; ++i) s.workers.push_back(worker(i, WorkerState::idle));
  s.counters.submitted = s.counters.completed = s.counters.consumed = 6;
  return s;
}

// The consumer waits for the workers; the workers wait to send into a full results channel.
Snapshot deadlocked() {
  Snapshot s;
  s.phase = RunPhase::running;
  s.producer.state = ProducerState::blocked;
  s.consumer.state = ConsumerState::waiting;
  s.consumer.waiting_for_workers = true;
  s.queue_capacity = s.queue_depth = 4;
  s.results_capacity = s.results_depth = 2;
  for (int i = 0; i < 3; ++i) s.workers.push_back(worker(i, WorkerState::blocked_result));
  return s;
}

TEST(Detector, DiagnosesALeak) {
  const auto f = diagnose_stuck(leaked());
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind, "leak");
  EXPECT_EQ(f->message.rfind("3 workers blocked forever on a channel no one will close", 0), 0u)
      << f->message;
  EXPECT_EQ(f->threads, (std::vector<std::string>{"worker 0", "worker 1", "worker 2"}));
}

TEST(Detector, DiagnosesADeadlock) {
  const auto f = diagnose_stuck(deadlocked());
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind, "deadlock");
  EXPECT_NE(f->message.find("all threads are asleep - deadlock!"), std::string::npos);
  EXPECT_NE(f->message.find("full results channel (capacity 2)"), std::string::npos);
  EXPECT_EQ(f->threads,
            (std::vector<std::string>{"consumer", "worker 0", "worker 1", "worker 2", "producer"}));
}

TEST(Detector, NoAlarmWhileAnythingCanMove) {
  Snapshot s = leaked();
  s.producer.closed_jobs = true;
  s.workers[1].state = WorkerState::running;  // a long job is still running
  EXPECT_FALSE(diagnose_stuck(s).has_value());

  s = leaked();
  s.queue_depth = 1;  // an idle worker is about to take it
  EXPECT_FALSE(diagnose_stuck(s).has_value());

  s = leaked();
  s.producer.state = ProducerState::waiting_arrival;  // open loop between arrivals
  EXPECT_FALSE(diagnose_stuck(s).has_value());

  s = leaked();
  s.phase = RunPhase::paused;
  EXPECT_FALSE(diagnose_stuck(s).has_value());

  s = deadlocked();
  s.consumer.waiting_for_workers = false;
  s.consumer.state = ConsumerState::consuming;  // a slow consumer is busy, not stuck
  EXPECT_FALSE(diagnose_stuck(s).has_value());

  s = deadlocked();
  s.process.spawned_live = 3;
  EXPECT_FALSE(diagnose_stuck(s).has_value());
}

TEST(Detector, ReportsOnceAfterTheStallLasts) {
  StallDetector d(1.0);
  Snapshot s = deadlocked();
  s.elapsed_s = 1.0;
  EXPECT_FALSE(d.observe(s).has_value());
  s.elapsed_s = 1.5;
  EXPECT_FALSE(d.observe(s).has_value());
  s.counters.consumed = 1;  // progress: the clock starts again
  s.elapsed_s = 2.1;
  EXPECT_FALSE(d.observe(s).has_value());
  s.elapsed_s = 3.0;
  EXPECT_FALSE(d.observe(s).has_value());
  s.elapsed_s = 3.2;
  const auto f = d.observe(s);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->at_s, 3.2);
  EXPECT_TRUE(d.reported());
  s.elapsed_s = 5.0;
  EXPECT_FALSE(d.observe(s).has_value());  // once
}

}  // namespace
}  // namespace poolscope
