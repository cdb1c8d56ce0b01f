// TimelineView's drawing: the header (Live, Save PNG, legend), a row per thread of level-of-detail
// bars with job labels, marks and pause bands, zoom and pan input, and the job tooltip.
#include "views/timeline_view.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <string>

#include "ui/open_segment.h"
#include "ui/palette.h"
#include "ui/plot.h"
#include "ui/text_layout.h"
#include "views/pause_bands.h"

namespace poolscope::gui {
namespace {

constexpr float scrollbar_w = 8.0f;

bool is_quiet(SegmentState s) {
  return s == SegmentState::idle || s == SegmentState::producer_waiting;
}

std::int64_t to_ns(const Snapshot& snap, double t_s) {
  return snap.start_ns + static_cast<std::int64_t>(t_s * 1e9);
}

double to_s(const Snapshot& snap, std::int64_t ns) { return double(ns - snap.start_ns) * 1e-9; }

// A segment's state in words, from core's names (literals: .data() ends in a NUL).
const char* segment_words(SegmentState s) { return to_string(s).data(); }

ImU32 mark_color(EventKind k) {
  switch (k) {
    case EventKind::job_rejected:
      return colors::blocked;
    case EventKind::job_dropped:
      return colors::dropped;
    default:
      return colors::cancelled;
  }
}

}  // namespace

// The rewound instant and its controls: step to the previous / next change, play back or
// forward at a fraction of real time. As many as fit in `width`, most needed first.
void TimelineView::draw_cursor_bar(const TimeAxis& axis, Commands& cmds, float width) {
  const double at_s = *axis.cursor_s;
  const float x_end = ImGui::GetCursorPosX() + width;
  const auto fits = [&](const char* label) {
    return ImGui::GetCursorPosX() + ImGui::CalcTextSize(label).x +
               ImGui::GetStyle().FramePadding.x * 2 <=
           x_end;
  };
  char at[48];
  std::snprintf(at, sizeof at, "at %.4f s", at_s);
  ImGui::AlignTextToFramePadding();
  if (!fits(at)) return;
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::cursor), "%s", at);
  record_last_item(at);
  const auto button = [&](const char* label, const char* tip) {
    ImGui::SameLine();
    if (!fits(label)) return false;
    const bool pressed = ImGui::Button(label);
    record_last_item(label);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
    return pressed;
  };
  if (button("|◀", "Previous change of any thread or job (←)\nOn the selected row: Shift+←"))
    cmds.push(cmd::StepCursor{-1});
  if (button("▶|", "Next change of any thread or job (→)\nOn the selected row: Shift+→"))
    cmds.push(cmd::StepCursor{+1});
  if (axis.cursor_row) {
    // Job boundaries on the row clicked last: where a job started or ended on it.
    if (button("◀ job", "Previous job start or end on the selected row (Ctrl+←)"))
      cmds.push(cmd::StepCursor{-1, cmd::StepScope::row_job});
    if (button("job ▶", "Next job start or end on the selected row (Ctrl+→)"))
      cmds.push(cmd::StepCursor{+1, cmd::StepScope::row_job});
  }
  if (button("◀ play", "Play backwards from the cursor")) cmds.push(cmd::PlayCursor{-1});
  if (button("play ▶", "Play from the cursor")) cmds.push(cmd::PlayCursor{+1});
  if (button("stop", "Stop playback")) cmds.push(cmd::PlayCursor{0});
  for (double s : TimeAxis::playback_speeds) {
    char label[16];
    std::snprintf(label, sizeof label, "%g×", s);
    const bool current = s == axis.cursor_speed;
    if (current)
      ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    const bool pressed = button(label, "Playback speed: a fraction of real time");
    if (current) ImGui::PopStyleColor();
    if (pressed) cmds.push(cmd::CursorSpeed{s});
  }
}

void TimelineView::draw_header(const Snapshot& snap, TimeAxis& axis, Commands& cmds) {
  if (axis.live && !axis.cursor_s) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(colors::consuming));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0, 0, 0, 1));
    ImGui::Button("● Live");
    ImGui::PopStyleColor(2);
    record_last_item("● Live");
  } else {
    if (ImGui::Button("Live ▶")) {
      axis.follow_live(axis.span_s);
      cmds.push(cmd::SetCursor{std::nullopt});
    }
    record_last_item("Live ▶");
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Show the present (L): the view scrolls with time, the cursor goes");
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  const std::string span = format_time(axis.span_s, axis.span_s / 10.0) + " shown";
  ImGui::TextUnformatted(span.c_str());
  record_last_item(span);
  const char* shot_label = "Save timeline PNG";
  const char* slide_label = "Export slide…";
  const float bw = ImGui::CalcTextSize(shot_label).x + ImGui::CalcTextSize(slide_label).x +
                   ImGui::GetStyle().FramePadding.x * 4 + ImGui::GetStyle().ItemSpacing.x;
  const float right = ImGui::GetWindowContentRegionMax().x;
  // The hint in what is left before the button (shortened, with a tooltip, when large text
  // leaves little room).
  ImGui::SameLine();
  const float hint_w = right - ImGui::GetCursorPosX() - bw - ImGui::GetStyle().ItemSpacing.x;
  if (axis.cursor_s) {
    draw_cursor_bar(axis, cmds, hint_w);
  } else if (hint_w > ImGui::CalcTextSize("wheel: zoom…").x) {
    fitted_text("click: rewind to that instant · wheel: zoom · drag: pan · shift+wheel: rows",
                colors::text_dim, hint_w);
  }
  const std::size_t total = snap.timeline ? snap.timeline->total_segments() : 0;
  char count[64];
  std::snprintf(count, sizeof count, "%zu segments", total);
  const float cw = ImGui::CalcTextSize(count).x;
  ImGui::SameLine();
  if (ImGui::GetCursorPosX() + cw + bw + 24 < right) {
    ImGui::SetCursorPosX(right - bw - cw - ImGui::GetStyle().ItemSpacing.x);
    ImGui::TextDisabled("%s", count);
    record_last_item(count);
    ImGui::SameLine();
  }
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), right - bw));
  if (ImGui::Button(slide_label)) slide_dialog_.open(axis, snap.elapsed_s);
  record_last_item(slide_label);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("A window of this timeline as a slide: SVG and PNG, no buttons or hints");
  ImGui::SameLine();
  if (ImGui::Button(shot_label)) cmds.push(cmd::Screenshot{cmd::ShotKind::timeline});
  record_last_item(shot_label);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Save this timeline panel alone as a PNG in ./screenshots (for slides)");
  }

  draw_timeline_legend(hatch_, mark_color(EventKind::job_rejected),
                       mark_color(EventKind::job_dropped));
  if (snap.counters.sent_on_closed > 0) {
    // The close-results-early lesson's mark on the worker rows.
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float s = h * 0.3f;
    const ImVec2 c(p.x + h * 0.5f, p.y + h * 0.55f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddLine(ImVec2(c.x - s, c.y - s), ImVec2(c.x + s, c.y + s), colors::send_failed, 3.0f);
    dl->AddLine(ImVec2(c.x - s, c.y + s), ImVec2(c.x + s, c.y - s), colors::send_failed, 3.0f);
    ImGui::Dummy(ImVec2(h, h));
    ImGui::SameLine(0, 4);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::send_failed),
                       "result sent on the closed channel (lost)");
  }
  if (snap.timeline) {
    // Two pools (lesson 13c): name the groups of rows, above and below the rule between them.
    int cpu = 0, io = 0;
    for (const LaneTimeline& l : snap.timeline->lanes) {
      const int slot = slot_of_lane(l.lane);
      if (slot >= io_worker_slot_base) {
        ++io;
      } else if (slot >= 0) {
        ++cpu;
      }
    }
    if (io > 0 && cpu > 0) {
      ImGui::Text(
          "Two pools: CPU pool (worker 0–%d) above the rule · I/O pool (io worker 0–%d) "
          "below it",
          cpu - 1, io - 1);
    }
  }
  if (snap.spec.priority_share > 0) {
    // The priority lesson's band on high-priority jobs.
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(p.x, p.y + h * 0.2f), ImVec2(p.x + h, p.y + h * 0.9f),
                      colors::running);
    dl->AddRectFilled(ImVec2(p.x, p.y + h * 0.2f), ImVec2(p.x + h, p.y + h * 0.4f),
                      colors::high_priority);
    ImGui::Dummy(ImVec2(h, h));
    ImGui::SameLine(0, 4);
    ImGui::TextUnformatted("high priority (bright band)");
  }
}

void TimelineView::Draw(const Snapshot& snap, TimeAxis& axis, Commands& cmds) {
  flow_.reset();  // set again by the tooltip of a hovered job
  stats_ = {};
  shown_rows_.swap(rows_geom_);  // a click acts on the rows the user saw
  rows_geom_.clear();
  lod_cache_.next_frame();
  draw_header(snap, axis, cmds);

  const float line_h = ImGui::GetTextLineHeight();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float axis_h = line_h + 6.0f;
  if (avail.y < line_h * 4 || avail.x < axis.gutter_px + 50) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();

  const float fixed_row_h = std::round(line_h * 1.35f);
  const float plot_x0 = origin.x + axis.gutter_px;
  const float plot_x1 = origin.x + avail.x - scrollbar_w - 4.0f;
  const float top = origin.y;
  const float workers_top = top + 2 * fixed_row_h + 6.0f;
  const float bottom = origin.y + avail.y - axis_h;
  const float rows_h = std::max(0.0f, bottom - workers_top);
  plot_x0_ = plot_x0;
  plot_x1_ = plot_x1;

  // Rows: every current worker, plus retired workers that still have segments in view.
  const TimelineData* tl = snap.timeline.get();
  const std::int64_t t0_ns = to_ns(snap, axis.t0);
  const std::int64_t now_ns = snap.taken_ns;
  worker_rows_.clear();
  const LaneTimeline* producer = nullptr;
  const LaneTimeline* consumer = nullptr;
  // One row per worker thread, keyed by its slot (the I/O pool's slots start at 1024): a live
  // worker's row and its recorded lane are the same row, under the same name, during and after
  // the run.
  std::vector<const LaneTimeline*> worker_lanes;
  if (tl != nullptr) {
    for (const LaneTimeline& lane : tl->lanes) {
      if (lane.lane == producer_lane) {
        producer = &lane;
      } else if (lane.lane == consumer_lane) {
        consumer = &lane;
      } else if (slot_of_lane(lane.lane) >= 0) {
        worker_lanes.push_back(&lane);
      }
    }
  }
  const auto lane_of_slot = [&](int slot) -> const LaneTimeline* {
    for (const LaneTimeline* l : worker_lanes)
      if (slot_of_lane(l->lane) == slot) return l;
    return nullptr;
  };
  std::vector<bool> live_lane(worker_lanes.size(), false);
  for (const WorkerView& w : snap.workers) {
    Row r{lane_of_slot(w.slot), nullptr, std::nullopt, w.slot};
    if (const auto st = open_segment_state(w.state)) {
      r.open =
          open_segment(w.since_ns, now_ns, r.lane, *st, *st == SegmentState::running ? w.job : 0);
    }
    for (std::size_t i = 0; i < worker_lanes.size(); ++i)
      if (worker_lanes[i] == r.lane) live_lane[i] = true;
    worker_rows_.push_back(r);
  }
  // Retired workers, while they have segments in view.
  for (std::size_t i = 0; i < worker_lanes.size(); ++i) {
    const LaneTimeline& lane = *worker_lanes[i];
    if (!live_lane[i] && !lane.blocks.empty() && lane_end(lane) >= t0_ns) {
      worker_rows_.push_back(Row{&lane, nullptr, std::nullopt, slot_of_lane(lane.lane)});
    }
  }
  std::stable_sort(worker_rows_.begin(), worker_rows_.end(),
                   [](const Row& a, const Row& b) { return a.slot < b.slot; });
  labels_.resize(worker_rows_.size());
  for (std::size_t i = 0; i < worker_rows_.size(); ++i) {
    labels_[i] = worker_slot_name(worker_rows_[i].slot);
    worker_rows_[i].label = labels_[i].c_str();
  }

  const auto n = static_cast<float>(worker_rows_.size());
  const float row_h =
      n > 0 ? std::clamp(std::floor(rows_h / n), 3.0f, std::round(line_h * 2.0f)) : line_h;
  const float content_h = row_h * n;
  scroll_px_ = std::clamp(scroll_px_, 0.0f, std::max(0.0f, content_h - rows_h));

  handle_input(axis, cmds, ImVec2(plot_x0, top), ImVec2(plot_x1, bottom), rows_h, content_h);

  // Background, grid, time axis.
  const PlotRect grid{ImVec2(plot_x0, top), ImVec2(plot_x1, bottom)};
  draw_plot_area(dl, grid);
  draw_time_grid(dl, grid, axis, true);
  dl->AddLine(ImVec2(origin.x, workers_top - 3.0f), ImVec2(plot_x1, workers_top - 3.0f),
              colors::axis);

  splitter_.Split(dl, 3);  // 0: bars, 1: merged (hatch texture), 2: labels
  const Area area{ImVec2(plot_x0, top), ImVec2(plot_x1, bottom), origin.x + 4.0f};
  const Row prow{
      producer, "producer",
      snap.producer.state == ProducerState::blocked
          ? open_segment(snap.producer.since_ns, now_ns, producer, SegmentState::blocked_submit, 0)
          : std::nullopt,
      -1};
  const Row crow{
      consumer, "consumer",
      snap.consumer.state == ConsumerState::consuming
          ? open_segment(snap.consumer.since_ns, now_ns, consumer, SegmentState::consuming, 0)
          : std::nullopt,
      -1};
  dl->PushClipRect(ImVec2(origin.x, top), ImVec2(plot_x1, workers_top), true);
  draw_row(dl, snap, axis, prow, area, top, top + fixed_row_h, true);
  draw_row(dl, snap, axis, crow, area, top + fixed_row_h, top + 2 * fixed_row_h, true);
  draw_marks(dl, snap, axis, area, top, top + fixed_row_h);
  dl->PopClipRect();

  // Worker rows: only those scrolled into view. When rows are shorter than a line of text,
  // label every k-th row so that labels never overlap.
  dl->PushClipRect(ImVec2(origin.x, workers_top), ImVec2(plot_x1, bottom), true);
  const int k = row_h >= line_h * 0.95f ? 1 : static_cast<int>(std::ceil(line_h * 1.15f / row_h));
  const auto first = static_cast<std::size_t>(scroll_px_ / row_h);
  for (std::size_t i = first; i < worker_rows_.size(); ++i) {
    const float y0 = workers_top + float(i) * row_h - scroll_px_;
    if (y0 > bottom) break;
    draw_row(dl, snap, axis, worker_rows_[i], area, y0, y0 + row_h, i % std::size_t(k) == 0);
  }
  if (worker_rows_.empty() && snap.spec.mode == PoolMode::spawn) {
    // Spawn mode: thousands of short-lived job threads get no rows of their own.
    char note[128];
    std::snprintf(note, sizeof note,
                  "Spawn mode: no workers; each job runs on a new thread (%d alive now, counted "
                  "in the graph above)",
                  snap.process.spawned_live);
    const ImVec2 ts = ImGui::CalcTextSize(note);
    dl->AddText(ImVec2(plot_x0 + std::max(6.0f, (plot_x1 - plot_x0 - ts.x) * 0.5f),
                       workers_top + (bottom - workers_top - ts.y) * 0.5f),
                colors::text_dim, note);
  }
  dl->PopClipRect();
  splitter_.Merge(dl);
  // Pauses over every row: time that no statistic counts as waiting or idle.
  if (snap.timeline) {
    draw_pause_bands(dl, grid, axis, *snap.timeline, true);
    not_kept_x_ = draw_not_kept_band(dl, grid, axis, *snap.timeline);
  }
  draw_pool_groups(dl, ImVec2(origin.x, workers_top), ImVec2(plot_x1, bottom), row_h);
  draw_job_flow(dl, snap, axis, plot_x0, plot_x1 - plot_x0, top + fixed_row_h * 0.5f,
                top + fixed_row_h * 1.5f);

  // The present, as a line.
  if (snap.elapsed_s >= axis.t0 && snap.elapsed_s <= axis.t1) {
    const auto x = static_cast<float>(axis.x_of(snap.elapsed_s, plot_x0, plot_x1 - plot_x0));
    dl->AddLine(ImVec2(x, top), ImVec2(x, bottom), IM_COL32(255, 255, 255, 110));
  }
  draw_time_cursor(dl, grid, axis);
  static const std::vector<Marker> no_markers;
  const std::vector<Marker>& markers = markers_list_ != nullptr ? *markers_list_ : no_markers;
  markers_.draw(dl, markers, axis, plot_x0, plot_x1, top, bottom);
  markers_.handle(markers, axis, plot_x0, plot_x1, top, bottom, cmds);
  slide_dialog_.draw(snap.elapsed_s, cmds);
  // Scrollbar of the worker rows.
  if (content_h > rows_h + 0.5f) {
    const float sx = plot_x1 + 3.0f;
    dl->AddRectFilled(ImVec2(sx, workers_top), ImVec2(sx + scrollbar_w, bottom),
                      IM_COL32(255, 255, 255, 20), 3.0f);
    const float thumb_h = std::max(16.0f, rows_h * rows_h / content_h);
    const float ty = workers_top + scroll_px_ / (content_h - rows_h) * (rows_h - thumb_h);
    dl->AddRectFilled(ImVec2(sx, ty), ImVec2(sx + scrollbar_w, ty + thumb_h),
                      IM_COL32(255, 255, 255, dragging_scrollbar_ ? 140 : 80), 3.0f);
  }
  ImGui::Dummy(avail);
}

// Two pools (lesson 13c): a rule between the groups (the header names them; a label over the
// rows would hide the jobs under it).
void TimelineView::draw_pool_groups(ImDrawList* dl, ImVec2 min, ImVec2 max, float row_h) {
  const auto is_io = [](const Row& r) { return r.slot >= io_worker_slot_base; };
  dl->PushClipRect(min, max, true);
  for (std::size_t i = 1; i < worker_rows_.size(); ++i) {
    if (is_io(worker_rows_[i]) == is_io(worker_rows_[i - 1])) continue;
    const float y0 = min.y + float(i) * row_h - scroll_px_;
    dl->AddLine(ImVec2(min.x, y0), ImVec2(max.x, y0), colors::text_dim, 2.0f);
  }
  dl->PopClipRect();
}

void TimelineView::handle_input(TimeAxis& axis, Commands& cmds, const ImVec2& plot_min,
                                const ImVec2& plot_max, float rows_h, float content_h) {
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 m = io.MousePos;
  const float width = plot_max.x - plot_min.x;
  const bool hovered = ImGui::IsWindowHovered();
  const bool in_plot =
      m.x >= plot_min.x && m.x <= plot_max.x && m.y >= plot_min.y && m.y <= plot_max.y;
  const float workers_top = plot_max.y - rows_h;
  const bool scrollable = content_h > rows_h + 0.5f;
  const bool in_scrollbar = scrollable && m.x > plot_max.x && m.x <= plot_max.x + 4 + scrollbar_w &&
                            m.y >= workers_top && m.y <= plot_max.y;
  if (hovered && in_plot && io.MouseWheel != 0.0f) {
    if (io.KeyShift && scrollable) {
      scroll_px_ -= io.MouseWheel * rows_h * 0.2f;
    } else {
      axis.zoom_at(axis.t_of(m.x, plot_min.x, width), std::pow(0.8, double(io.MouseWheel)));
    }
  }
  const auto t_at_mouse = [&] { return axis.t_of(m.x, plot_min.x, width); };
  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    // On the cursor's line, a drag moves the cursor; elsewhere it pans, and a click (a press
    // and release that did not move) puts the cursor there.
    const bool on_cursor =
        axis.cursor_s && std::fabs(axis.x_of(*axis.cursor_s, plot_min.x, width) - m.x) <= 5.0;
    if (in_plot && on_cursor) dragging_cursor_ = true;
    if (in_plot && !on_cursor) dragging_ = true;
    if (in_scrollbar) dragging_scrollbar_ = true;
    press_x_ = m.x;
    moved_ = false;
  }
  if (std::fabs(m.x - press_x_) > 3.0f) moved_ = true;
  if (dragging_cursor_ && ImGui::IsMouseDown(ImGuiMouseButton_Left) && io.MouseDelta.x != 0.0f)
    cmds.push(cmd::SetCursor{std::max(0.0, t_at_mouse())});
  if (dragging_ && !moved_ && in_plot && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
    cmds.push(cmd::SetCursor{std::max(0.0, t_at_mouse())});
    // The row clicked is the one Shift/Ctrl+arrows step on.
    for (const RowGeometry& row : shown_rows_)
      if (m.y >= row.y0 && m.y < row.y1) cmds.push(cmd::SelectRow{row.lane});
  }
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    dragging_ = false;
    dragging_cursor_ = false;
    dragging_scrollbar_ = false;
  }
  if (dragging_ && io.MouseDelta.x != 0.0f) {
    axis.pan_by(-double(io.MouseDelta.x) / double(width) * axis.span_s);
  }
  if (dragging_scrollbar_ && io.MouseDelta.y != 0.0f) {
    scroll_px_ += io.MouseDelta.y * content_h / rows_h;
  }
  scroll_px_ = std::clamp(scroll_px_, 0.0f, std::max(0.0f, content_h - rows_h));
}

void TimelineView::draw_row(ImDrawList* dl, const Snapshot& snap, const TimeAxis& axis,
                            const Row& row, const Area& area, float y0, float y1, bool label) {
  ++stats_.rows_drawn;
  if (row.lane != nullptr) rows_geom_.push_back({int(row.lane->lane), y0, y1});
  const float h = y1 - y0;
  const float line_h = ImGui::GetTextLineHeight();
  const bool selected = row.lane != nullptr && axis.cursor_row == int(row.lane->lane);
  if (selected)
    dl->AddRectFilled(ImVec2(area.label_x - 4.0f, y0), ImVec2(area.max.x, y1),
                      colors::selected_row);
  if (label && row.label != nullptr) {
    // Centered on a row as tall as a line; on shorter rows, from the row's top down (the rows
    // below it carry no label). Only labels wholly inside the clip: half a label reads as
    // another word.
    const float fs = h >= line_h * 0.95f ? ImGui::GetFontSize() : ImGui::GetFontSize() * 0.85f;
    const float ty0 = h >= fs ? y0 : y0 - 0.5f, ty1 = h >= fs ? y1 : y0 + fs + 0.5f;
    if (ty0 >= dl->GetClipRectMin().y - 0.5f && ty1 <= dl->GetClipRectMax().y + 0.5f) {
      draw_text_in_box(dl, ImVec2(area.label_x, ty0), ImVec2(area.min.x - 4.0f, ty1),
                       selected ? colors::cursor : colors::text_dim, row.label, Align::left,
                       ImGui::GetFont(), fs);
    }
  }
  const float pad = h >= 10.0f ? std::round(h * 0.12f) : (h >= 4.0f ? 0.5f : 0.0f);
  const float by0 = y0 + pad, by1 = y1 - pad;
  const float mid = (by0 + by1) * 0.5f;
  const float quiet_half = h >= 6.0f ? std::max(1.0f, (by1 - by0) * 0.16f) : (by1 - by0) * 0.5f;

  const float width = area.max.x - area.min.x;
  LodParams p;
  p.t0_ns = snap.start_ns + static_cast<std::int64_t>(axis.t0 * 1e9);
  p.t1_ns = snap.start_ns + static_cast<std::int64_t>(axis.t1 * 1e9);
  p.x0 = area.min.x;
  p.width = width;
  if (row.lane != nullptr) {
    stats_.segments_visited += build_lod(*row.lane, p, items_, &lod_cache_);
  } else {
    items_.clear();
  }
  if (row.open && row.open->end_ns > p.t0_ns && row.open->start_ns < p.t1_ns) {
    const double ns_per_px = double(p.t1_ns - p.t0_ns) / double(width);
    LodItem it;
    it.x0 = area.min.x + static_cast<float>(double(row.open->start_ns - p.t0_ns) / ns_per_px);
    it.x1 = area.min.x + static_cast<float>(double(row.open->end_ns - p.t0_ns) / ns_per_px);
    it.segment = &*row.open;
    it.state = row.open->state;
    it.start_ns = row.open->start_ns;
    it.end_ns = row.open->end_ns;
    items_.push_back(it);
  }
  snap_to_pixels(items_);

  const ImGuiIO& io = ImGui::GetIO();
  const bool row_hovered = ImGui::IsWindowHovered() && !dragging_ && io.MousePos.y >= y0 &&
                           io.MousePos.y < y1 && io.MousePos.x >= area.min.x &&
                           io.MousePos.x <= area.max.x;
  const LodItem* hovered = nullptr;
  for (const LodItem& it : items_) {
    const float x0 = std::max(it.px0, std::floor(area.min.x) - 2.0f);
    const float x1 = std::min(it.px1, std::ceil(area.max.x) + 2.0f);
    if (x1 <= area.min.x || x0 >= area.max.x) continue;
    ++stats_.items_drawn;
    const bool merged = it.merged > 1;
    const JobOutcome outcome = it.segment ? it.segment->outcome : JobOutcome::ok;
    const ImU32 color = segment_color(it.state, outcome);
    const bool quiet = is_quiet(it.state);
    const float q0 = quiet ? mid - quiet_half : by0;
    const float q1 = quiet ? mid + quiet_half : by1;
    if (merged) {
      ++stats_.merged_items;
      splitter_.SetCurrentChannel(dl, 1);
      if (hatch_ != nullptr) {
        // UVs in screen pixels / texture size: stripes stay continuous across items and rows.
        dl->AddImage(hatch_, ImVec2(x0, q0), ImVec2(x1, q1), ImVec2(x0 / 8.0f, q0 / 8.0f),
                     ImVec2(x1 / 8.0f, q1 / 8.0f), color);
      } else {
        dl->AddRectFilled(ImVec2(x0, q0), ImVec2(x1, q1), with_alpha(color, 0.55f));
      }
    } else {
      splitter_.SetCurrentChannel(dl, 0);
      // Whole pixel columns (snap_to_pixels): back-to-back jobs keep the empty column between them.
      dl->AddRectFilled(ImVec2(x0, q0), ImVec2(x1, q1), color);
      if (it.segment != nullptr && it.state == SegmentState::running &&
          (it.segment->job_class & job_class::high) != 0) {
        // The priority lesson: high-priority jobs carry a bright band along their top.
        dl->AddRectFilled(ImVec2(x0, q0), ImVec2(x1, q0 + std::max(2.0f, (q1 - q0) * 0.3f)),
                          colors::high_priority);
      }
      if (it.segment != nullptr && it.segment->job != 0 && h >= line_h * 0.9f &&
          (it.state == SegmentState::running || it.state == SegmentState::consuming)) {
        char text[32];
        std::snprintf(text, sizeof text, "#%" PRIu64, it.segment->job);
        const float tw = ImGui::CalcTextSize(text).x;
        // Anchored at the job's start, not at its snapped first column (which a gap may move).
        const float vx0 = std::max(it.x0, area.min.x), vx1 = std::min(x1, area.max.x);
        if (vx1 - vx0 >= tw + 5.0f) {
          splitter_.SetCurrentChannel(dl, 2);
          dl->AddText(ImVec2(vx0 + 3.0f, y0 + (h - line_h) * 0.5f), text_on(color), text);
        }
      }
    }
    if (row_hovered && io.MousePos.x >= x0 && io.MousePos.x < std::max(x1 + 1.0f, x0 + 2.0f)) {
      hovered = &it;
    }
  }
  splitter_.SetCurrentChannel(dl, 0);
  if (row.lane != nullptr) draw_failed_sends(dl, snap, axis, row.lane->lane, area, y0, y1);
  if (hovered != nullptr) tooltip_for(snap, row, *hovered);
}

namespace {

// The first instant of `job` in a log of instants (submits or results taken); 0 when none.
std::int64_t instant_of(const std::vector<std::shared_ptr<const InstantBlock>>& log,
                        std::uint64_t job) {
  for (const auto& b : log)
    for (const JobInstant& i : b->items)
      if (i.job == job) return i.t_ns;
  return 0;
}

void arrow_between(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color) {
  dl->AddLine(a, b, color, 2.0f);
  const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
  if (len < 1.0f) return;
  const float ux = dx / len, uy = dy / len, s = 7.0f;
  dl->AddTriangleFilled(b, ImVec2(b.x - ux * s - uy * s * 0.6f, b.y - uy * s + ux * s * 0.6f),
                        ImVec2(b.x - ux * s + uy * s * 0.6f, b.y - uy * s - ux * s * 0.6f), color);
}

// A label on a dark plate, centered at `at` (kept inside [x0, x1]).
void plate(ImDrawList* dl, ImVec2 at, float x0, float x1, const char* text) {
  const ImVec2 ts = ImGui::CalcTextSize(text);
  const float l = std::clamp(at.x - ts.x * 0.5f, x0 + 2.0f, std::max(x0 + 2.0f, x1 - ts.x - 2.0f));
  const ImVec2 a(l - 3.0f, at.y - ts.y * 0.5f - 1.0f),
      b(l + ts.x + 3.0f, at.y + ts.y * 0.5f + 1.0f);
  dl->AddRectFilled(a, b, IM_COL32(0, 0, 0, 200), 3.0f);
  dl->AddText(ImVec2(l, at.y - ts.y * 0.5f), colors::text, text);
}

}  // namespace

// The hovered job's path: from its submit on the producer's row to its start on its worker's
// row (labelled with the queue wait), and from its end to its result taken on the consumer's row
// (labelled with the service time).
void TimelineView::draw_job_flow(ImDrawList* dl, const Snapshot& snap, const TimeAxis& axis,
                                 float x0, float width, float producer_y, float consumer_y) {
  if (!flow_ || !snap.timeline) return;
  JobFlow& f = *flow_;
  f.submit_ns = instant_of(snap.timeline->submits, f.job);
  f.taken_ns = instant_of(snap.timeline->consumed, f.job);
  const auto row = std::find_if(rows_geom_.begin(), rows_geom_.end(),
                                [&](const RowGeometry& g) { return g.lane == f.lane; });
  if (row == rows_geom_.end()) return;
  const auto x_of = [&](std::int64_t t) {
    return static_cast<float>(axis.x_of(to_s(snap, t), x0, width));
  };
  const ImU32 color = colors::cursor;
  char text[64];
  if (f.submit_ns != 0) {
    const ImVec2 a(x_of(f.submit_ns), producer_y), b(x_of(f.start_ns), row->y0);
    arrow_between(dl, a, b, color);
    std::snprintf(text, sizeof text, "queue wait %s",
                  format_duration_ms(double(f.start_ns - f.submit_ns) * 1e-6).c_str());
    plate(dl, ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f), x0, x0 + width, text);
  }
  if (f.taken_ns != 0) {
    const ImVec2 a(x_of(f.end_ns), row->y0), b(x_of(f.taken_ns), consumer_y);
    arrow_between(dl, a, b, color);
  }
  std::snprintf(text, sizeof text, "service %s",
                format_duration_ms(double(f.end_ns - f.start_ns) * 1e-6).c_str());
  plate(dl,
        ImVec2((x_of(f.start_ns) + x_of(f.end_ns)) * 0.5f,
               row->y1 + ImGui::GetTextLineHeight() * 0.7f),
        x0, x0 + width, text);
}

// The close-results-early mistake: where a worker's result send hit the closed channel, a red
// cross on its row (named in the legend; the job's bars stay readable).
void TimelineView::draw_failed_sends(ImDrawList* dl, const Snapshot& snap, const TimeAxis& axis,
                                     Lane lane, const Area& area, float y0, float y1) {
  if (!snap.timeline) return;
  const float width = area.max.x - area.min.x;
  const float h = y1 - y0;
  const float s = std::clamp(h * 0.3f, 2.0f, 7.0f);
  const ImVec2 m = ImGui::GetIO().MousePos;
  splitter_.SetCurrentChannel(dl, 2);
  for (const Mark& mk : snap.timeline->marks) {
    if (mk.kind != EventKind::result_send_failed || mk.lane != lane) continue;
    const auto x = static_cast<float>(axis.x_of(to_s(snap, mk.t_ns), area.min.x, width));
    if (x < area.min.x - s || x > area.max.x + s) continue;
    const float cy = (y0 + y1) * 0.5f;
    dl->AddLine(ImVec2(x, y0 + 1), ImVec2(x, y1 - 1), colors::send_failed, 2.0f);
    dl->AddLine(ImVec2(x - s, cy - s), ImVec2(x + s, cy + s), colors::send_failed, 3.0f);
    dl->AddLine(ImVec2(x - s, cy + s), ImVec2(x + s, cy - s), colors::send_failed, 3.0f);
    if (ImGui::IsWindowHovered() && std::abs(m.x - x) <= s + 1 && m.y >= y0 && m.y < y1) {
      ImGui::SetTooltip(
          "job #%llu: its result was sent on the closed results channel\n(Go "
          "panics: send on closed channel); %u result(s) lost at %.3f s",
          static_cast<unsigned long long>(mk.job), mk.value, to_s(snap, mk.t_ns));
    }
  }
  splitter_.SetCurrentChannel(dl, 0);
}

void TimelineView::draw_marks(ImDrawList* dl, const Snapshot& snap, const TimeAxis& axis,
                              const Area& area, float y0, float y1) {
  if (!snap.timeline) return;
  const auto& marks = snap.timeline->marks;
  const std::int64_t t0 = snap.start_ns + static_cast<std::int64_t>(axis.t0 * 1e9);
  const std::int64_t t1 = snap.start_ns + static_cast<std::int64_t>(axis.t1 * 1e9);
  auto it = std::lower_bound(marks.begin(), marks.end(), t0,
                             [](const Mark& m, std::int64_t t) { return m.t_ns < t; });
  const float s = std::min((y1 - y0) * 0.3f, 6.0f);
  const float width = area.max.x - area.min.x;
  float last_x = -1e9f;
  splitter_.SetCurrentChannel(dl, 2);
  for (; it != marks.end() && it->t_ns <= t1; ++it) {
    const auto x = static_cast<float>(axis.x_of(to_s(snap, it->t_ns), area.min.x, width));
    if (it->kind == EventKind::result_send_failed) continue;  // on the worker's own row
    if (x - last_x < 2.0f) continue;  // one mark per couple of pixels is all that shows anyway
    last_x = x;
    dl->AddTriangleFilled(ImVec2(x - s, y0 + 1), ImVec2(x + s, y0 + 1),
                          ImVec2(x, y0 + 1 + 1.6f * s), mark_color(it->kind));
  }
  splitter_.SetCurrentChannel(dl, 0);
}

void TimelineView::tooltip_for(const Snapshot& snap, const Row& row, const LodItem& item) {
  ImGui::BeginTooltip();
  ImGui::TextDisabled("%s", row.label ? row.label : "");
  if (item.merged > 1) {
    ImGui::Text("%u segments merged here (mostly %s)", item.merged, segment_words(item.state));
    ImGui::Text("%.3f s … %.3f s", to_s(snap, item.start_ns), to_s(snap, item.end_ns));
    ImGui::TextDisabled("zoom in (mouse wheel) to see them one by one");
    ImGui::EndTooltip();
    return;
  }
  const Segment& s = *item.segment;
  const double service_ms = double(s.end_ns - s.start_ns) * 1e-6;
  const bool open = row.open && &*row.open == item.segment;
  if (s.job != 0 && s.state == SegmentState::running && row.lane != nullptr &&
      row.lane->lane >= first_worker_lane)
    flow_ = JobFlow{s.job, int(row.lane->lane), 0, s.start_ns, s.end_ns, 0};
  if (s.job != 0 && (s.state == SegmentState::running || s.state == SegmentState::consuming)) {
    ImGui::Text("job #%" PRIu64 " — %s", s.job, segment_words(s.state));
    if ((s.job_class & job_class::high) != 0) ImGui::TextUnformatted("high priority (taken first)");
    if (s.outcome == JobOutcome::failed || s.outcome == JobOutcome::timed_out ||
        s.outcome == JobOutcome::cancelled) {
      const char* what = s.outcome == JobOutcome::failed      ? "failed"
                         : s.outcome == JobOutcome::timed_out ? "timed out"
                                                              : "cancelled";
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::failed), "outcome: %s", what);
    }
    std::optional<JobRecord> rec;
    if (lookup_) rec = lookup_(s.job);
    if (rec && rec->submit_ns > 0) {
      ImGui::Text("submitted  %.3f s", to_s(snap, rec->submit_ns));
    }
    ImGui::Text("started    %.3f s", to_s(snap, s.start_ns));
    ImGui::Text(open ? "now        %.3f s (still running)" : "ended      %.3f s",
                to_s(snap, s.end_ns));
    if (rec && rec->submit_ns > 0) {
      const std::string wait = format_duration_ms(double(s.start_ns - rec->submit_ns) * 1e-6);
      ImGui::Text("queue wait %s", wait.c_str());
    }
    const std::string service = format_duration_ms(service_ms);
    ImGui::Text("%s %s", s.state == SegmentState::consuming ? "handling  " : "service   ",
                service.c_str());
  } else {
    ImGui::Text("%s", segment_words(s.state));
    const std::string d = format_duration_ms(service_ms);
    ImGui::Text("%.3f s … %.3f s  (%s)", to_s(snap, s.start_ns), to_s(snap, s.end_ns), d.c_str());
  }
  ImGui::EndTooltip();
}

}  // namespace poolscope::gui
