// TheoryPanel's drawing: predicted / measured / difference tables for Little's law, M/M/c,
// M/M/c/K and Goetz's rule, the notes where a model does not apply, threads and memory.
#include "views/theory_panel.h"

#include <imgui.h>

#include <cmath>
#include <cstdio>
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

// One table row: name, predicted, measured and their relative difference (colored when large).
void row(const char* name, const Comparison& c, Unit u, const char* help) {
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
  const ImU32 color = std::abs(d) <= 10   ? colors::completed
                      : std::abs(d) <= 30 ? colors::capacity
                                          : colors::blocked;
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(color), "%+.0f%%", d);
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

}  // namespace

void TheoryPanel::Draw(const Snapshot& snap) {
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
      row("utilization ρ", t.mmc.utilization, Unit::share, "λ·S / c: the busy share of workers");
      if (t.mmc.stable) {
        row("P(wait)", t.mmc.p_wait, Unit::share,
            "Erlang C: the chance an arrival finds every worker busy and queues");
        row("queue wait Wq", t.mmc.wait_ms, Unit::ms, "Mean time a job waits before service");
        row("queue length Lq", t.mmc.queue_len, Unit::count, "Mean number of jobs waiting");
      }
      ImGui::EndTable();
    }
  }
  note(t.mmc.note);

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
