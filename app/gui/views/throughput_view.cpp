// ThroughputView's drawing: the completed-per-second, queue wait and latency graphs over time,
// and a utilization bar per worker.
#include "views/throughput_view.h"

#include <algorithm>
#include <cstdio>
#include <span>
#include <string>

#include "ui/palette.h"
#include "ui/plot.h"
#include "ui/run_figures.h"
#include "ui/text_layout.h"

namespace poolscope::gui {
namespace {

constexpr double window_s = 60.0;  // the graphs show the last minute (or the run so far)

struct Line {
  const char* label;
  double SeriesPoint::*field;
  ImU32 color;
};

// A titled graph of a few series over [t0, t1] in the cell at `origin` of size `size`.
// A ghost line's color: the line's own, dimmed, so the live run stays in front.
ImU32 ghost(ImU32 c) { return (c & 0x00FFFFFFu) | (80u << 24); }

// Returns the ghost lines drawn (the baseline's series, `ghost_pts`, behind the live ones).
int graph(const char* title, const char* unit, std::span<const SeriesPoint> pts,
          std::span<const SeriesPoint> ghost_pts, std::span<const Line> lines, double t0, double t1,
          ImVec2 origin, ImVec2 size) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float line_h = ImGui::GetTextLineHeight();
  const float title_w = draw_text_in_box(dl, origin, ImVec2(origin.x + size.x, origin.y + line_h),
                                         colors::text, title, Align::left)
                            .x;
  // Legend after the title.
  float lx = origin.x + title_w + 12.0f;
  for (const Line& l : lines) {
    const float w = ImGui::CalcTextSize(l.label).x;
    if (lx + 14 + w > origin.x + size.x) break;
    dl->AddLine(ImVec2(lx, origin.y + line_h * 0.55f), ImVec2(lx + 10, origin.y + line_h * 0.55f),
                l.color, 3.0f);
    dl->AddText(ImVec2(lx + 14, origin.y), colors::text_dim, l.label);
    lx += 14 + w + 10;
  }
  const float gutter = ImGui::CalcTextSize("0000").x + 8.0f;
  const PlotRect r{ImVec2(origin.x + gutter, origin.y + line_h * 1.5f),
                   ImVec2(origin.x + size.x - 6.0f, origin.y + size.y - line_h - 6.0f)};
  if (r.height() < line_h || r.width() < 30) return 0;
  draw_plot_area(dl, r);
  TimeAxis axis;
  axis.live = false;
  axis.span_s = t1 - t0;
  axis.end_s = t1;
  axis.resolve(t1);
  draw_time_grid(dl, r, axis, true);
  double peak = 0;
  for (const Line& l : lines) {
    peak = std::max(peak, series_max(pts, l.field, t0, t1));
    if (!ghost_pts.empty()) peak = std::max(peak, series_max(ghost_pts, l.field, t0, t1));
  }
  // An all-zero graph still gets a readable 0..1 scale, not five labels of "0.00".
  const double vmax = draw_value_grid(dl, r, peak > 0 ? peak * 1.1 : 1.0, unit);
  int ghosts = 0;
  for (const Line& l : lines) {
    if (ghost_pts.empty()) break;
    draw_series(dl, r, t0, t1, vmax, ghost_pts, l.field, {ghost(l.color), 2.0f, false, false});
    ++ghosts;
  }
  for (const Line& l : lines) {
    draw_series(dl, r, t0, t1, vmax, pts, l.field, {l.color, 2.0f, false, lines.size() == 1});
  }
  return ghosts;
}

void utilization_bars(const Snapshot& snap, ImVec2 origin, ImVec2 size) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float line_h = ImGui::GetTextLineHeight();
  char title[96];
  if (snap.workers.empty() && snap.spec.mode == PoolMode::spawn) {
    // Spawn mode has no pool: no worker to be busy or idle, only job threads.
    std::snprintf(title, sizeof title, "Utilization: no pool");
  } else {
    std::snprintf(title, sizeof title, "Utilization per worker (mean %.0f%%)",
                  snap.utilization * 100.0);
    if (ImGui::CalcTextSize(title).x > size.x) {  // large text: the mean matters more than words
      std::snprintf(title, sizeof title, "Utilization (mean %.0f%%)", snap.utilization * 100.0);
    }
  }
  draw_text_in_box(dl, origin, ImVec2(origin.x + size.x, origin.y + line_h), colors::text, title,
                   Align::left);
  const float gutter = ImGui::CalcTextSize("100%").x + 8.0f;
  const PlotRect r{ImVec2(origin.x + gutter, origin.y + line_h * 1.5f),
                   ImVec2(origin.x + size.x - 6.0f, origin.y + size.y - line_h - 6.0f)};
  if (r.height() < line_h || r.width() < 30) return;
  draw_plot_area(dl, r);
  for (int pct = 0; pct <= 100; pct += 50) {
    const float y = r.max.y - r.height() * float(pct) / 100.0f;
    dl->AddLine(ImVec2(r.min.x, y), ImVec2(r.max.x, y), pct == 0 ? colors::axis : colors::grid);
    char label[8];
    std::snprintf(label, sizeof label, "%d%%", pct);
    const float tw = ImGui::CalcTextSize(label).x;
    dl->AddText(ImVec2(r.min.x - tw - 4, std::clamp(y - line_h * 0.5f, r.min.y - line_h * 0.5f,
                                                    r.max.y - line_h * 0.5f)),
                colors::text_dim, label);
  }
  const std::size_t n = snap.workers.size();
  if (n == 0 && snap.spec.mode == PoolMode::spawn) {
    char note[96];
    std::snprintf(note, sizeof note, "one thread per job: %d alive", snap.process.spawned_live);
    const ImVec2 ts = ImGui::CalcTextSize(note);
    dl->AddText(ImVec2(r.min.x + (r.width() - ts.x) * 0.5f, r.min.y + (r.height() - ts.y) * 0.5f),
                colors::text_dim, note);
  }
  if (n == 0) return;
  const float slot = r.width() / float(n);
  const float gap = slot >= 6.0f ? std::min(4.0f, slot * 0.2f) : 0.0f;
  const ImVec2 m = ImGui::GetIO().MousePos;
  for (std::size_t i = 0; i < n; ++i) {
    const WorkerView& w = snap.workers[i];
    const float x0 = r.min.x + slot * float(i) + gap * 0.5f;
    const float x1 = std::max(x0 + 1.0f, r.min.x + slot * float(i + 1) - gap * 0.5f);
    const float y = r.max.y - r.height() * static_cast<float>(std::clamp(w.utilization, 0.0, 1.0));
    dl->AddRectFilled(ImVec2(x0, y), ImVec2(x1, r.max.y), colors::running);
    if (ImGui::IsWindowHovered() && m.x >= x0 && m.x < x1 + gap && m.y >= r.min.y &&
        m.y <= r.max.y) {
      ImGui::SetTooltip("%s\nutilization %.0f%%\njobs done %llu", worker_slot_name(w.slot).c_str(),
                        w.utilization * 100.0, static_cast<unsigned long long>(w.jobs_done));
    }
  }
  // Worker numbers under the bars, as many as fit without overlapping.
  const float label_w =
      ImGui::CalcTextSize(std::to_string(snap.workers.back().slot).c_str()).x + 6.0f;
  const std::size_t every = std::max<std::size_t>(1, static_cast<std::size_t>(label_w / slot) + 1);
  for (std::size_t i = 0; i < n; i += every) {
    char label[16];
    const int ws = snap.workers[i].slot;
    std::snprintf(label, sizeof label, "%s",
                  ws >= io_worker_slot_base ? worker_slot_short_name(ws).c_str()
                                            : std::to_string(ws).c_str());
    const float tw = ImGui::CalcTextSize(label).x;
    dl->AddText(ImVec2(r.min.x + slot * (float(i) + 0.5f) - tw * 0.5f, r.max.y + 2),
                colors::text_dim, label);
  }
  const auto mean_y =
      static_cast<float>(r.max.y - r.height() * std::clamp(snap.utilization, 0.0, 1.0));
  dl->AddLine(ImVec2(r.min.x, mean_y), ImVec2(r.max.x, mean_y), colors::capacity, 2.0f);
}

}  // namespace

void ThroughputView::Draw(const Snapshot& snap, const Snapshot* baseline) {
  const std::span<const SeriesPoint> pts(snap.series);
  const std::span<const SeriesPoint> ghost_pts =
      baseline != nullptr ? std::span<const SeriesPoint>(baseline->series)
                          : std::span<const SeriesPoint>();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const double t1 = std::max(snap.elapsed_s, 10.0);
  const double t0 = std::max(0.0, t1 - window_s);
  const float gap = 14.0f;
  const float w = (avail.x - 3 * gap) / 4.0f;
  const ImVec2 cell(w, avail.y);
  char title[64];
  std::snprintf(title, sizeof title, "Throughput  %s", throughput_figure(snap).value.c_str());
  const Line thr[] = {{"completed/s", &SeriesPoint::throughput_per_s, colors::throughput}};
  ghost_lines_ = graph(title, "jobs/s", pts, ghost_pts, thr, t0, t1, origin, cell);
  const Line wait[] = {{"p50", &SeriesPoint::wait_p50_ms, colors::p50},
                       {"p95", &SeriesPoint::wait_p95_ms, colors::p95},
                       {"p99", &SeriesPoint::wait_p99_ms, colors::p99}};
  ghost_lines_ += graph("Queue wait", "ms", pts, ghost_pts, wait, t0, t1,
                        ImVec2(origin.x + (w + gap), origin.y), cell);
  const Line lat[] = {{"p50", &SeriesPoint::latency_p50_ms, colors::p50},
                      {"p95", &SeriesPoint::latency_p95_ms, colors::p95},
                      {"p99", &SeriesPoint::latency_p99_ms, colors::p99}};
  ghost_lines_ += graph("Latency", "ms", pts, ghost_pts, lat, t0, t1,
                        ImVec2(origin.x + 2 * (w + gap), origin.y), cell);
  utilization_bars(snap, ImVec2(origin.x + 3 * (w + gap), origin.y), cell);
  ImGui::Dummy(avail);
}

}  // namespace poolscope::gui
