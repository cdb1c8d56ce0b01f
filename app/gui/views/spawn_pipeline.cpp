// draw_spawn_columns: the pipeline's queue and workers columns in spawn mode (no queue, one cell
// per job thread alive out of the spawn cap).
#include "views/spawn_pipeline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/palette.h"

namespace poolscope::gui {
namespace {

void centered(ImDrawList* dl, ImVec2 c, ImU32 color, const char* text) {
  const ImVec2 ts = ImGui::CalcTextSize(text);
  dl->AddText(ImVec2(c.x - ts.x * 0.5f, c.y - ts.y * 0.5f), color, text);
}

}  // namespace

void draw_spawn_columns(ImDrawList* dl, ImVec2 queue_min, ImVec2 queue_max, ImVec2 threads_min,
                        ImVec2 threads_max, const Snapshot& snap) {
  const float line_h = ImGui::GetTextLineHeight();
  const ProcessView& p = snap.process;
  // The queue column: nothing waits here, every job goes straight to a thread of its own.
  {
    const float cx = (queue_min.x + queue_max.x) * 0.5f;
    const float cy = (queue_min.y + queue_max.y) * 0.5f;
    dl->PushClipRect(queue_min, queue_max, true);
    centered(dl, ImVec2(cx, queue_min.y + line_h * 0.5f), colors::text, "No job queue");
    centered(dl, ImVec2(cx, cy - line_h * 0.1f), colors::text_dim, "each job gets");
    centered(dl, ImVec2(cx, cy + line_h * 0.9f), colors::text_dim, "a new thread");
    dl->PopClipRect();
  }
  // The threads column: one cell per thread the cap allows, filled for each one alive.
  char caption[96];
  std::snprintf(caption, sizeof caption, "Job threads %d / cap %d", p.spawned_live, p.spawn_cap);
  const float cx = (threads_min.x + threads_max.x) * 0.5f;
  dl->PushClipRect(threads_min, threads_max, true);
  centered(dl, ImVec2(cx, threads_min.y + line_h * 0.5f),
           p.spawn_cap > 0 && p.spawned_live >= p.spawn_cap ? colors::blocked : colors::text,
           caption);
  const int cells = std::max(1, p.spawn_cap);
  const ImVec2 a(threads_min.x, threads_min.y + line_h * 1.4f);
  const ImVec2 b(threads_max.x, threads_max.y - line_h * 1.3f);
  const float w = b.x - a.x, h = b.y - a.y;
  if (w > 8 && h > 8) {
    // Square cells, as large as fit.
    const float cell = std::sqrt(w * h / float(cells));
    int cols = std::max(1, static_cast<int>(std::floor(w / cell)));
    int rows = (cells + cols - 1) / cols;
    while (float(rows) * (w / float(cols)) > h && cols < cells) {
      ++cols;
      rows = (cells + cols - 1) / cols;
    }
    const float size = std::min(w / float(cols), h / float(rows));
    const float ox = cx - size * float(cols) * 0.5f;
    const float gap = size >= 4.0f ? 1.0f : 0.0f;
    for (int i = 0; i < cells; ++i) {
      const float x = ox + float(i % cols) * size, y = a.y + float(i / cols) * size;
      dl->AddRectFilled(ImVec2(x, y), ImVec2(x + size - gap, y + size - gap),
                        i < p.spawned_live ? colors::running : colors::empty_slot);
    }
  }
  std::snprintf(caption, sizeof caption, "peak %d · %.0f MB", p.spawned_peak, p.rss_mb);
  centered(dl, ImVec2(cx, threads_max.y - line_h * 0.6f), colors::text_dim, caption);
  dl->PopClipRect();
}

}  // namespace poolscope::gui
