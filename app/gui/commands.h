// Commands: what the views ask for, collected during a frame and carried out by App after the
// views have drawn. Views never touch the engine themselves. UI-thread only.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "poolscope/scenario.h"

namespace poolscope::gui {

namespace cmd {
// Every live setting that differs from the engine's: the one command that changes a setting.
struct Apply {
  ScenarioSpec spec;
};
struct Restart {
  ScenarioSpec spec;
};                // a new run (a new Engine) of this spec
struct Reset {};  // back to the loaded scenario's settings, restarted
struct Pause {};
struct Resume {};
struct Shutdown {
  ShutdownMode mode;
};
struct LoadScenario {
  std::string path;
};
struct SaveScenario {
  std::string path;
  ScenarioSpec spec;
};
enum class ShotKind { window, timeline };
struct Screenshot {
  ShotKind kind;
};
struct SetUiScale {
  float scale;
};
// UI scale 1, presentation off, the default window size, the views live; remembered.
struct ResetLayout {};
struct StartSweep {
  std::vector<int> workers;
  float seconds_per_point;
};
struct StopSweep {};
// The rewind cursor: put at t_s (seconds since the run started), or back to the present.
struct SetCursor {
  std::optional<double> t_s;
};
// What a step of the cursor moves to: the next change of any thread or job, the next change on
// the selected row, or the next job boundary (a job started or ended) on the selected row.
enum class StepScope { any, row_change, row_job };
struct StepCursor {
  int direction;  // +1: the next one; -1: the previous one
  StepScope scope = StepScope::any;
};
// The timeline row that row steps move on (a lane), or none.
struct SelectRow {
  std::optional<int> lane;
};
struct PlayCursor {
  int direction;  // +1 forward, -1 back, 0 stop
};
struct CursorSpeed {
  double speed;  // playback at this fraction of real time, playing or not
};
// A teacher's note on the timeline at t_s (seconds since the run started), kept in the scenario.
struct AddMarker {
  double t_s;
  std::string text;
};
struct RemoveMarker {
  std::size_t index;  // in the scenario's (time-ordered) list
};
// A slide of [t0_s, t1_s] of the run, written to `path` with .svg and/or .png (2×) for the
// extension; the job queue's depth above the timeline when `depth`, the pipeline at the
// window's end above them when `pipeline`.
struct ExportSlide {
  double t0_s, t1_s;
  bool depth = true;
  bool pipeline = false;
  std::string path;  // without the extension ("screenshots/slide")
  bool svg = true, png = true;
};
}  // namespace cmd

using Command = std::variant<cmd::Apply, cmd::Restart, cmd::Reset, cmd::Pause, cmd::Resume,
                             cmd::Shutdown, cmd::LoadScenario, cmd::SaveScenario, cmd::Screenshot,
                             cmd::SetUiScale, cmd::ResetLayout, cmd::StartSweep, cmd::StopSweep,
                             cmd::SetCursor, cmd::StepCursor, cmd::SelectRow, cmd::PlayCursor,
                             cmd::CursorSpeed, cmd::AddMarker, cmd::RemoveMarker, cmd::ExportSlide>;

struct Commands {
  std::vector<Command> list;
  template <class C>
  void push(C c) {
    list.emplace_back(std::move(c));
  }
};

}  // namespace poolscope::gui
