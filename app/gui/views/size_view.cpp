// SizeView's drawing: the target inputs, the answer, the predicted curve and the apply button.
#include "views/size_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "poolscope/sizing.h"
#include "ui/palette.h"
#include "ui/plot.h"

namespace poolscope::gui {
namespace {

constexpr ImU32 kTargetColor = colors::capacity;

// P(wait ≤ T) against workers from the first stable count to a few past the answer, the target
// as a horizontal line and the answer marked.
void predicted_curve(const SizingQuestion& q, const SizingAnswer& a, float height) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const std::optional<PlotRect> area = reserve_graph(height, "100%");
  if (!area) return;
  const PlotRect& r = *area;
  const int lo = int(std::floor(a.offered_load)) + 1;
  const int hi = std::min(max_workers, std::max(a.workers + 3, lo + 4));
  // The y range starts a little below the lowest point or the target (in steps of 10%), so a
  // 95% target does not sit on the 100% line.
  double low = q.target;
  for (int c = lo; c <= hi; ++c)
    if (const auto p = predict_at(q, a, c)) low = std::min(low, p->p_within);
  const double y0 = std::clamp(std::floor(low * 10.0 - 0.5) / 10.0, 0.0, 0.9);
  auto x_of = [&](int c) { return r.min.x + float(c - lo) / float(hi - lo) * r.width(); };
  auto y_of = [&](double p) {
    return r.max.y - float(std::clamp((p - y0) / (1.0 - y0), 0.0, 1.0)) * r.height();
  };
  draw_plot_area(dl, r);
  for (double p : {y0, (y0 + 1.0) / 2, 1.0}) {
    char label[16];
    std::snprintf(label, sizeof label, "%.0f%%", p * 100);
    dl->AddLine(ImVec2(r.min.x, y_of(p)), ImVec2(r.max.x, y_of(p)), colors::grid);
    const ImVec2 ts = ImGui::CalcTextSize(label);
    dl->AddText(ImVec2(r.min.x - ts.x - 4, y_of(p) - ts.y * 0.5f), colors::text_dim, label);
  }
  dl->AddLine(ImVec2(r.min.x, y_of(q.target)), ImVec2(r.max.x, y_of(q.target)), kTargetColor);
  {
    char label[32];
    std::snprintf(label, sizeof label, "target %.4g%%", q.target * 100);
    const ImVec2 ts = ImGui::CalcTextSize(label);
    dl->AddText(ImVec2(r.max.x - ts.x - 4, y_of(q.target) + 2), kTargetColor, label);
  }
  std::vector<ImVec2> xy;
  float last_label = -1e9f;
  for (int c = lo; c <= hi; ++c) {
    const auto p = predict_at(q, a, c);
    if (!p) continue;
    xy.emplace_back(x_of(c), y_of(p->p_within));
    char label[16];
    std::snprintf(label, sizeof label, "%d", c);
    const float tw = ImGui::CalcTextSize(label).x;
    if (x_of(c) - tw * 0.5f > last_label + 4) {
      dl->AddText(ImVec2(x_of(c) - tw * 0.5f, r.max.y + 2), colors::text_dim, label);
      last_label = x_of(c) + tw * 0.5f;
    }
  }
  if (xy.size() > 1) dl->AddPolyline(xy.data(), int(xy.size()), colors::p50, 0, 2.0f);
  for (std::size_t i = 0; i < xy.size(); ++i) {
    const bool answer = lo + int(i) == a.workers;
    dl->AddCircleFilled(xy[i], answer ? 5.0f : 3.0f, answer ? kTargetColor : colors::p50);
  }
}

}  // namespace

void SizeView::Draw(const ScenarioSpec& current, Commands& cmds) {
  answer_ = 0;
  apply_button_.reset();
  ImGui::Separator();
  ImGui::TextUnformatted("Size for a target");
  if (!current.rate) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(
        "Needs an open loop: set an arrival rate in Controls. (A closed loop has no arrival rate "
        "to size for.)");
    ImGui::PopTextWrapPos();
    return;
  }
  if (wait_ms_ <= 0.0f) wait_ms_ = std::max(1.0f, static_cast<float>(current.job_ms));
  SizingQuestion q;
  q.rate_per_s = *current.rate;
  q.job_s = current.job_ms / 1000.0;
  q.dist = current.dist;
  q.spread = current.spread;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("rate %.4g jobs/s · job %.4g ms %s (from the settings)", q.rate_per_s,
                      current.job_ms, std::string(to_string(current.dist)).c_str());
  ImGui::PopTextWrapPos();
  const float half = ImGui::GetContentRegionAvail().x * 0.5f - 4.0f;
  ImGui::SetNextItemWidth(half);
  ImGui::DragFloat("##size_wait", &wait_ms_, std::max(0.1f, wait_ms_ * 0.01f), 0.0f, 1e6f,
                   "wait ≤ %.3g ms");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1.0f);
  ImGui::SliderFloat("##size_pct", &percentile_, 50.0f, 99.9f, "%.1f%% of jobs");
  q.wait_s = std::max(0.0f, wait_ms_) / 1000.0;
  q.target = percentile_ / 100.0;

  std::string error;
  const auto a = size_for_target(q, error);
  if (!a) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::failed), "%s", error.c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  answer_ = a->workers;
  const auto at = predict_at(q, *a, a->workers);
  const auto fewer = a->workers > 1 ? predict_at(q, *a, a->workers - 1) : std::nullopt;
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kTargetColor), "%d workers", a->workers);
  ImGui::SameLine();
  ImGui::TextDisabled("by %s", a->model.c_str());
  ImGui::PushTextWrapPos(0.0f);
  if (at)
    ImGui::Text("P(wait ≤ %.3g ms) = %.1f%% at %d%s", wait_ms_, at->p_within * 100, a->workers,
                fewer ? "" : " (the fewest that keep up)");
  if (fewer)
    ImGui::TextDisabled("%.1f%% with %d (below the target)", fewer->p_within * 100, fewer->workers);
  if (!a->note.empty()) ImGui::TextDisabled("%s", a->note.c_str());
  ImGui::PopTextWrapPos();
  predicted_curve(q, *a, std::max(ImGui::GetFontSize() * 6, 90.0f));

  char label[48];
  std::snprintf(label, sizeof label, "Apply %d workers to the run", a->workers);
  ImGui::BeginDisabled(current.workers == a->workers);
  if (ImGui::Button(label, ImVec2(-1.0f, 0))) {
    ScenarioSpec next = current;
    next.workers = a->workers;
    cmds.push(cmd::Apply{next});
  }
  apply_button_ = Rect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
  ImGui::EndDisabled();
}

}  // namespace poolscope::gui
