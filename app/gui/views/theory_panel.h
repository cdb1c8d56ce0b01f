// TheoryPanel: queueing theory beside measurement, live — Little's law, M/M/c (Erlang C),
// M/M/c/K and Goetz's sizing rule — as predicted / measured / difference, with a plain note when
// a model does not apply; and the process's threads and memory (the pool-vs-spawn lesson).
// Everything shown is computed by core (Snapshot::theory, Snapshot::process, and the models held
// against the run's 95% intervals, TheoryCheck). A model agrees only when its prediction lies
// inside the interval, drawn as a band. UI thread only.
#pragma once

#include <string>
#include <vector>

#include "poolscope/snapshot.h"
#include "poolscope/theory_check.h"

namespace poolscope::gui {

class TheoryPanel {
 public:
  // check: the models against the run's intervals; nullptr while not computed.
  void Draw(const Snapshot& snap, const TheoryCheck* check = nullptr);

  // What the last frame drew of each interval band, in screen pixels (for tests: the picture
  // must say what core says).
  struct Strip {
    std::string name;
    float x_lo = 0, x_hi = 0, x_mean = 0, y0 = 0, y1 = 0;  // the band, and the mean's line
    struct Mark {
      float x = 0;
      bool agrees = false;  // drawn as agreeing (green)
      double value = 0;
    };
    std::vector<Mark> marks;
  };
  const std::vector<Strip>& last_strips() const { return strips_; }

 private:
  std::vector<Strip> strips_;
};

}  // namespace poolscope::gui
