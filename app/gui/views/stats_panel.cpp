// StatsPanel's drawing: the accounting equation in its terms' colors, the stacked bar, the
// order strip, throughput and blocked share, and the latency percentiles table.
#include "views/stats_panel.h"

#include <array>
#include <cstdio>
#include <string>

#include "ui/palette.h"
#include "ui/plot.h"
#include "ui/run_figures.h"
#include "ui/text_layout.h"
#include "views/order_strip.h"

namespace poolscope::gui {
namespace {

// 1234567 -> "1,234,567" (built forwards: GCC 12 misreads string::insert as overlapping).
std::string grouped(std::uint64_t v) {
  const std::string digits = std::to_string(v);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// "+12.3%" (or with another unit).
std::string signed_pct(double v, const char* unit = "%") {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%s", v, unit);
  return buf;
}

struct Term {
  const char* name;
  std::uint64_t value;
  ImU32 color;
};

}  // namespace

void StatsPanel::Draw(const Snapshot& snap, const Snapshot* baseline) {
  const Counters& c = snap.counters;
  const std::array<Term, 8> terms{{
      {"completed", c.completed, colors::completed},
      {"failed", c.failed, colors::failed},
      {"rejected", c.rejected, colors::rejected},
      {"dropped", c.dropped, colors::dropped},
      {"cancelled", c.cancelled, colors::cancelled},
      {"queued", c.queued, colors::queued},
      {"in progress", c.in_progress, colors::running},
      {"held by producer", c.held, colors::blocked},
  }};
  ImGui::TextUnformatted("Accounting");
  ImGui::SameLine();
  if (c.adds_up()) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::completed), "✓ adds up");
  } else {
    // Counters are read while jobs move, so a snapshot may be off by a job in flight.
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::failed), "≠ (jobs in flight)");
  }

  // Stacked bar: each job state's share of everything submitted.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  const float h = ImGui::GetTextLineHeight() * 0.8f;
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), colors::empty_slot, 3.0f);
  if (c.submitted > 0) {
    float x = p.x;
    for (const Term& t : terms) {
      const float tw = w * float(double(t.value) / double(c.submitted));
      if (tw <= 0) continue;
      dl->AddRectFilled(ImVec2(x, p.y), ImVec2(std::min(x + tw, p.x + w), p.y + h), t.color);
      x += tw;
    }
  }
  ImGui::Dummy(ImVec2(w, h));

  // The equation, term by term, wrapping as needed; a term's swatch matches its bar color.
  ImGui::Text("submitted %s =", grouped(c.submitted).c_str());
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  bool first = true;
  for (const Term& t : terms) {
    char text[64];
    std::snprintf(text, sizeof text, "%s%s %s", first ? "" : "+ ", t.name,
                  grouped(t.value).c_str());
    const float tw = ImGui::CalcTextSize(text).x + h + 6;
    ImGui::SameLine(0, first ? 6.0f : 10.0f);
    if (ImGui::GetCursorScreenPos().x + tw > right) ImGui::NewLine();
    first = false;
    const ImVec2 q = ImGui::GetCursorScreenPos();
    const float dy = (ImGui::GetTextLineHeight() - h * 0.7f) * 0.5f;
    dl->AddRectFilled(ImVec2(q.x, q.y + dy), ImVec2(q.x + h * 0.7f, q.y + dy + h * 0.7f), t.color,
                      2.0f);
    ImGui::Dummy(ImVec2(h * 0.7f, ImGui::GetTextLineHeight()));
    ImGui::SameLine(0, 4);
    ImGui::TextUnformatted(text);
    record_last_item(text);
  }
  // Only the notes that apply, wrapped to the panel (a fixed sentence ran past its edge).
  std::string notes;
  if (c.timed_out > 0) notes = "failed includes " + grouped(c.timed_out) + " timed out";
  if (c.caller_ran > 0)
    notes += (notes.empty() ? "" : "; ") + std::string("the producer ran ") +
             grouped(c.caller_ran) + " itself (caller-runs)";
  if (!notes.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("(%s)", notes.c_str());
    ImGui::PopStyleColor();
  }
  if (c.sent_on_closed > 0) {
    // The close-results-early mistake: those jobs ran and are counted above; their results
    // never reached the consumer.
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::send_failed),
                       "✕ %llu results lost: sent on the closed results channel",
                       static_cast<unsigned long long>(c.sent_on_closed));
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip(
          "Their jobs ran and count as completed or failed above; the consumer "
          "took %llu results.",
          static_cast<unsigned long long>(c.consumed));
    }
  }
  if (order_strip_wanted(snap)) draw_order_strip(snap);
  ImGui::Separator();

  const double blocked_pct =
      snap.active_s() > 0 ? 100.0 * snap.producer_blocked_s / snap.active_s() : 0.0;
  // The rates on one line (label dim, value bright) so the latency table fits small windows.
  auto rate = [](const char* label, ImU32 color, const char* text, const std::string& tip) {
    ImGui::TextDisabled("%s", label);
    record_last_item(label);
    ImGui::SameLine(0, 4);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(color), "%s", text);
    record_last_item(text);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip.c_str());
  };
  char text[48];
  char tip[160];
  const ThroughputFigure thr = throughput_figure(snap);
  rate("throughput", colors::text, thr.value.c_str(), thr.detail);
  ImGui::SameLine(0, 12);
  std::snprintf(text, sizeof text, "%.0f%%", blocked_pct);
  std::snprintf(
      tip, sizeof tip,
      "producer blocked: %.2f s of %.1f s (pauses left out) waiting for room in the queue",
      snap.producer_blocked_s, snap.active_s());
  rate("blocked", blocked_pct >= 1.0 ? colors::blocked : colors::text, text, tip);
  ImGui::SameLine(0, 12);
  std::snprintf(text, sizeof text, "%.0f%%", snap.utilization * 100.0);
  std::snprintf(tip, sizeof tip, "utilization: busy time / (workers x wall time), %zu workers",
                snap.workers.size());
  rate("busy", colors::text, text, tip);
  if (baseline != nullptr) {
    // Against the pinned run: whole-run figures, so early in a run they still move.
    const auto pct = [](double now, double then) {
      return then != 0.0 ? 100.0 * (now - then) / then : 0.0;
    };
    const std::string line =
        "vs baseline: throughput " +
        std::string(signed_pct(pct(snap.throughput_per_s, baseline->throughput_per_s))) +
        " · p99 " + std::string(signed_pct(pct(snap.latency_ms.p99, baseline->latency_ms.p99))) +
        " · busy " +
        std::string(signed_pct((snap.utilization - baseline->utilization) * 100.0, " pts"));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::text_dim), "%s", line.c_str());
    ImGui::PopTextWrapPos();
    record_last_item(line);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "This run against the pinned baseline (whole-run figures; use `poolscope "
          "compare` for 95%% intervals)");
  }
  if (ImGui::BeginTable("latency", 4, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
    ImGui::TableSetupColumn("");
    ImGui::TableSetupColumn("p50");
    ImGui::TableSetupColumn("p95");
    ImGui::TableSetupColumn("p99");
    ImGui::TableHeadersRow();
    auto row = [](const char* name, const Summary& s) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(name);
      record_last_item(name);
      for (double v : {s.p50, s.p95, s.p99}) {
        ImGui::TableNextColumn();
        const std::string t = s.count ? format_duration_ms(v) : "—";
        ImGui::TextUnformatted(t.c_str());
        record_last_item(t);
      }
    };
    row("queue wait", snap.queue_wait_ms);
    // The variations: the same wait, split by job class.
    if (snap.spec.priority_share > 0) {
      row("  high", snap.class_waits.high_ms);
      row("  normal", snap.class_waits.normal_ms);
    }
    if (snap.spec.io_share > 0) {
      row("  I/O jobs", snap.class_waits.io_ms);
      row("  CPU jobs", snap.class_waits.cpu_ms);
    }
    row("service", snap.service_ms);
    row("latency", snap.latency_ms);
    ImGui::EndTable();
  }
}

}  // namespace poolscope::gui
