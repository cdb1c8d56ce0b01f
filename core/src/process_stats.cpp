// The process's thread count and memory, read from /proc/self/status.
#include "process_stats.h"

#include <cstdio>
#include <cstring>
#include <memory>

namespace poolscope {

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

std::optional<ProcessSample> read_process_sample() {
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen("/proc/self/status", "r"));
  if (!f) return std::nullopt;
  ProcessSample out;
  bool any = false;
  char line[256];
  while (std::fgets(line, sizeof line, f.get())) {
    long value = 0;
    if (std::sscanf(line, "Threads: %ld", &value) == 1) {
      out.threads = static_cast<int>(value);
      any = true;
    } else if (std::sscanf(line, "VmRSS: %ld kB", &value) == 1) {
      out.rss_mb = double(value) / 1024.0;
    } else if (std::sscanf(line, "VmSize: %ld kB", &value) == 1) {
      out.vm_mb = double(value) / 1024.0;
    }
  }
  if (!any) return std::nullopt;
  return out;
}

}  // namespace poolscope
