// Entry points of the GUI front end, called by the poolscope CLI: the live window, an offscreen
// screenshot of a run (no display needed) and the UI frame-time benchmark. The requests are plain
// data on core types only, so the CLI fills them even in a build without the GUI.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "poolscope/scenario.h"

namespace poolscope::gui {

// The window's size when the screen has room, and the size `shot` and `bench-ui` render at.
inline constexpr int kDefaultWidth = 1600;
inline constexpr int kDefaultHeight = 1000;

struct WindowRequest {
  ScenarioSpec spec;
  std::string scenario_path;  // where `spec` came from, if anywhere (shown, and used by Reset)
  std::string assets_dir;     // the data directory: holds scenarios/*.json for the picker
  // The command line named a scenario or a setting: it wins over the remembered last scenario.
  bool scenario_given = false;
  // Set by the caller's signal watcher; the window polls it every frame and closes within ~0.2 s.
  const std::atomic<bool>* stop_requested = nullptr;
};
// Opens the window with `spec` running; returns the process exit code.
int run_window(const WindowRequest& request);

struct ShotRequest {
  ScenarioSpec spec;
  std::string scenario_path;
  std::string assets_dir;  // the data directory: holds scenarios/*.json for the lessons tab
  double at_s = -1.0;      // seconds of the run to show; < 0: not given (the CLI takes show_at)
  double cursor_s = -1.0;  // the rewind cursor's instant (<= at_s); < 0: none, the present
  std::string out_path;
  int width = kDefaultWidth;
  int height = kDefaultHeight;
  bool presentation = false;  // presentation mode: large text, high contrast
  bool help = false;          // the keyboard-shortcut overlay open
  std::string tab =
      "controls";  // the controls column's tab: controls, lessons, theory, sweep, code
  // A sizing sweep of the spec at these worker counts, run to its end before the picture is
  // taken (empty: none), each point for sweep_seconds.
  std::vector<int> sweep;
  double sweep_seconds = 1.0;
  // Slides of the timeline (each SVG or PNG by its extension; empty: none), all from the same
  // run, over [window_t0_s, window_t1_s], with the job queue's depth above unless slide_depth
  // is off, and the pipeline at the window's end above that with slide_pipeline.
  std::vector<std::string> slide_paths;
  double window_t0_s = -1.0, window_t1_s = -1.0;
  bool slide_depth = true;
  bool slide_pipeline = false;
};
// Runs the engine for at_s seconds, renders the window's UI offscreen (EGL surfaceless, no
// display), writes a PNG (out_path, when given) and the slides (slide_paths), aborts the engine. 0
// on success; otherwise prints why and returns 1.
int run_shot(const ShotRequest& request);

struct BenchUiRequest {
  int workers = 64;
  std::int64_t events = 1'000'000;
  int frames = 200;
  bool json = false;
  int width = kDefaultWidth;
  int height = kDefaultHeight;
};
// Renders `frames` offscreen frames of a fabricated timeline (`events` events over `workers` rows,
// all in view) and prints "frame_ms p50 X p95 Y", or {"frame_ms":{"p50":X,"p95":Y}} with json.
int run_bench_ui(const BenchUiRequest& request);

}  // namespace poolscope::gui
