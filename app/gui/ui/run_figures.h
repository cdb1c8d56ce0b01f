// Figures several views state and must state alike. Throughput: while a run goes on, the last
// second's rate; once it has ended, its jobs over its whole span (a 5-job run of 2 s did 2.5 jobs
// a second, whatever its last second looked like), and the words say which one it is.
#pragma once

#include <string>

#include "poolscope/snapshot.h"

namespace poolscope::gui {

struct ThroughputFigure {
  double per_s = 0;
  std::string value;   // "4.6/s", or "2.5/s · whole run" for a finished run
  std::string detail;  // a sentence for a tooltip or a wide panel
};
ThroughputFigure throughput_figure(const Snapshot& snap);

}  // namespace poolscope::gui
