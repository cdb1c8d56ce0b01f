// SweepView's drawing: the sweep buttons, and throughput and p95 latency against workers on a log2
// axis, the ghost of the previous sweep behind and the knee marked; the Universal Scalability Law
// fitted to the throughput, drawn over it, with its residuals and coefficients.
#include "views/sweep_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "poolscope/sweep_fit.h"
#include "ui/palette.h"
#include "ui/plot.h"

namespace poolscope::gui {
namespace {

using Field = double (*)(const SweepPoint&);
double throughput(const SweepPoint& p) { return p.throughput_per_s; }
double p95_ms(const SweepPoint& p) { return p.latency_ms.p95; }

// Workers on a log2 axis over [lo, hi].
float x_of(int workers, int lo, int hi, const PlotRect& r) {
  if (hi <= lo) return (r.min.x + r.max.x) * 0.5f;
  const double t = std::log2(double(workers) / lo) / std::log2(double(hi) / lo);
  return r.min.x + static_cast<float>(t) * r.width();
}

void polyline(ImDrawList* dl, const std::vector<SweepPoint>& pts, Field f, int lo, int hi,
              double vmax, const PlotRect& r, ImU32 color, bool markers) {
  std::vector<ImVec2> xy;
  for (const SweepPoint& p : pts) {
    xy.emplace_back(x_of(p.workers, lo, hi, r),
                    r.max.y - static_cast<float>(std::min(f(p) / vmax, 1.0)) * r.height());
  }
  std::sort(xy.begin(), xy.end(), [](ImVec2 a, ImVec2 b) { return a.x < b.x; });
  if (xy.size() > 1) dl->AddPolyline(xy.data(), int(xy.size()), color, 0, 2.0f);
  if (markers) {
    for (ImVec2 q : xy) dl->AddCircleFilled(q, 3.0f, color);
  }
}

constexpr ImU32 kFitColor = IM_COL32(240, 228, 66, 220);  // okabe_ito yellow, the fitted curve

// The fitted X(N) over [lo, hi], sampled evenly on the log2 axis, and N* when it lies inside.
void fitted_curve(ImDrawList* dl, const UslFit& fit, int lo, int hi, double vmax,
                  const PlotRect& r) {
  std::vector<ImVec2> xy;
  constexpr int kSamples = 96;
  for (int i = 0; i <= kSamples; ++i) {
    const double n = lo * std::pow(double(hi) / lo, double(i) / kSamples);
    const double t = hi > lo ? double(i) / kSamples : 0.5;
    xy.emplace_back(
        r.min.x + static_cast<float>(t) * r.width(),
        r.max.y - static_cast<float>(std::min(fit.predict(n) / vmax, 1.0)) * r.height());
  }
  dl->AddPolyline(xy.data(), int(xy.size()), kFitColor, 0, 1.5f);
  if (fit.peak_workers && *fit.peak_workers >= lo && *fit.peak_workers <= hi) {
    const double t = std::log2(*fit.peak_workers / lo) / std::log2(double(hi) / lo);
    const float x = r.min.x + static_cast<float>(t) * r.width();
    for (float y = r.min.y; y < r.max.y; y += 8.0f)
      dl->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 4.0f, r.max.y)), kFitColor, 1.0f);
    dl->AddText(ImVec2(x + 3, r.min.y + 2), kFitColor, "N*");
  }
}

// One graph of `f` against workers: the ghost first, then the current sweep and its knee, and the
// fitted curve when given.
void graph(const char* title, const char* unit, Field f, const SweepRunner::Result& cur,
           const std::optional<SweepRunner::Result>& ghost, ImU32 color, float height,
           const UslFit* fit = nullptr) {
  ImGui::TextUnformatted(title);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const std::optional<PlotRect> area = reserve_graph(height, "0000");
  if (!area) return;
  const PlotRect& r = *area;

  int lo = 1 << 30, hi = 1;
  double peak = 0;
  auto cover = [&](const SweepRunner::Result& res) {
    for (int n : res.planned) lo = std::min(lo, n), hi = std::max(hi, n);
    for (const SweepPoint& p : res.points) peak = std::max(peak, f(p));
  };
  cover(cur);
  if (ghost) cover(*ghost);
  if (fit && !cur.planned.empty()) {
    for (double n = lo; n <= hi; n *= 1.25) peak = std::max(peak, fit->predict(n));
  }
  if (lo > hi) lo = hi;
  draw_plot_area(dl, r);
  const double vmax = draw_value_grid(dl, r, peak > 0 ? peak * 1.1 : 1.0, unit);
  // Worker ticks: the planned counts (they are the interesting x values), thinned to fit.
  float last_x = -1e9f;
  for (int n : cur.planned) {
    const float x = x_of(n, lo, hi, r);
    char label[16];
    std::snprintf(label, sizeof label, "%d", n);
    const float tw = ImGui::CalcTextSize(label).x;
    dl->AddLine(ImVec2(x, r.min.y), ImVec2(x, r.max.y), colors::grid);
    if (x - tw * 0.5f > last_x + 4) {
      dl->AddText(ImVec2(x - tw * 0.5f, r.max.y + 2), colors::text_dim, label);
      last_x = x + tw * 0.5f;
    }
  }
  if (ghost) polyline(dl, ghost->points, f, lo, hi, vmax, r, IM_COL32(150, 156, 166, 140), false);
  if (fit) fitted_curve(dl, *fit, lo, hi, vmax, r);
  polyline(dl, cur.points, f, lo, hi, vmax, r, color, true);
  for (const SweepPoint& p : cur.points) {
    if (!p.knee) continue;
    const float x = x_of(p.workers, lo, hi, r);
    dl->AddLine(ImVec2(x, r.min.y), ImVec2(x, r.max.y), colors::capacity, 2.0f);
  }
}

// Residuals (measured − fitted) as stems from a zero line, scaled to the largest; a pattern in
// them (not noise) says the model misses something.
void residual_strip(const UslFit& fit, const SweepRunner::Result& cur, float height) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float left = ImGui::GetCursorScreenPos().x;  // the label's place, in the gutter
  const std::optional<PlotRect> area = reserve_graph(height, "0000", false);
  if (!area || cur.points.size() != fit.residuals.size()) return;
  const PlotRect& r = *area;
  int lo = 1 << 30, hi = 1;
  for (int n : cur.planned) lo = std::min(lo, n), hi = std::max(hi, n);
  if (lo > hi) lo = hi;
  double biggest = 0;
  for (double e : fit.residuals) biggest = std::max(biggest, std::abs(e));
  draw_plot_area(dl, r);
  const float mid = (r.min.y + r.max.y) * 0.5f;
  dl->AddLine(ImVec2(r.min.x, mid), ImVec2(r.max.x, mid), colors::axis);
  char label[32];
  std::snprintf(label, sizeof label, "±%.3g", biggest);
  dl->AddText(ImVec2(left, r.min.y), colors::text_dim, label);
  for (std::size_t i = 0; i < fit.residuals.size(); ++i) {
    const float x = x_of(cur.points[i].workers, lo, hi, r);
    const double share = biggest > 0 ? fit.residuals[i] / biggest : 0.0;
    const float y = mid - static_cast<float>(share) * (r.height() * 0.5f - 3.0f);
    dl->AddLine(ImVec2(x, mid), ImVec2(x, y), kFitColor, 2.0f);
    dl->AddCircleFilled(ImVec2(x, y), 2.5f, kFitColor);
  }
}

}  // namespace

SweepView::SweepView() { std::snprintf(workers_text_.data(), workers_text_.size(), "1..64"); }

void SweepView::Draw(const SweepRunner& runner, Commands& cmds) {
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled(
      "Short real runs of the current settings at each worker count; the live run pauses "
      "meanwhile so that the runs have the CPUs to themselves.");
  ImGui::PopTextWrapPos();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("workers");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::InputText("##sweep_workers", workers_text_.data(), workers_text_.size());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("\"1,2,4,8\" or \"1..64\" (doubling)");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1.0f);
  ImGui::SliderFloat("##sweep_seconds", &seconds_per_point_, 0.5f, 10.0f, "%.1f s / point");
  const bool running = runner.running();
  if (!running) {
    if (ImGui::Button("Sweep workers", ImVec2(-1.0f, 0))) {
      std::string err;
      if (auto list = parse_worker_list(workers_text_.data(), err)) {
        error_.clear();
        cmds.push(cmd::StartSweep{*list, seconds_per_point_});
      } else {
        error_ = err;
      }
    }
  } else if (ImGui::Button("Stop the sweep", ImVec2(-1.0f, 0))) {
    cmds.push(cmd::StopSweep{});
  }
  if (!error_.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::failed), "%s", error_.c_str());
    ImGui::PopTextWrapPos();
  }

  const SweepRunner::Result cur = runner.current();
  const std::optional<SweepRunner::Result> ghost = runner.ghost();
  if (cur.planned.empty()) return;
  ImGui::Text("%s  %zu of %zu runs", running ? "sweeping…" : "done:", cur.points.size(),
              cur.planned.size());
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::throughput), "● %s", cur.label.c_str());
  if (ghost) {
    ImGui::TextDisabled("● previous: %s", ghost->label.c_str());
  }
  const float h = std::max(ImGui::GetFontSize() * 8, 110.0f);
  const UslFit* fit = usl_of(cur);
  graph("throughput (jobs/s)", nullptr, throughput, cur, ghost, colors::throughput, h, fit);
  if (fit) draw_fit(*fit, cur);
  graph("latency p95 (ms)", nullptr, p95_ms, cur, ghost, colors::p95, h);
  for (const SweepPoint& p : cur.points) {
    if (p.knee) {
      // Wrapped: the column is narrow in presentation mode.
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::capacity),
                         "knee: %d workers reach 90%% of the best throughput", p.workers);
      ImGui::PopTextWrapPos();
    }
  }
  if (!cur.points.empty() &&
      ImGui::BeginTable("sweep_points", 4,
                        ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableSetupColumn("workers");
    ImGui::TableSetupColumn("jobs/s");
    ImGui::TableSetupColumn("p95");
    ImGui::TableSetupColumn("busy");
    ImGui::TableHeadersRow();
    for (const SweepPoint& p : cur.points) {
      ImGui::TableNextColumn();
      ImGui::Text("%d%s", p.workers, p.knee ? " ◆" : "");
      ImGui::TableNextColumn();
      ImGui::Text("%.1f", p.throughput_per_s);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(format_duration_ms(p.latency_ms.p95).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.0f%%", p.utilization * 100.0);
    }
    ImGui::EndTable();
  }
}

const UslFit* SweepView::usl_of(const SweepRunner::Result& cur) {
  // Refitted when the points change (a new point, or a new sweep).
  if (cur.points.size() != fit_points_ || cur.label != fit_label_) {
    fit_points_ = cur.points.size();
    fit_label_ = cur.label;
    std::string err;
    fit_ = fit_sweep(cur.points, cur.open_loop, err);
  }
  return fit_ ? &*fit_ : nullptr;
}

void SweepView::draw_fit(const UslFit& fit, const SweepRunner::Result& cur) {
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kFitColor),
                     "USL fit: α %.3g (contention), β %.3g (coherency), γ %.3g jobs/s, R² %.3f",
                     fit.alpha, fit.beta, fit.gamma,
                     std::abs(fit.r2) < 5e-4 ? 0.0 : fit.r2);  // no "-0.000"
  if (fit.peak_workers) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kFitColor),
                       "predicted peak N* = %.1f workers (%.4g jobs/s)", *fit.peak_workers,
                       fit.predict(*fit.peak_workers));
  }
  for (const std::string& w : fit.warnings)
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::failed), "⚠ %s", w.c_str());
  ImGui::PopTextWrapPos();
  ImGui::TextDisabled("residuals (measured − fitted)");
  residual_strip(fit, cur, std::max(ImGui::GetFontSize() * 3.0f, 40.0f));
}

}  // namespace poolscope::gui
