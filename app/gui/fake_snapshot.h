// A fabricated, self-consistent Snapshot (timeline, series, counters, worker views) for tests,
// for bench-ui and for developing views without a running engine. Deterministic for a seed.
#pragma once

#include <cstdint>
#include <memory>

#include "poolscope/snapshot.h"

namespace poolscope::gui {

struct FakeOptions {
  int workers = 8;
  std::int64_t segments = 20'000;  // timeline segments over all worker lanes ("events" in bench-ui)
  double duration_s = 10.0;        // the run so far: segments cover [0, duration_s]
  int buffer = 16;
  std::uint64_t seed = 1;
};

std::shared_ptr<const Snapshot> make_fake_snapshot(const FakeOptions& options);

}  // namespace poolscope::gui
