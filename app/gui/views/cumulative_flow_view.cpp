// CumulativeFlowView: the three counts gathered from the timeline (rebuilt at most a few times a
// second while the run grows), drawn as step lines per pixel column, and the gaps at the cursor.
#include "views/cumulative_flow_view.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>

#include "ui/palette.h"
#include "ui/plot.h"
#include "ui/text_layout.h"

namespace poolscope::gui {

namespace {

constexpr double rebuild_every_s = 0.25;

std::uint64_t count_by(const std::vector<std::int64_t>& v, std::int64_t t) {
  return static_cast<std::uint64_t>(std::upper_bound(v.begin(), v.end(), t) - v.begin());
}

struct Curve {
  const std::vector<std::int64_t>* times;
  ImU32 color;
  const char* name;
};

}  // namespace

void CumulativeFlowView::rebuild(const Snapshot& snap) {
  arrived_.clear();
  started_.clear();
  finished_.clear();
  const TimelineData& tl = *snap.timeline;
  for (const auto& b : tl.submits)
    for (const JobInstant& i : b->items) arrived_.push_back(i.t_ns);
  for (const LaneTimeline& lane : tl.lanes) {
    if (lane.lane == consumer_lane) continue;
    for (const auto& b : lane.blocks)
      for (const Segment& seg : b->segments) {
        if (seg.state != SegmentState::running) continue;
        started_.push_back(seg.start_ns);
        if (seg.outcome != JobOutcome::none) finished_.push_back(seg.end_ns);
      }
  }
  // Jobs that left the queue without running: gone from the system at once.
  for (const Mark& m : tl.marks) {
    if (m.kind != EventKind::job_dropped && m.kind != EventKind::job_cancelled) continue;
    started_.push_back(m.t_ns);
    finished_.push_back(m.t_ns);
  }
  for (auto* v : {&arrived_, &started_, &finished_}) std::sort(v->begin(), v->end());
  built_from_ = &tl;
}

CumulativeFlowView::Reading CumulativeFlowView::read(const Snapshot& snap, double t_s) const {
  Reading r;
  const std::int64_t t = snap.start_ns + std::llround(t_s * 1e9);
  r.arrived = count_by(arrived_, t);
  r.started = count_by(started_, t);
  r.finished = count_by(finished_, t);
  if (r.arrived > 0 && r.arrived <= finished_.size()) {
    // The last arrival by t, and the departure that brought the finished count to match it.
    const std::int64_t in = arrived_[r.arrived - 1];
    r.time_in_system_s = double(finished_[r.arrived - 1] - in) * 1e-9;
    r.arrival_s = double(in - snap.start_ns) * 1e-9;
  }
  return r;
}

void CumulativeFlowView::Draw(const Snapshot& snap, const TimeAxis& axis) {
  if (!snap.timeline) return;
  const double now = ImGui::GetTime();
  if (built_from_ != snap.timeline.get() &&
      (built_from_ == nullptr || now - built_at_ >= rebuild_every_s ||
       snap.phase == RunPhase::finished)) {
    rebuild(snap);
    built_at_ = now;
  }
  const Curve curves[] = {{&arrived_, colors::queued, "arrived"},
                          {&started_, colors::running, "started"},
                          {&finished_, colors::completed, "finished"}};
  // The reading, at the cursor or else under the mouse.
  const float sw = ImGui::GetTextLineHeight();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (const Curve& c : curves) {
    ImGui::SameLine(0, 12);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float y = p.y + sw * 0.5f + ImGui::GetStyle().FramePadding.y;
    dl->AddLine(ImVec2(p.x, y), ImVec2(p.x + sw, y), c.color, 3.0f);
    ImGui::Dummy(ImVec2(sw, 1));
    ImGui::SameLine(0, 4);
    ImGui::TextUnformatted(c.name);
    record_last_item(c.name);
  }

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const PlotRect r = shared_axis_rect(origin, avail, axis);
  if (r.height() < ImGui::GetTextLineHeight() || r.width() < 40) return;
  draw_plot_area(dl, r);
  draw_time_grid(dl, r, axis, false);

  // The counts in view: from the finished count at the left edge to the arrivals at the right,
  // so that the gaps stay readable late in a long run.
  const auto t_ns = [&](double t_s) { return snap.start_ns + std::llround(t_s * 1e9); };
  const double lo = double(count_by(finished_, t_ns(std::max(0.0, axis.t0))));
  const double hi = std::max(lo + 1.0, double(count_by(arrived_, t_ns(axis.t1))));
  const auto y_of = [&](double n) {
    return r.max.y - static_cast<float>((n - lo) / (hi - lo)) * (r.height() - 2.0f) - 1.0f;
  };
  char label[32];
  std::snprintf(label, sizeof label, "%.0f", hi);
  dl->AddText(ImVec2(r.min.x - ImGui::CalcTextSize(label).x - 4.0f, r.min.y), colors::text_dim,
              label);
  std::snprintf(label, sizeof label, "%.0f", lo);
  dl->AddText(
      ImVec2(r.min.x - ImGui::CalcTextSize(label).x - 4.0f, r.max.y - ImGui::GetTextLineHeight()),
      colors::text_dim, label);

  dl->PushClipRect(r.min, r.max, true);
  const int columns = static_cast<int>(r.width());
  const double end_s = snap.elapsed_s;
  std::vector<ImVec2> pts;
  for (const Curve& c : curves) {
    pts.clear();
    float prev_y = 0;
    for (int i = 0; i <= columns; ++i) {
      const float x = r.min.x + float(i);
      const double t = axis.t_of(x, r.min.x, r.width());
      if (t < 0.0 || t > end_s) continue;
      const float y = y_of(double(count_by(*c.times, t_ns(t))));
      if (!pts.empty() && y != prev_y) pts.emplace_back(x, prev_y);  // a step, not a slope
      pts.emplace_back(x, y);
      prev_y = y;
    }
    if (pts.size() >= 2) dl->AddPolyline(pts.data(), int(pts.size()), c.color, 0, 2.0f);
  }
  dl->PopClipRect();

  // The gaps at the cursor (or under the mouse): in system (vertical), time in system
  // (horizontal, to the departure that matches the last arrival).
  const ImVec2 m = ImGui::GetIO().MousePos;
  const bool hovered = ImGui::IsWindowHovered() && m.x >= r.min.x && m.x <= r.max.x &&
                       m.y >= r.min.y && m.y <= r.max.y;
  std::optional<double> at = axis.cursor_s;
  if (!at && hovered) at = axis.t_of(m.x, r.min.x, r.width());
  draw_time_cursor(dl, r, axis);
  if (!at || *at < 0.0 || *at > end_s) return;
  const Reading rd = read(snap, *at);
  const float x = static_cast<float>(axis.x_of(*at, r.min.x, r.width()));
  const float ya = y_of(double(rd.arrived)), yf = y_of(double(rd.finished));
  dl->PushClipRect(r.min, r.max, true);
  dl->AddLine(ImVec2(x, ya), ImVec2(x, yf), colors::text, 3.0f);
  if (rd.time_in_system_s >= 0) {
    // From the last arrival by then to the departure that matches it, on the arrivals' level.
    const auto x_at = [&](double t) {
      return static_cast<float>(axis.x_of(t, r.min.x, r.width()));
    };
    dl->AddLine(ImVec2(x_at(rd.arrival_s), ya),
                ImVec2(x_at(rd.arrival_s + rd.time_in_system_s), ya), colors::text, 3.0f);
  }
  dl->PopClipRect();
  char text[160];
  const int n = std::snprintf(
      text, sizeof text, "%.3f s: in system %" PRIu64 " (%" PRIu64 " queued, %" PRIu64 " running)",
      *at, rd.arrived - rd.finished, rd.arrived - rd.started, rd.started - rd.finished);
  if (rd.time_in_system_s >= 0 && n > 0 && std::size_t(n) < sizeof text) {
    std::snprintf(text + n, sizeof text - std::size_t(n), " · time in system %s",
                  format_duration_ms(rd.time_in_system_s * 1e3).c_str());
  }
  if (hovered && !axis.cursor_s) {
    ImGui::SetTooltip("%s", text);
  } else {
    const ImVec2 ts = ImGui::CalcTextSize(text);
    const float tx =
        std::clamp(x + 6.0f, r.min.x + 2.0f, std::max(r.min.x + 2.0f, r.max.x - ts.x - 4.0f));
    dl->AddRectFilled(ImVec2(tx - 3.0f, r.min.y + 2.0f),
                      ImVec2(tx + ts.x + 3.0f, r.min.y + ts.y + 4.0f), IM_COL32(0, 0, 0, 200),
                      3.0f);
    dl->AddText(ImVec2(tx, r.min.y + 3.0f), colors::text, text);
  }
}

}  // namespace poolscope::gui
