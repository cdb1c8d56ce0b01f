// The GUI's subcommands on the command line: `shot` and `bench-ui` options and checks, and the
// window; each resolves its request and hands it to the GUI (or says this build has none).
#include "cli/gui_commands.h"

#include <atomic>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <utility>

#include "cli/exports.h"
#include "cli/option_values.h"
#include "cli/signal_watcher.h"
#include "poolscope/printable.h"
#include "poolscope/sweep.h"

namespace poolscope::cli {

namespace {

// "WxH" -> width, height; false when malformed or out of 64..8192.
bool parse_size(const std::string& s, int& w, int& h) {
  const auto x = s.find('x');
  if (x == std::string::npos) return false;
  try {
    std::size_t used = 0;
    w = std::stoi(s.substr(0, x), &used);
    if (used != x) return false;
    h = std::stoi(s.substr(x + 1), &used);
    if (used != s.size() - x - 1) return false;
  } catch (const std::exception&) {
    return false;
  }
  return w >= 64 && w <= 8192 && h >= 64 && h <= 8192;
}

// "1.0..2.5" -> 1.0, 2.5; false when it is not two plain numbers around "..".
bool parse_window(const std::string& s, double& t0, double& t1) {
  const auto dots = s.find("..");
  if (dots == std::string::npos) return false;
  const auto number = [](const std::string& text, double& out) {
    if (text.empty() || text.find_first_of(" \t") != std::string::npos) return false;
    try {
      std::size_t used = 0;
      out = std::stod(text, &used);
      return used == text.size() && std::isfinite(out);
    } catch (const std::exception&) {
      return false;
    }
  };
  return number(s.substr(0, dots), t0) && number(s.substr(dots + 2), t1);
}

[[maybe_unused]] int no_gui(const char* what) {
  std::cerr << "poolscope: " << what << " needs the GUI, which this build leaves out "
            << "(configured with -DPOOLSCOPE_GUI=OFF)\n";
  return 2;
}

// True when the command line set any scenario key (--workers, --buffer, ...).
[[maybe_unused]] bool any_setting_given(const RunOptions& run) {
  const auto any = [](const auto& values) {
    for (const auto& [key, value] : values)
      if (value) return true;
    return false;
  };
  return any(run.reals) || any(run.wholes) || any(run.unsigned_wholes) || any(run.names);
}

}  // namespace

std::string default_size() {
  return std::to_string(gui::kDefaultWidth) + "x" + std::to_string(gui::kDefaultHeight);
}

void add_shot_command(CLI::App& app, ShotCommand& cmd, CLI::App*& sub) {
  sub = app.add_subcommand("shot",
                           "Run a scenario and render the UI offscreen to a PNG (no display)");
  add_run_options(*sub, cmd.run);
  add_number(*sub, "--at", cmd.request.at_s, {0, 3600, false, false, " seconds"},
             "Seconds of the run to show (default: the scenario's show_at, when the lesson "
             "shows its point)");
  add_number(*sub, "--cursor", cmd.request.cursor_s, {0, 3600, false, false, " seconds"},
             "Rewind the views to this instant (at most --at): the pipeline, accounting and code "
             "as they were then, the cursor drawn on the timeline");
  add_text(*sub, "--out", cmd.request.out_path, "PNG file to write (its directory must exist)",
           "a PNG file path");
  add_text(*sub, "--size", cmd.size, "Image size WxH (default " + default_size() + ")",
           "a size WxH");
  sub->add_flag("--presentation", cmd.request.presentation,
                "Presentation mode: large text, high contrast");
  sub->add_flag("--help-overlay", cmd.request.help, "Show the keyboard-shortcut overlay");
  sub->add_option("--tab", cmd.request.tab, "Controls column tab to show")
      ->check(CLI::IsMember({"controls", "lessons", "theory", "sweep", "code"}));
  add_text(*sub, "--sweep", cmd.sweep,
           "Run a sizing sweep at these worker counts (1,2,4 or 1..16) before the picture; "
           "shows the sweep tab",
           "a list like 1,2,4,8 or a range like 1..64");
  sub->add_option("--slide", cmd.request.slide_paths,
                  "Write a slide of the timeline for --window: .svg (vector) or .png (2x), with "
                  "a title, the legend, the time axis and the scenario's markers; no UI. May be "
                  "given twice (both from the same run)")
      ->type_name("a .svg or .png file path");
  add_text(*sub, "--window", cmd.window,
           "The slide's time window START..END in seconds of the run, e.g. 1.0..2.5 (the run "
           "goes on until END unless --at says longer)",
           "a window START..END like 1.0..2.5");
  sub->add_flag("--slide-no-depth", cmd.slide_no_depth,
                "Leave the job queue's depth graph out of the slide (the timeline only)");
  sub->add_flag("--slide-pipeline", cmd.request.slide_pipeline,
                "Put the pipeline (producer, queues, workers, consumer) as it was at the "
                "window's end at the top of the slide");
  add_number(*sub, "--sweep-seconds", cmd.request.sweep_seconds,
             {0.1, 60, false, false, " seconds"}, "Each sweep point runs this long (default 1)");
}

void add_bench_ui_command(CLI::App& app, BenchUiCommand& cmd, CLI::App*& sub) {
  sub = app.add_subcommand("bench-ui",
                           "Render frames of a large timeline offscreen; print frame times");
  add_number(*sub, "--workers", cmd.request.workers, key_rule("workers"), "Worker rows");
  add_number(*sub, "--events", cmd.request.events, {1, 1e8, true, false, {}},
             "Events in the timeline");
  add_number(*sub, "--frames", cmd.request.frames, {1, 100000, true, false, {}},
             "Frames to render");
  add_text(*sub, "--size", cmd.size, "Frame size WxH (default " + default_size() + ")",
           "a size WxH");
  sub->add_flag("--json", cmd.request.json, "Print {\"frame_ms\":{\"p50\":..,\"p95\":..}}");
}

int execute_shot([[maybe_unused]] const ShotCommand& cmd) {
  std::string error;
  auto spec = resolve_spec(cmd.run, error);
  if (!spec) {
    std::cerr << "poolscope shot: " << error << "\n";
    return 2;
  }
  gui::ShotRequest req = cmd.request;
  req.slide_depth = !cmd.slide_no_depth;
  if (req.out_path.empty() && req.slide_paths.empty()) {
    std::cerr << "poolscope shot: --out or --slide is required (the file to write)\n";
    return 2;
  }
  if (req.slide_paths.empty() && (cmd.slide_no_depth || req.slide_pipeline)) {
    std::cerr << "poolscope shot: "
              << (cmd.slide_no_depth ? "--slide-no-depth" : "--slide-pipeline")
              << " shapes a slide: give --slide and --window too\n";
    return 2;
  }
  if (req.slide_paths.empty() != cmd.window.empty()) {
    std::cerr << "poolscope shot: --slide and --window go together (the slide shows the "
                 "window START..END of the run)\n";
    return 2;
  }
  if (!cmd.window.empty()) {
    if (!parse_window(cmd.window, req.window_t0_s, req.window_t1_s)) {
      std::cerr << "poolscope shot: --window: " << printable_quoted(cmd.window)
                << " is not START..END in seconds (like 1.0..2.5)\n";
      return 2;
    }
    if (req.window_t0_s < 0 || req.window_t1_s > 3600) {
      std::cerr << "poolscope shot: --window: " << printable_quoted(cmd.window)
                << " is outside the run (allowed 0..3600 seconds)\n";
      return 2;
    }
    if (req.window_t1_s <= req.window_t0_s) {
      std::cerr << "poolscope shot: --window: " << printable_quoted(cmd.window)
                << " ends before it starts (END must be after START)\n";
      return 2;
    }
    for (const std::string& path : req.slide_paths) {
      const std::string ext = std::filesystem::path(path).extension().string();
      if (path.empty() || (ext != ".svg" && ext != ".png" && ext != ".SVG" && ext != ".PNG")) {
        std::cerr << "poolscope shot: --slide: " << printable_quoted(path)
                  << " does not end in .svg or .png (the slide's format is taken from it)\n";
        return 2;
      }
    }
    // The run goes on until the window's end (or --at, when that is later).
    if (req.at_s < 0) req.at_s = req.window_t1_s;
    if (req.window_t1_s > req.at_s) {
      std::cerr << "poolscope shot: --window: " << printable_quoted(cmd.window)
                << " ends after --at " << req.at_s
                << " (the slide shows what was recorded by then)\n";
      return 2;
    }
  }
  if (req.at_s < 0) req.at_s = spec->show_at.value_or(-1.0);
  if (req.at_s < 0) {
    std::cerr << "poolscope shot: --at is required (the scenario has no show_at)\n";
    return 2;
  }
  if (req.cursor_s > req.at_s) {
    std::cerr << "poolscope shot: --cursor " << req.cursor_s << " is after --at " << req.at_s
              << " (the cursor rewinds to an instant already recorded)\n";
    return 2;
  }
  if (!parse_size(cmd.size, req.width, req.height)) {
    std::cerr << "poolscope shot: --size: " << printable_quoted(cmd.size)
              << " is not WxH with 64..8192 each\n";
    return 2;
  }
  if (!cmd.sweep.empty()) {
    const auto list = parse_worker_list(cmd.sweep, error);
    if (!list) {
      std::cerr << "poolscope shot: --sweep" << error.substr(error.find(':')) << "\n";
      return 2;
    }
    req.sweep = *list;
    if (req.tab == "controls") req.tab = "sweep";
  }
  // Before the run, not after --at seconds of it.
  if (!req.out_path.empty()) {
    if (error = check_writable(req.out_path); !error.empty()) {
      std::cerr << "poolscope shot: --out: " << error << "\n";
      return 1;
    }
  }
  for (const std::string& path : req.slide_paths) {
    if (error = check_writable(path); !error.empty()) {
      std::cerr << "poolscope shot: --slide: " << error << "\n";
      return 1;
    }
  }
#ifdef POOLSCOPE_HAS_GUI
  req.spec = std::move(*spec);
  req.scenario_path = cmd.run.scenario;
  return gui::run_shot(req);
#else
  return no_gui("shot");
#endif
}

int execute_bench_ui([[maybe_unused]] const BenchUiCommand& cmd) {
  gui::BenchUiRequest req = cmd.request;
  if (!parse_size(cmd.size, req.width, req.height)) {
    std::cerr << "poolscope bench-ui: --size: " << printable_quoted(cmd.size)
              << " is not WxH with 64..8192 each\n";
    return 2;
  }
#ifdef POOLSCOPE_HAS_GUI
  return gui::run_bench_ui(req);
#else
  return no_gui("bench-ui");
#endif
}

int execute_window([[maybe_unused]] const RunOptions& run,
                   [[maybe_unused]] const std::string& assets_dir,
                   [[maybe_unused]] SignalWatcher& signals) {
  RunOptions with_default = run;
  if (with_default.scenario.empty()) {
    const auto seed = std::filesystem::path(assets_dir) / "scenarios" / "seed.json";
    if (std::filesystem::exists(seed)) with_default.scenario = seed.string();
  }
  std::string error;
  auto spec = resolve_spec(with_default, error);
  if (!spec) {
    std::cerr << "poolscope: " << error << "\n";
    return 2;
  }
#ifdef POOLSCOPE_HAS_GUI
  std::atomic<bool> stop{false};
  const auto handling = signals.handle([&stop](int) { stop.store(true); });
  gui::WindowRequest req;
  req.spec = *spec;
  req.scenario_path = with_default.scenario;
  req.scenario_given = !run.scenario.empty() || any_setting_given(run);
  req.assets_dir = assets_dir;
  req.stop_requested = &stop;
  const int rc = gui::run_window(req);
  return signals.exit_status(rc);
#else
  return no_gui("the window");
#endif
}

}  // namespace poolscope::cli
