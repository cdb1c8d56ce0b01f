// run_shot: a run of the scenario rendered offscreen to a PNG, with no display.
#include <chrono>
#include <cstdio>
#include <thread>

#include "host/gui_main.h"
#include "host/offscreen_ui.h"
#include "slide/slide_export.h"

namespace poolscope::gui {

namespace {

// The slide of the run recorded so far, with the scenario's markers.
int write_slide(App& app, const ShotRequest& request) {
  const Snapshot* snap = app.last_snapshot();
  if (snap == nullptr) {
    std::fprintf(stderr, "poolscope shot: --slide: the run recorded nothing\n");
    return 1;
  }
  SlideOptions options;
  options.t0_s = request.window_t0_s;
  options.t1_s = request.window_t1_s;
  options.depth = request.slide_depth;
  options.pipeline = request.slide_pipeline;
  options.title = snap->spec.title;
  options.markers = app.markers();
  int rc = 0;
  for (const std::string& path : request.slide_paths) {
    std::string error;
    if (!export_slide(*snap, options, path, error)) {
      std::fprintf(stderr, "poolscope shot: --slide: %s\n", error.c_str());
      rc = 1;
    }
  }
  return rc;
}

}  // namespace

int run_shot(const ShotRequest& request) {
  if (request.out_path.empty() && request.slide_paths.empty()) {
    std::fprintf(stderr, "poolscope shot: --out or --slide is required\n");
    return 1;
  }
  if (request.width < 64 || request.height < 64 || request.width > 8192 || request.height > 8192) {
    std::fprintf(stderr, "poolscope shot: size %dx%d is out of range (64..8192 each)\n",
                 request.width, request.height);
    return 1;
  }
  std::string error;
  AppConfig config{request.spec, request.scenario_path, request.assets_dir, true, {}};
  const auto tab = App::parse_tab(request.tab);
  if (!tab) {
    std::fprintf(
        stderr,
        "poolscope shot: --tab: \"%s\" is not one of controls, lessons, theory, sweep, code\n",
        request.tab.c_str());
    return 1;
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto ui = OffscreenUi::create(std::move(config), request.width, request.height, error);
  if (!ui) {
    std::fprintf(stderr, "poolscope shot: %s\n", error.c_str());
    return 1;
  }
  ui->app().set_presentation(request.presentation);
  ui->app().set_help_open(request.help);
  ui->app().select_tab(*tab);
  if (!request.sweep.empty()) {
    // The sweep runs on its own thread (the live run paused meanwhile); frames keep the UI
    // turning until its last point is in.
    ui->app().push_command(
        cmd::StartSweep{request.sweep, static_cast<float>(request.sweep_seconds)});
    do {
      ui->frame(1.0f / 30.0f);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } while (ui->app().sweep().running());
  }
  // Let the engine run undisturbed (rendering on llvmpipe competes for the CPU), then render a
  // few frames so that the picture is settled and shows the run at `at_s`.
  const auto settle = std::chrono::milliseconds(100);
  const auto until = t0 + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                              std::chrono::duration<double>(std::max(0.0, request.at_s)));
  if (until - settle > std::chrono::steady_clock::now())
    std::this_thread::sleep_until(until - settle);
  for (int i = 0; i < 3; ++i) {
    ui->frame(1.0f / 30.0f);
    std::this_thread::sleep_for(settle / 3);
  }
  if (!request.slide_paths.empty()) {
    // The slide needs the recording to reach its window's end (the engine started a moment
    // after t0); a finished run stops growing, and the window check says so.
    const auto covered = [&] {
      const Snapshot* s = ui->app().last_snapshot();
      return s == nullptr || s->phase == RunPhase::finished ||
             double(s->taken_ns - s->start_ns) * 1e-9 >= request.window_t1_s + 0.05;
    };
    for (int i = 0; i < 200 && !covered(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      ui->frame(1.0f / 30.0f);
    }
  }
  if (request.cursor_s >= 0) {
    // The views at an earlier instant, rebuilt from what was recorded up to at_s.
    ui->app().cursor().set(request.cursor_s);
    ui->frame(1.0f / 30.0f);
  }
  // The Theory tab's intervals are computed off the UI thread: let the one asked for arrive.
  ui->app().settle_record_analysis();
  ui->frame(1.0f / 30.0f, {}, true);
  const Image img = ui->read_all();
  if (Engine* e = ui->app().engine()) e->shutdown(ShutdownMode::abort);
  int rc = 0;
  if (!request.slide_paths.empty()) rc = write_slide(ui->app(), request);
  if (!request.out_path.empty() && !write_png(img, request.out_path, error)) {
    std::fprintf(stderr, "poolscope shot: %s\n", error.c_str());
    return 1;
  }
  return rc;
}

}  // namespace poolscope::gui
