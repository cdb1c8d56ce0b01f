// RewindCursor: the time cursor. Unset, the views show the present (live, or the frozen picture);
// set, the views that show an instant (pipeline, accounting, code, findings) show that instant
// rebuilt from the recorded events, while the engine keeps running. Plays back from the cursor,
// forward or back, at a fraction of real time, and steps from change to change. UI thread only.
#pragma once

#include <memory>
#include <optional>

#include "commands.h"
#include "poolscope/rewind.h"
#include "poolscope/snapshot.h"

namespace poolscope::gui {

class RewindCursor {
 public:
  bool active() const { return at_s_.has_value(); }
  std::optional<double> at_s() const { return at_s_; }
  // Puts the cursor at t_s (seconds since the run started) and stops playback there.
  void set(double t_s);
  // Back to the present (the "Live" button, key L).
  void clear();

  // Playback: `direction` +1 forward, -1 back; speed is a fraction of real time.
  void play(int direction);
  void stop() { direction_ = 0; }
  int direction() const { return direction_; }
  double speed() const { return speed_; }
  void set_speed(double s) { speed_ = s; }

  // The timeline row that row steps move on (a lane); kept until another is selected.
  void select_row(std::optional<Lane> lane) { row_ = lane; }
  std::optional<Lane> row() const { return row_; }

  // Moves to the next (+1) or previous (-1) change of any thread or job, or, with a row
  // selected, the row's next change or job boundary (without one, a row step is a plain step).
  // From the present, the first step back lands on the recording's last change.
  void step(const std::shared_ptr<const Snapshot>& record, int direction, double now_s,
            cmd::StepScope scope = cmd::StepScope::any);

  // Advances playback by `dt_s` of real time, and returns the picture at the cursor (nullptr
  // when the cursor is unset or the record has no timeline). The rebuild from `record` is
  // cached: a running engine's record is rebuilt at most a few times a second.
  const Snapshot* update(const std::shared_ptr<const Snapshot>& record, double dt_s, double now_s);

  // The cursor lies before what the rolling window still holds: the picture is partial.
  bool before_window() const { return before_window_; }

 private:
  const Rewind* rewind_for(const std::shared_ptr<const Snapshot>& record, double now_s);

  std::optional<double> at_s_;
  std::optional<Lane> row_;
  int direction_ = 0;
  double speed_ = 0.25;
  std::shared_ptr<const Snapshot> record_;  // what rewind_ was built from
  std::unique_ptr<Rewind> rewind_;
  double built_at_s_ = -1.0;  // UI clock when rewind_ was built
  std::optional<Snapshot> picture_;
  double picture_at_s_ = -1.0;
  const Snapshot* picture_record_ = nullptr;
  bool before_window_ = false;
};

}  // namespace poolscope::gui
