// run_bench_ui: frame times of the whole UI over a fabricated, crowded timeline.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "fake_snapshot.h"
#include "host/gui_main.h"
#include "host/offscreen_ui.h"

namespace poolscope::gui {
namespace {

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(q * double(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

}  // namespace

int run_bench_ui(const BenchUiRequest& request) {
  if (request.workers < 1 || request.events < 0 || request.frames < 1) {
    std::fprintf(stderr, "poolscope bench-ui: workers, events and frames must be positive\n");
    return 1;
  }
  constexpr double duration_s = 60.0;
  FakeOptions fake;
  fake.workers = request.workers;
  fake.segments = request.events;
  fake.duration_s = duration_s;
  auto snap = make_fake_snapshot(fake);

  std::string error;
  AppConfig config{snap->spec, {}, {}, false, {}};
  auto ui = OffscreenUi::create(std::move(config), request.width, request.height, error);
  if (!ui) {
    std::fprintf(stderr, "poolscope bench-ui: %s\n", error.c_str());
    return 1;
  }
  App& app = ui->app();
  app.use_fixed_snapshot(snap);
  TimeAxis& axis = app.time_axis();
  std::vector<double> ms;
  ms.reserve(static_cast<std::size_t>(request.frames));
  constexpr int warmup = 5;
  for (int i = -warmup; i < request.frames; ++i) {
    // Everything in view, panning by a hair each frame as a live view does.
    axis.live = false;
    axis.span_s = duration_s;
    axis.end_s = duration_s + 0.01 * (i % 20);
    const auto a = std::chrono::steady_clock::now();
    ui->frame(1.0f / 60.0f, {}, true);
    const auto b = std::chrono::steady_clock::now();
    if (i >= 0) ms.push_back(std::chrono::duration<double, std::milli>(b - a).count());
  }
  const double p50 = percentile(ms, 0.50), p95 = percentile(ms, 0.95);
  if (std::getenv("POOLSCOPE_BENCH_DEBUG") != nullptr) {  // what the last frame drew
    const ImDrawData* dd = ImGui::GetDrawData();
    int cmds = 0;
    for (int i = 0; i < dd->CmdListsCount; ++i) cmds += dd->CmdLists[i]->CmdBuffer.Size;
    const auto& st = app.timeline_view().last_frame();
    std::fprintf(stderr,
                 "vertices %d, indices %d, draw calls %d; timeline: rows %zu, lod steps %zu, "
                 "items %zu (%zu merged)\n",
                 dd->TotalVtxCount, dd->TotalIdxCount, cmds, st.rows_drawn, st.segments_visited,
                 st.items_drawn, st.merged_items);
  }
  if (request.json) {
    std::printf("{\"frame_ms\":{\"p50\":%.3f,\"p95\":%.3f}}\n", p50, p95);
  } else {
    std::printf("frame_ms p50 %.2f p95 %.2f\n", p50, p95);
  }
  return 0;
}

}  // namespace poolscope::gui
