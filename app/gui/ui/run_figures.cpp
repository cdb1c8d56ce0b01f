// throughput_figure: the throughput a view states, and the words saying which figure it is.
#include "ui/run_figures.h"

#include <cstdio>

namespace poolscope::gui {

ThroughputFigure throughput_figure(const Snapshot& snap) {
  ThroughputFigure f;
  char buf[160];
  if (snap.phase == RunPhase::finished && snap.elapsed_s > 0) {
    f.per_s = double(snap.counters.completed) / snap.elapsed_s;
    std::snprintf(buf, sizeof buf, "%.1f/s · whole run", f.per_s);
    f.value = buf;
    std::snprintf(buf, sizeof buf, "%llu jobs completed / %.2f s run = %.2f per second",
                  static_cast<unsigned long long>(snap.counters.completed), snap.elapsed_s,
                  f.per_s);
    f.detail = buf;
    return f;
  }
  f.per_s = snap.throughput_window_per_s;
  std::snprintf(buf, sizeof buf, "%.1f/s", f.per_s);
  f.value = buf;
  std::snprintf(buf, sizeof buf, "completed in the last second; %.1f/s over the run so far",
                snap.throughput_per_s);
  f.detail = buf;
  return f;
}

}  // namespace poolscope::gui
