// Pool: the worker threads. Slots and their recorders, live resize of the main pool and the
// separate I/O pool, each worker's loop, and the closing rules: the jobs channel closes once,
// and the results close only after the last sender is gone (the WaitGroup rule). pool_mutex
// guards the closing state and the count of live sender threads.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

#include "engine_shared.h"
#include "recorder.h"

namespace poolscope {

struct WorkerSlot {
  std::jthread thread;
  std::atomic<bool> active{false};   // counted in the pool's size (not retiring)
  std::atomic<bool> running{false};  // its thread has not exited yet
};

class Pool {
 public:
  explicit Pool(EngineShared& engine) : engine_(engine) {}
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Settings arrive within their limits (Engine::apply); the clamps guard the slot arrays.
  void resize(int n);
  void resize_io(int n);
  int active_workers() const;
  void join_workers();  // at the engine's end, after every shutdown request

  // Creates the slot's recorder on first use; its ring is sized for a pool of pool_size.
  LaneRecorder& worker_recorder(int slot, int pool_size);
  // Slots ever used: recorders [0, lanes()) may exist (a null recorder: a slot never used).
  int lanes() const { return worker_lanes_.load(std::memory_order_acquire); }
  const LaneRecorder* recorder(int slot) const { return worker_recs_[std::size_t(slot)].get(); }
  const WorkerSlot& slot(int i) const { return slots_[std::size_t(i)]; }

  void close_jobs_channel();
  void close_jobs_if_producer_gone();
  bool jobs_closed() const;
  void on_producer_exit();
  // The jobs channel is closed and every worker thread has exited.
  bool workers_gone() const;

  // Senders outside the pool (spawn mode's job threads) count among the threads the results
  // wait for.
  void add_sender();
  void remove_unstarted_sender();  // its thread could not be created
  void on_sender_exit();           // the last sender out closes the results

 private:
  class Worker;  // one worker thread's loop (pool.cpp)

  void resize_slots(int first, int last, int n);
  void worker_main(int slot, std::stop_token retire);
  void on_worker_exit(WorkerSlot& me);
  void close_jobs_locked();              // pool_mutex held
  void close_results_if_senders_gone();  // pool_mutex held
  JobQueue& queue_of_slot(int slot) {
    return slot >= io_slot_base ? engine_.io_jobs : engine_.jobs;
  }

  EngineShared& engine_;
  mutable std::mutex pool_mutex;
  std::array<WorkerSlot, max_slots> slots_;
  std::array<std::unique_ptr<LaneRecorder>, max_slots> worker_recs_;
  std::atomic<int> worker_lanes_{0};  // slots ever used: recorders [0, worker_lanes_) exist
  int live_threads_ = 0;              // sender threads not yet exited (pool_mutex)
  bool jobs_closed_ = false;          // (pool_mutex)
  bool producer_done_ = false;        // the producer sends no more results (pool_mutex)
};

}  // namespace poolscope
