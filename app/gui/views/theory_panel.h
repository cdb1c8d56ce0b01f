// TheoryPanel: queueing theory beside measurement, live — Little's law, M/M/c (Erlang C),
// M/M/c/K and Goetz's sizing rule — as predicted / measured / difference, with a plain note when
// a model does not apply; and the process's threads and memory (the pool-vs-spawn lesson).
// Everything shown is computed by the engine (Snapshot::theory, Snapshot::process). UI thread only.
#pragma once

#include "poolscope/snapshot.h"

namespace poolscope::gui {

class TheoryPanel {
 public:
  void Draw(const Snapshot& snap);
};

}  // namespace poolscope::gui
