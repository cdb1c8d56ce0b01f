// The panel rectangles for a display size and UI scale, and the lesson graph's room under the
// timeline.
#include "layout.h"

#include <algorithm>
#include <cmath>

namespace poolscope::gui {

namespace {
// Below this width (at UI scale 1) the pipeline cannot show the queue and the workers.
constexpr float pipeline_min_w = 480.0f;
}  // namespace

Layout compute_layout(ImVec2 display, float s) {
  const float m = std::round(5.0f * s);  // margin between panels
  const float W = std::max(display.x, 320.0f), H = std::max(display.y, 240.0f);
  const float left_w = std::round(std::clamp(W * 0.22f, 300.0f * s, 400.0f * s));
  const float rx = left_w + 2 * m;
  const float rw = W - rx - m;

  const float pipe_h = std::round(std::clamp(H * 0.27f, 236.0f * s, 290.0f * s));
  // The timeline needs the height most (a row per worker): the graphs above and below it give
  // way first.
  const float thr_h = std::round(std::clamp(H * 0.20f, 130.0f * s, 250.0f * s));
  const float mid_top = m + pipe_h + m;
  const float mid_h = H - mid_top - m - thr_h - m;
  const float queue_h = std::round(std::clamp(mid_h * 0.22f, 84.0f * s, 160.0f * s));
  const float stats_w = std::round(std::clamp(rw * 0.34f, 330.0f * s, 460.0f * s));

  Layout l;
  l.controls = {ImVec2(m, m), ImVec2(left_w, H - 2 * m)};
  l.pipeline = {ImVec2(rx, m), ImVec2(rw - stats_w - m, pipe_h)};
  l.stats = {ImVec2(rx + rw - stats_w, m), ImVec2(stats_w, pipe_h)};
  // A narrow window (a 1024-wide projector) has no room for the pipeline's five columns beside
  // the stats: the stats go under the controls, and the pipeline takes the whole row.
  if (l.pipeline.size.x < pipeline_min_w * s) {
    const float stats_h = std::min(pipe_h, std::round(H * 0.4f));
    l.controls.size.y = H - 3 * m - stats_h;
    l.stats = {ImVec2(m, H - m - stats_h), ImVec2(left_w, stats_h)};
    l.pipeline.size.x = rw;
  }
  l.queue = {ImVec2(rx, mid_top), ImVec2(rw, queue_h)};
  l.timeline = {ImVec2(rx, mid_top + queue_h + m), ImVec2(rw, mid_h - queue_h - m)};
  l.throughput = {ImVec2(rx, H - m - thr_h), ImVec2(rw, thr_h)};
  return l;
}

Layout with_lesson_graph(Layout l, float s) {
  // Right under the timeline (the same time axis), taken from the throughput graphs: the
  // timeline keeps its rows (a dynamic pool may have many).
  const float m = std::round(5.0f * s);
  const float h =
      std::round(std::max(60.0f * s, std::min(l.queue.size.y, l.throughput.size.y - 110.0f * s)));
  l.lesson_graph = {l.throughput.pos, ImVec2(l.throughput.size.x, h)};
  l.throughput.pos.y += h + m;
  l.throughput.size.y -= h + m;
  return l;
}

Layout with_limit_graph(Layout l, float s) {
  const float m = std::round(5.0f * s);
  const float h = std::round(std::clamp(l.timeline.size.y * 0.32f, 100.0f * s, 200.0f * s));
  if (l.timeline.size.y - h - m >= 260.0f * s) {
    l.lesson_graph = {ImVec2(l.timeline.pos.x, l.timeline.pos.y + l.timeline.size.y - h),
                      ImVec2(l.timeline.size.x, h)};
    l.timeline.size.y -= h + m;
    return l;
  }
  // A short window (presentation mode at 1440x900): the limit graph is the lesson, so the
  // throughput graphs give what they can spare and the timeline's rows the rest, each down to
  // a floor, rather than squeezing the limit into a strip.
  const float from_throughput = std::clamp(l.throughput.size.y - 90.0f * s, 0.0f, h + m);
  const float from_timeline =
      std::min(h + m - from_throughput, std::max(0.0f, l.timeline.size.y - 200.0f * s));
  const float got = from_throughput + from_timeline - m;
  if (got < 80.0f * s) return with_lesson_graph(l, s);
  l.timeline.size.y -= from_timeline;
  l.lesson_graph = {ImVec2(l.timeline.pos.x, l.timeline.pos.y + l.timeline.size.y + m),
                    ImVec2(l.timeline.size.x, got)};
  l.throughput.pos.y += from_throughput;
  l.throughput.size.y -= from_throughput;
  return l;
}

}  // namespace poolscope::gui
