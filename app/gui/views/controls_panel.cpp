// ControlsPanel's drawing: the run buttons and the settings tables (pool, jobs, arrivals, view),
// sliders bounded by the engine's validator, edits pushed as commands, Goetz's sizing tick.
#include "views/controls_panel.h"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <thread>

#include "poolscope/theory.h"
#include "poolscope/theory_report.h"
#include "ui/palette.h"

namespace poolscope::gui {
namespace {

// The slider's range: the range the UI offers, clipped to what the engine's validator accepts
// (so that a slider never offers a value the engine refuses).
struct Bounds {
  double min, max;
};
Bounds bounds(const char* key, double ui_min, double ui_max) {
  if (const KeyRange* r = find_range(key)) {
    const double lo = std::max(ui_min, r->min), hi = std::min(ui_max, r->max);
    if (lo <= hi) return {lo, hi};
  }
  return {ui_min, ui_max};
}

// A labelled row: the label in the first table column, the widget filling the second.
void label(const char* text, const char* help) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(text);
  if (help != nullptr && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
  ImGui::TableNextColumn();
  ImGui::SetNextItemWidth(-1.0f);
}

using Rects = std::map<std::string, ControlsPanel::WidgetRect, std::less<>>;

void remember(Rects& rects, const char* key) {
  rects[key] = ControlsPanel::WidgetRect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
}

bool slider_int(Rects& rects, const char* key, const char* text, const char* help, int& v, Bounds b,
                bool log, const char* fmt = "%d") {
  label(text, help);
  const int lo = static_cast<int>(b.min), hi = static_cast<int>(b.max);
  const bool changed = ImGui::SliderInt((std::string("##") + key).c_str(), &v, lo, hi, fmt,
                                        log ? ImGuiSliderFlags_Logarithmic : 0);
  remember(rects, key);
  // Ctrl+click typing may leave the range; a loaded value beyond the slider stays as it is.
  if (changed) v = std::clamp(v, lo, hi);
  return changed;
}

bool slider_double(Rects& rects, const char* key, const char* text, const char* help, double& v,
                   Bounds b, bool log, const char* fmt) {
  label(text, help);
  const bool changed =
      ImGui::SliderScalar((std::string("##") + key).c_str(), ImGuiDataType_Double, &v, &b.min,
                          &b.max, fmt, log ? ImGuiSliderFlags_Logarithmic : 0);
  remember(rects, key);
  if (changed) v = std::clamp(v, b.min, b.max);
  return changed;
}

template <class E, std::size_t N>
bool combo(Rects& rects, const char* key, const char* text, const char* help, E& v,
           const std::array<E, N>& values) {
  label(text, help);
  bool changed = false;
  const std::string current(to_string(v));
  if (ImGui::BeginCombo((std::string("##") + key).c_str(), current.c_str())) {
    for (E e : values) {
      const std::string name(to_string(e));
      if (ImGui::Selectable(name.c_str(), e == v)) {
        changed = e != v;
        v = e;
      }
    }
    ImGui::EndCombo();
  }
  remember(rects, key);
  return changed;
}

bool begin_settings_table(const char* id) {
  if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingFixedFit)) return false;
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed,
                          ImGui::CalcTextSize("consumer delay").x + 4.0f);
  ImGui::TableSetupColumn("widget", ImGuiTableColumnFlags_WidthStretch);
  return true;
}

void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::running), "%s", title);
  ImGui::Separator();
}

}  // namespace

std::optional<ControlsPanel::WidgetRect> ControlsPanel::widget_rect(const std::string& key) const {
  const auto it = rects_.find(key);
  if (it == rects_.end()) return std::nullopt;
  return it->second;
}

void ControlsPanel::Draw(const Snapshot& snap, Commands& cmds) {
  rects_.clear();  // only what this frame draws (presentation mode hides some)
  draw_run_buttons(snap, cmds);
  draw_pool(snap, cmds);
  draw_jobs(cmds);
  draw_arrivals(cmds);
  draw_view(cmds);
}

void ControlsPanel::draw_run_buttons(const Snapshot& snap, Commands& cmds) {
  section("Run");
  const float w = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3.0f;
  const ImVec2 size(w, 0);
  const bool live = snap.phase == RunPhase::running || snap.phase == RunPhase::paused;
  if (ImGui::Button("Start", size)) cmds.push(cmd::Restart{edit_});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Start the scenario again from zero (a new run)");
  ImGui::SameLine();
  ImGui::BeginDisabled(!live);
  if (snap.phase == RunPhase::paused) {
    if (ImGui::Button("Resume", size)) cmds.push(cmd::Resume{});
  } else if (ImGui::Button("Pause", size)) {
    cmds.push(cmd::Pause{});
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Reset", size)) cmds.push(cmd::Reset{});
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Back to the loaded scenario's settings, and start it again");
  }
  ImGui::BeginDisabled(!live);
  if (ImGui::Button("Drain", size)) cmds.push(cmd::Shutdown{ShutdownMode::drain});
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip("Stop producing; finish every queued job, then stop");
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel", size)) cmds.push(cmd::Shutdown{ShutdownMode::cancel});
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip("Stop producing; drop queued jobs, let running jobs finish");
  }
  ImGui::SameLine();
  if (ImGui::Button("Abort", size)) cmds.push(cmd::Shutdown{ShutdownMode::abort});
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip("Stop now: interrupt running jobs too");
  }
  ImGui::EndDisabled();
}

void ControlsPanel::draw_pool(const Snapshot& snap, Commands& cmds) {
  section("Pool");
  if (!begin_settings_table("pool")) return;
  if (slider_int(rects_, "workers", "workers", "Worker threads in the pool (applied live)",
                 edit_.workers, bounds("workers", 1, 256), true)) {
    cmds.push(cmd::Apply{edit_});
  }
  draw_goetz_marker();
  if (slider_int(rects_, "buffer", "buffer",
                 "Job queue capacity; 0 = unbuffered (a rendezvous hand-off)", edit_.buffer,
                 bounds("buffer", 0, 4096), true, edit_.buffer == 0 ? "0 (unbuffered)" : "%d")) {
    cmds.push(cmd::Apply{edit_});
  }
  static constexpr std::array<FullPolicy, 4> policies{
      FullPolicy::block, FullPolicy::reject, FullPolicy::caller_runs, FullPolicy::drop_oldest};
  if (combo(rects_, "policy", "when full", "What the producer does when the job queue is full",
            edit_.policy, policies)) {
    cmds.push(cmd::Apply{edit_});
  }
  int downstream = edit_.downstream;
  if (shown(downstream > 0) &&
      slider_int(rects_, "downstream", "downstream", "Connections jobs share (0 = unlimited)",
                 downstream, bounds("downstream", 0, 256), false,
                 downstream == 0 ? "unlimited" : "%d")) {
    edit_.downstream = downstream;
    cmds.push(cmd::Apply{edit_});
  }
  // The latency in force now: with timed steps, the run's current one. Moving the slider takes
  // over from the steps.
  double latency =
      edit_.downstream_steps.empty() ? edit_.downstream_latency_ms : snap.downstream_latency_ms;
  if (shown(edit_.calls_downstream()) &&
      slider_double(rects_, "downstream_latency_ms", "call latency",
                    "Each job's downstream call takes this long (applied live; replaces the "
                    "scenario's timed steps)",
                    latency, bounds("downstream_latency_ms", 0, 2000), false, "%.0f ms")) {
    edit_.downstream_latency_ms = latency;
    edit_.downstream_steps.clear();
    cmds.push(cmd::Apply{edit_});
  }
  static constexpr std::array<LimitPolicy, 4> limits{LimitPolicy::none, LimitPolicy::aimd,
                                                     LimitPolicy::vegas, LimitPolicy::gradient2};
  if (shown(edit_.limit != LimitPolicy::none) &&
      combo(rects_, "limit", "limit",
            "Adaptive concurrency limit on the downstream calls (a change starts it afresh)",
            edit_.limit, limits)) {
    // Tuning belongs to the algorithm it was written for.
    if (edit_.limit != LimitPolicy::aimd) edit_.limit_timeout_ms = 0;
    if (edit_.limit != LimitPolicy::vegas) edit_.limit_probe_multiplier = 0;
    if (edit_.limit == LimitPolicy::none)
      edit_.limit_initial = edit_.limit_min = edit_.limit_max = 0;
    cmds.push(cmd::Apply{edit_});
  }
  ImGui::EndTable();
}

void ControlsPanel::draw_jobs(Commands& cmds) {
  section("Jobs");
  if (!begin_settings_table("jobs")) return;
  bool changed = false;
  changed |= slider_double(rects_, "job_ms", "job duration", "Mean job duration (applied live)",
                           edit_.job_ms, bounds("job_ms", 1, 10000), true, "%.0f ms");
  static constexpr std::array<JobKind, 3> kinds{JobKind::sleep, JobKind::spin, JobKind::mixed};
  changed |= combo(rects_, "job_kind", "kind",
                   "sleep: waits (I/O-like); spin: burns CPU; mixed: both", edit_.job_kind, kinds);
  const ScenarioSpec defaults;
  ImGui::BeginDisabled(edit_.job_kind != JobKind::mixed);
  if (shown(edit_.job_kind == JobKind::mixed))
    changed |=
        slider_double(rects_, "cpu_fraction", "cpu share", "Mixed jobs: share spent computing",
                      edit_.cpu_fraction, bounds("cpu_fraction", 0, 1), false, "%.2f");
  ImGui::EndDisabled();
  static constexpr std::array<DurationDist, 4> dists{DurationDist::fixed, DurationDist::uniform,
                                                     DurationDist::exp, DurationDist::lognormal};
  if (shown(edit_.dist != defaults.dist))
    changed |= combo(rects_, "dist", "distribution", "How job durations vary around the mean",
                     edit_.dist, dists);
  ImGui::BeginDisabled(edit_.dist != DurationDist::uniform &&
                       edit_.dist != DurationDist::lognormal);
  if (shown(edit_.dist != defaults.dist))
    changed |= slider_double(rects_, "spread", "spread",
                             "Relative spread of uniform / lognormal durations", edit_.spread,
                             bounds("spread", 0, 1), false, "%.2f");
  ImGui::EndDisabled();
  double fail_pct = edit_.fail * 100.0;
  const Bounds fb = bounds("fail", 0, 1);
  if (shown(edit_.fail > 0) &&
      slider_double(rects_, "fail", "failures", "Probability that a job fails", fail_pct,
                    {fb.min * 100, fb.max * 100}, false, "%.1f %%")) {
    edit_.fail = fail_pct / 100.0;
    changed = true;
  }
  if (shown(edit_.timeout_ms > 0))
    changed |= slider_double(rects_, "timeout_ms", "timeout", "Per-job timeout (0 = none)",
                             edit_.timeout_ms, bounds("timeout_ms", 0, 60000), true,
                             edit_.timeout_ms <= 0 ? "none" : "%.0f ms");
  ImGui::EndTable();
  if (changed) cmds.push(cmd::Apply{edit_});
}

void ControlsPanel::draw_arrivals(Commands& cmds) {
  section("Arrivals");
  enum Mode { closed, rate, bursts };
  int mode = edit_.rate ? rate : (edit_.burst > 0 ? bursts : closed);
  const int before = mode;
  ImGui::RadioButton("closed loop", &mode, closed);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("The producer submits as fast as the queue takes jobs (it blocks when full)");
  }
  ImGui::SameLine();
  ImGui::RadioButton("rate", &mode, rate);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open loop: Poisson arrivals at a fixed rate");
  ImGui::SameLine();
  ImGui::RadioButton("bursts", &mode, bursts);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open loop: N jobs at once, every T ms");
  bool changed = mode != before;
  if (changed) {
    if (edit_.rate) last_rate_ = *edit_.rate;
    if (edit_.burst > 0) last_burst_ = edit_.burst;
    edit_.rate.reset();
    edit_.burst = 0;
    if (mode == rate) edit_.rate = last_rate_;
    if (mode == bursts) {
      edit_.burst = last_burst_;
      if (edit_.burst_every_ms <= 0) edit_.burst_every_ms = 1000;
    }
  }
  if (!begin_settings_table("arrivals")) return;
  if (mode == rate) {
    double r = edit_.rate.value_or(last_rate_);
    if (slider_double(rects_, "rate", "rate", "Mean arrivals per second", r,
                      bounds("rate", 0.1, 100000), true, "%.1f /s")) {
      edit_.rate = r;
      changed = true;
    }
  } else if (mode == bursts) {
    changed |= slider_int(rects_, "burst", "burst size", "Jobs per burst", edit_.burst,
                          bounds("burst", 1, 10000), true);
    changed |=
        slider_double(rects_, "burst_every_ms", "every", "Time between bursts",
                      edit_.burst_every_ms, bounds("burst_every_ms", 1, 60000), true, "%.0f ms");
  }
  if (shown(edit_.consumer_ms > 0))
    changed |= slider_double(rects_, "consumer_ms", "consumer delay",
                             "Time the consumer spends per result", edit_.consumer_ms,
                             bounds("consumer_ms", 0, 10000), true,
                             edit_.consumer_ms <= 0 ? "none" : "%.0f ms");
  // How long the run lasts: a job count or a duration (the next Start uses it).
  int stop = edit_.duration_s && !edit_.jobs ? 1 : 0;
  label("stop after", "The run ends after this many jobs, or after this long");
  const int stop_before = stop;
  ImGui::RadioButton("jobs", &stop, 0);
  ImGui::SameLine();
  ImGui::RadioButton("seconds", &stop, 1);
  if (stop != stop_before) {
    if (stop == 0) {
      edit_.jobs = std::max<std::int64_t>(1, edit_.job_count());
      edit_.duration_s.reset();
    } else {
      edit_.jobs.reset();
      edit_.duration_s = edit_.duration_s.value_or(30.0);
    }
    changed = true;
  }
  label("", nullptr);
  if (stop == 0) {
    std::int64_t jobs = edit_.job_count();
    const std::int64_t step = 1, fast = 100;
    if (ImGui::InputScalar("##jobs", ImGuiDataType_S64, &jobs, &step, &fast, "%lld")) {
      const Bounds b = bounds("jobs", 1, 1e9);
      edit_.jobs = std::clamp<std::int64_t>(jobs, static_cast<std::int64_t>(b.min),
                                            static_cast<std::int64_t>(b.max));
      changed = true;
    }
  } else {
    double secs = edit_.duration_s.value_or(30.0);
    if (ImGui::InputDouble("##duration", &secs, 1.0, 10.0, "%.1f s")) {
      const Bounds b = bounds("duration_s", 0.1, 86400);
      edit_.duration_s = std::clamp(secs, b.min, b.max);
      changed = true;
    }
  }
  ImGui::EndTable();
  if (changed) cmds.push(cmd::Apply{edit_});
}

void ControlsPanel::draw_view(Commands& cmds) {
  section("View");
  if (!begin_settings_table("view")) return;
  label("UI scale", "Text and widget size (for projectors, and high-DPI screens)");
  float s = ui_scale_;
  ImGui::SliderFloat("##ui_scale", &s, 0.75f, 2.0f, "%.2f×");
  if (s != ui_scale_) ui_scale_ = s;
  remember(rects_, "ui_scale");
  if (ImGui::IsItemDeactivatedAfterEdit()) cmds.push(cmd::SetUiScale{ui_scale_});
  label("Layout",
        "UI scale 1, presentation off, the default window size and the views back to live "
        "time; remembered for the next start");
  if (ImGui::Button("Reset layout", ImVec2(-1.0f, 0.0f))) cmds.push(cmd::ResetLayout{});
  remember(rects_, "reset_layout");
  ImGui::EndTable();
}

// Goetz's rule N = Ncpu / (compute share of a job), as a tick under the workers slider: where
// the rule of thumb would size this pool for the current job profile.
void ControlsPanel::draw_goetz_marker() {
  const auto it = rects_.find("workers");
  if (it == rects_.end()) return;
  const int cpus = std::max(1u, std::thread::hardware_concurrency());
  const double cpu_share = job_cpu_fraction(edit_);
  const int n = goetz_workers_for_profile(cpus, cpu_share);
  const Bounds b = bounds("workers", 1, 256);
  const ImVec2 lo = it->second.min, hi = it->second.max;
  // Jobs that only wait put no bound on N (memory and downstream limits decide): no tick.
  if (n > static_cast<int>(b.max)) return;
  // The same mapping as ImGui 1.86's logarithmic integer slider: grab centre at ratio r of the
  // usable width, r = log(v / min) / log(max / min).
  const ImGuiStyle& style = ImGui::GetStyle();
  const float pad = 2.0f;
  const float grab = style.GrabMinSize;
  const float usable = (hi.x - lo.x) - 2 * pad - grab;
  const double r = std::log(double(n) / b.min) / std::log(b.max / b.min);
  const float x = lo.x + pad + grab * 0.5f + static_cast<float>(r) * usable;
  const float s = std::max(3.0f, ImGui::GetFontSize() * 0.3f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddTriangleFilled(ImVec2(x - s, hi.y + s + 1), ImVec2(x + s, hi.y + s + 1),
                        ImVec2(x, hi.y + 1), colors::capacity);
  char tip[200];
  std::snprintf(tip, sizeof tip,
                "Goetz's rule: N = Ncpu x U x (1 + W/C) = %d x 1 x 1/%.2f = %d workers for this "
                "job profile on %d cores (the orange tick under the slider)",
                cpus, std::max(cpu_share, 1e-9), n, cpus);
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (std::abs(m.x - x) <= s * 2 && m.y >= lo.y && m.y <= hi.y + s * 2 + 2) {
    ImGui::SetTooltip("%s", tip);
  }
}

}  // namespace poolscope::gui
