// The engine's shared state: construction, the start gate, the end of the run, the capacity log.
#include "engine_shared.h"

#include <algorithm>

namespace poolscope {

EngineShared::EngineShared(const ScenarioSpec& spec, const EngineOptions& opts)
    : initial_spec(spec),
      options(opts),
      settings(spec),
      jobs(static_cast<std::size_t>(std::max(0, spec.buffer))),
      io_jobs(static_cast<std::size_t>(std::max(0, spec.buffer))),
      io_pool_used(spec.io_workers > 0 && spec.mode == PoolMode::pool),
      results(static_cast<std::size_t>(std::max(0, spec.effective_results_buffer()))),
      control_rec(producer_lane, 1u << 16, true),
      collector(options) {}

bool EngineShared::wait_for_start() {
  start_gate.wait(gate_closed, std::memory_order_acquire);
  return start_gate.load(std::memory_order_acquire) == gate_open;
}

void EngineShared::open_start_gate(int to) {
  int closed = gate_closed;
  if (start_gate.compare_exchange_strong(closed, to, std::memory_order_acq_rel))
    start_gate.notify_all();
}

void EngineShared::mark_thread_done() {
  {
    std::lock_guard lk(done_mutex);
    if (++threads_done < 2) return;
    end_ns.store(now_ns());
    phase.store(RunPhase::finished);
  }
  done_cv.notify_all();
}

bool EngineShared::all_done() const {
  std::lock_guard lk(done_mutex);
  return threads_done >= 2 || phase.load() == RunPhase::finished;
}

void EngineShared::log_capacity(std::int64_t t) {
  std::lock_guard lk(capacity_mutex);
  capacity_log.push_back(CapacityStep{t, static_cast<std::uint32_t>(jobs.capacity()),
                                      static_cast<std::uint32_t>(results.capacity())});
}

}  // namespace poolscope
