// TheoryPanel's drawing: predicted / measured / difference tables for Little's law, M/M/c,
// M/M/c/K and Goetz's rule, the notes where a model does not apply, threads and memory.
#include "views/theory_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <span>
#include <string>

#include "ui/palette.h"
#include "ui/plot.h"

namespace poolscope::gui {
namespace {

enum class Unit { count, share, ms };

std::string format(double v, Unit u) {
  if (!std::isfinite(v)) return "∞";
  char buf[48];
  switch (u) {
    case Unit::share:
      std::snprintf(buf, sizeof buf, "%.1f%%", v * 100.0);
      return buf;
    case Unit::ms:
      return format_duration_ms(v);
    case Unit::count:
      break;
  }
  std::snprintf(buf, sizeof buf, v >= 100 ? "%.0f" : "%.2f", v);
  return buf;
}

void heading(const char* title) {
  ImGui::Spacing();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::running), "%s", title);
  ImGui::Separator();
}

void note(const std::string& text) {
  if (text.empty()) return;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s", text.c_str());
  ImGui::PopTextWrapPos();
}

// One table row: name, predicted, measured and their relative difference. The difference is
// colored only when there is a 95% interval to judge by: green when the prediction lies inside
// it (agrees), vermillion when outside; without an interval no verdict is drawn.
void row(const char* name, const Comparison& c, Unit u, const char* help,
         std::optional<bool> agrees_with_interval = std::nullopt) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(name);
  if (help != nullptr && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(format(c.predicted, u).c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(format(c.measured, u).c_str());
  ImGui::TableNextColumn();
  if (c.predicted == 0.0 || !std::isfinite(c.predicted)) {
    ImGui::TextDisabled("—");
    return;
  }
  const double d = c.relative_difference * 100.0;
  if (!agrees_with_interval) {
    ImGui::TextDisabled("%+.0f%%", d);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("no 95%% interval for this figure: no verdict");
    return;
  }
  const ImU32 color = *agrees_with_interval ? colors::completed : colors::blocked;
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(color), "%+.0f%%", d);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(*agrees_with_interval ? "inside the measured 95%% interval: agrees"
                                            : "outside the measured 95%% interval");
}

// A verdict for a prediction when the check has an interval for it.
std::optional<bool> verdict(const TheoryCheck* check, const Interval TheoryCheck::*interval,
                            double predicted) {
  if (check == nullptr || !check->valid || !(check->*interval).valid) return std::nullopt;
  return agrees(check->*interval, predicted);
}

struct Marker {
  const char* label;
  bool valid;
  double value;
  bool agrees;
};

// The measured interval as a band on a value axis, the measured mean as a line through it, and
// each model's prediction as a marker: green inside the band (agrees), vermillion outside.
TheoryPanel::Strip interval_strip(const char* name, const Interval& ci, Unit u,
                                  std::span<const Marker> marks) {
  TheoryPanel::Strip drawn;
  drawn.name = name;
  ImGui::Text("%s: 95%% interval %s … %s", name, format(ci.lo, u).c_str(),
              format(ci.hi, u).c_str());
  double lo = ci.lo, hi = ci.hi;
  for (const Marker& m : marks)
    if (m.valid && std::isfinite(m.value)) lo = std::min(lo, m.value), hi = std::max(hi, m.value);
  const double pad = std::max((hi - lo) * 0.12, std::max(std::abs(hi), 1e-9) * 0.02);
  lo -= pad;
  hi += pad;
  const float h = ImGui::GetTextLineHeight() * 1.6f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float w = std::max(50.0f, ImGui::GetContentRegionAvail().x);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const auto x_of = [&](double v) { return p0.x + float((v - lo) / (hi - lo)) * w; };
  dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), colors::plot_bg);
  const ImU32 band = (colors::completed & 0x00FFFFFFu) | (90u << 24);
  dl->AddRectFilled(ImVec2(x_of(ci.lo), p0.y),
                    ImVec2(std::max(x_of(ci.hi), x_of(ci.lo) + 2.0f), p0.y + h), band);
  dl->AddLine(ImVec2(x_of(ci.mean), p0.y), ImVec2(x_of(ci.mean), p0.y + h), colors::text, 2.0f);
  drawn.x_lo = x_of(ci.lo);
  drawn.x_hi = x_of(ci.hi);
  drawn.x_mean = x_of(ci.mean);
  drawn.y0 = p0.y;
  drawn.y1 = p0.y + h;
  const float r = h * 0.22f;
  for (std::size_t i = 0; i < marks.size(); ++i) {
    const Marker& m = marks[i];
    if (!m.valid || !std::isfinite(m.value)) continue;
    const ImVec2 c(x_of(m.value), p0.y + h * (0.25f + 0.25f * float(i)));
    const ImU32 col = m.agrees ? colors::completed : colors::blocked;
    dl->AddCircleFilled(c, r, col);
    dl->AddCircle(c, r, colors::text, 0, 1.0f);
    drawn.marks.push_back({c.x, m.agrees, m.value});
  }
  ImGui::Dummy(ImVec2(w, h));
  for (const Marker& m : marks) {
    if (!m.valid) {
      ImGui::TextDisabled("  %s: no prediction", m.label);
      continue;
    }
    if (!std::isfinite(m.value)) {
      ImGui::TextDisabled("  %s: unbounded (ρ ≥ 1)", m.label);
      continue;
    }
    ImGui::TextColored(
        ImGui::ColorConvertU32ToFloat4(m.agrees ? colors::completed : colors::blocked),
        "  ● %s %s: %s", m.label, format(m.value, u).c_str(),
        m.agrees ? "agrees" : "outside the interval");
  }
  return drawn;
}

// The models held against the run's intervals: the wait and utilization bands, M/M/c from the
// settings and from the measured inputs, Allen–Cunneen with the measured variability.
void draw_check(const TheoryCheck* check, std::vector<TheoryPanel::Strip>& strips) {
  heading("M/M/c against the measured 95% intervals");
  if (check == nullptr) {
    note("the intervals are computed about once a second");
    return;
  }
  if (!check->valid) {
    note(check->reason);
    return;
  }
  const ModelPrediction& s = check->from_settings;
  const ModelPrediction& m = check->from_measured;
  const auto wait_of = [](const ModelPrediction& p) {
    return p.stable ? p.wait_ms : std::numeric_limits<double>::infinity();
  };
  // The panel is a narrow column: every line here wraps rather than clips.
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("from settings: λ = %.1f/s, S = %s", s.lambda_per_s,
                      format_duration_ms(s.service_ms).c_str());
  ImGui::TextDisabled("from measured: λ = %.1f/s, S = %s", m.lambda_per_s,
                      format_duration_ms(m.service_ms).c_str());
  if (check->wait_ms.valid) {
    const Marker marks[] = {
        {"from settings", s.valid, wait_of(s), s.wait_agrees},
        {"from measured", m.valid, wait_of(m), m.wait_agrees},
        {"Allen–Cunneen", check->allen_cunneen.valid, check->allen_cunneen.wait_ms,
         check->allen_cunneen.agrees},
    };
    strips.push_back(interval_strip("queue wait Wq", check->wait_ms, Unit::ms, marks));
  } else {
    note("queue wait: " + check->wait_ms.reason);
  }
  ImGui::Spacing();
  if (check->utilization.valid) {
    const Marker marks[] = {
        {"from settings", s.valid, s.utilization, s.utilization_agrees},
        {"from measured", m.valid, m.utilization, m.utilization_agrees},
    };
    strips.push_back(interval_strip("utilization ρ", check->utilization, Unit::share, marks));
  } else {
    note("utilization: " + check->utilization.reason);
  }
  ImGui::TextDisabled("measured variability: ca² = %.2f (arrivals), cs² = %.2f (service)",
                      check->allen_cunneen.ca2, check->allen_cunneen.cs2);
  ImGui::PopTextWrapPos();
  note(check->allen_cunneen.note);
}

bool begin_table(const char* id) {
  if (!ImGui::BeginTable(id, 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
    return false;
  }
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.6f);
  ImGui::TableSetupColumn("predicted", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("measured", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("diff", ImGuiTableColumnFlags_WidthStretch, 0.7f);
  ImGui::TableHeadersRow();
  return true;
}

}  // namespace

void TheoryPanel::Draw(const Snapshot& snap, const TheoryCheck* check) {
  const TheoryReport& t = snap.theory;

  heading("Little's law  L = λ·W");
  if (t.little.valid && begin_table("little")) {
    row("jobs in system L", t.little.l, Unit::count,
        "Time-average of jobs submitted and not yet consumed (measured) vs λ·W (predicted)");
    ImGui::EndTable();
    ImGui::TextDisabled("λ = %.1f/s, W = %s", t.little.lambda_per_s,
                        format_duration_ms(t.little.w_ms).c_str());
  }
  note(t.little.note);

  heading("M/M/c (Erlang C)");
  if (t.mmc.valid) {
    ImGui::TextDisabled("λ = %.1f/s, S = %s, c = %d", t.mmc.lambda_per_s,
                        format_duration_ms(t.mmc.service_ms).c_str(), t.mmc.servers);
    if (begin_table("mmc")) {
      row("utilization ρ", t.mmc.utilization, Unit::share, "λ·S / c: the busy share of workers",
          verdict(check, &TheoryCheck::utilization, t.mmc.utilization.predicted));
      if (t.mmc.stable) {
        row("P(wait)", t.mmc.p_wait, Unit::share,
            "Erlang C: the chance an arrival finds every worker busy and queues");
        row("queue wait Wq", t.mmc.wait_ms, Unit::ms, "Mean time a job waits before service",
            verdict(check, &TheoryCheck::wait_ms, t.mmc.wait_ms.predicted));
        row("queue length Lq", t.mmc.queue_len, Unit::count, "Mean number of jobs waiting");
      }
      ImGui::EndTable();
    }
  }
  note(t.mmc.note);
  strips_.clear();
  draw_check(check, strips_);

  heading("M/M/c/K (bounded queue)");
  if (t.mmck.valid && begin_table("mmck")) {
    row("P(queue full)", t.mmck.p_block, Unit::share,
        "Probability an arrival finds the queue full (then blocks, is rejected, dropped or run "
        "by the caller)");
    row("utilization", t.mmck.utilization, Unit::share, nullptr);
    ImGui::EndTable();
    ImGui::TextDisabled("K = %d (workers + buffer)", t.mmck.capacity_k);
  }
  note(t.mmck.note);

  heading("Goetz's sizing rule");
  if (t.goetz.valid) {
    ImGui::Text("N = Ncpu × U × (1 + W/C) = %d workers", t.goetz.workers);
    ImGui::TextDisabled("%d CPUs, compute share C/(W+C) = %.2f, U = 1", t.goetz.cpus,
                        t.goetz.cpu_fraction);
  }
  note(t.goetz.note);

  heading("Process");
  const ProcessView& p = snap.process;
  ImGui::PushTextWrapPos(0.0f);
  ImGui::Text("threads %d (peak %d) · memory %.0f MB (peak %.0f MB)", p.threads, p.threads_peak,
              p.rss_mb, p.rss_peak_mb);
  if (p.spawn_cap > 0) {
    ImGui::Text("job threads %d now, %d at most (capped at %d)", p.spawned_live, p.spawned_peak,
                p.spawn_cap);
  }
  ImGui::PopTextWrapPos();
}

}  // namespace poolscope::gui
