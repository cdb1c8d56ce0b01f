// Collector: turns the lanes' raw events into the rolling timeline window (segments in shared
// immutable blocks, plus instant marks), and keeps the sampled queue-depth statistics and the
// graph series. Owned by one thread at a time (the engine's collector thread, or a caller holding
// the engine's collector mutex); not thread-safe by itself.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "poolscope/engine.h"
#include "poolscope/snapshot.h"
#include "poolscope/timeline.h"
#include "recorder.h"
#include "rolling_blocks.h"

namespace poolscope {

class Collector {
 public:
  explicit Collector(const EngineOptions& options) : options_(options) {}

  void set_segments_per_lane(std::size_t n) { segments_per_lane_ = n; }
  // Reads what `rec` recorded since last time into its lane's window.
  void drain(const LaneRecorder& rec, const std::string& lane_name);
  // Shutdown cancellations, recorded outside any lane: marks only.
  void drain_marks_only(const LaneRecorder& rec);
  // Spawn mode's job threads (one shared recorder, no lane): each job's start and end.
  void drain_spawned(const LaneRecorder& rec);

  // Queue depth, sampled about 1000 times a second.
  // While paused, the time counts toward neither the mean depth nor the worker-seconds.
  void sample_depth(std::int64_t t_ns, std::size_t depth, std::size_t capacity, int workers,
                    bool paused);
  double mean_depth() const {
    return depth_time_ns_ > 0 ? depth_area_ / double(depth_time_ns_) : 0.0;
  }
  std::size_t max_depth() const { return max_depth_; }
  double worker_seconds() const { return worker_ns_ / 1e9; }
  // Depth changes (t_ns, depth), bounded: the trace's counter track.
  const std::deque<std::pair<std::int64_t, std::uint32_t>>& depth_log() const { return depth_log_; }
  // Deepest sample since the last call (for the next graph point).
  std::size_t take_interval_max_depth();

  void add_series_point(const SeriesPoint& p);
  const std::deque<SeriesPoint>& series() const { return series_; }

  // Moves the depth readings gathered by drain() and sample_depth() into the time-ordered depth
  // steps, up to `settled_ns` (later ones may still be joined by readings from lanes not yet
  // drained); call after draining every lane.
  void commit_depth(std::int64_t settled_ns);

  std::shared_ptr<TimelineData> timeline(std::int64_t start_ns, std::int64_t now_ns) const;
  const std::deque<Mark>& marks() const { return marks_; }
  std::uint64_t lost_events() const { return lost_events_; }
  // What fell out of the rolling windows (segments, marks, depth changes), for a trace's count.
  std::uint64_t dropped_segments() const { return dropped_segments_; }
  std::uint64_t dropped_marks() const { return dropped_marks_; }
  std::uint64_t dropped_depth_changes() const { return dropped_depth_changes_; }

 private:
  struct LaneWindow {
    bool used = false;
    std::string name;
    std::uint64_t cursor = 0;
    bool open = false;
    Segment current;
    RollingBlocks<SegmentBlock, &SegmentBlock::segments> segments;
    std::vector<std::pair<std::int64_t, std::int64_t>> lives;  // worker thread lifetimes
    std::optional<Event> open_run;  // a run of jobs whose end was not yet read (event_runs.h)
  };
  // Submissions or results taken, kept like the lanes' segments.
  using InstantLog = RollingBlocks<InstantBlock, &InstantBlock::items>;
  void append_instant(InstantLog& log, const Event& e);
  LaneWindow& window(Lane lane);
  void apply(LaneWindow& w, const Event& e);
  void open(LaneWindow& w, std::int64_t t, SegmentState s, std::uint64_t job);
  void close(LaneWindow& w, std::int64_t t, JobOutcome outcome = JobOutcome::none);
  void append(LaneWindow& w, const Segment& s);
  void add_mark(const Event& e);

  EngineOptions options_;
  std::size_t segments_per_lane_ = 200'000;
  std::vector<LaneWindow> lanes_;
  std::uint64_t control_cursor_ = 0;  // drain_marks_only's read position
  std::deque<Mark> marks_;
  std::vector<Event> scratch_;
  std::uint64_t lost_events_ = 0;
  std::uint64_t dropped_segments_ = 0;
  std::uint64_t dropped_marks_ = 0;
  std::uint64_t dropped_depth_changes_ = 0;
  InstantLog submits_, consumed_;
  std::uint64_t spawn_cursor_ = 0;  // drain_spawned's read position
  RollingBlocks<SpawnedBlock, &SpawnedBlock::runs> spawned_;
  std::unordered_map<std::uint64_t, std::int64_t> spawned_running_;  // job -> its thread's start
  std::int64_t complete_from_ns_ = 0;  // records older than this were dropped from the window

  std::int64_t last_sample_ns_ = 0;
  double depth_area_ = 0.0;
  std::int64_t depth_time_ns_ = 0;
  double worker_ns_ = 0.0;
  std::size_t max_depth_ = 0;
  std::size_t interval_max_depth_ = 0;
  std::size_t last_depth_ = static_cast<std::size_t>(-1);
  std::deque<std::pair<std::int64_t, std::uint32_t>> depth_log_;
  std::deque<SeriesPoint> series_;

  // Queue depth steps: committed blocks (copy-on-write tail, like the lanes' segments) and the
  // readings not yet settled, unordered.
  void append_depth(const DepthStep& step);
  RollingBlocks<DepthBlock, &DepthBlock::steps> depth_steps_;
  std::vector<DepthStep> depth_pending_;
};

}  // namespace poolscope
