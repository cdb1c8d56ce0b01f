// The process's own thread count and memory, read from /proc/self/status (Linux), for the
// pool-vs-spawn lesson. Thread-safe (reads a file; no state).
#pragma once

#include <optional>

namespace poolscope {

struct ProcessSample {
  int threads = 0;
  double rss_mb = 0.0;  // VmRSS: resident memory
  double vm_mb = 0.0;   // VmSize: address space (every thread reserves its stack here)
};

// Nothing when /proc is unavailable.
std::optional<ProcessSample> read_process_sample();

}  // namespace poolscope
