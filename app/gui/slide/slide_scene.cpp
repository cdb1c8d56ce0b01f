// build_slide: the slide's layout (title, legend, depth graph, rows, axis, markers) and the
// timeline's segments in the window, clipped at its edges, narrow runs merged as the GUI does.
#include "slide/slide_scene.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "poolscope/rewind.h"
#include "slide/slide_pipeline.h"
#include "ui/open_segment.h"
#include "ui/palette.h"
#include "ui/plot.h"

namespace poolscope::gui {
namespace {

constexpr float margin = 36.0f;
constexpr float gutter = 132.0f;     // row labels, depth ticks
constexpr float merge_below = 1.5f;  // segments narrower than this (slide units) are merged
constexpr ImU32 marker_plate = IM_COL32(10, 12, 16, 225);

bool is_quiet(SegmentState s) {
  return s == SegmentState::idle || s == SegmentState::producer_waiting;
}

float snap_half(float v) { return std::round(v * 2.0f) * 0.5f; }

struct Row {
  const LaneTimeline* lane = nullptr;
  std::string label;
  std::optional<Segment> open;  // the state the thread was in at the snapshot, not yet recorded
};

// Builds the items; one per slide.
class Builder {
 public:
  Builder(const Snapshot& snap, const SlideOptions& o, const MeasureText& measure)
      : snap_(snap), o_(o), measure_(measure) {
    scene_.width = o.width;
    scene_.height = o.height;
    scene_.background = colors::panel_bg;
    scene_.t0_s = o.t0_s;
    scene_.t1_s = o.t1_s;
    x0_ = margin + gutter;
    x1_ = o.width - margin;
    scene_.plot_x0 = x0_;
    scene_.plot_x1 = x1_;
    t0_ns_ = snap.start_ns + static_cast<std::int64_t>(std::llround(o.t0_s * 1e9));
    t1_ns_ = snap.start_ns + static_cast<std::int64_t>(std::llround(o.t1_s * 1e9));
  }

  SlideScene build();

 private:
  float x_of_ns(std::int64_t t) const {
    return x0_ + static_cast<float>(double(t - t0_ns_) / double(t1_ns_ - t0_ns_)) * (x1_ - x0_);
  }
  float x_of_s(double t) const {
    return x0_ + static_cast<float>((t - o_.t0_s) / (o_.t1_s - o_.t0_s)) * (x1_ - x0_);
  }
  void rect(float x0, float y0, float x1, float y1, ImU32 c, std::string_view role) {
    scene_.items.emplace_back(SlideRect{x0, y0, x1, y1, c, role});
  }
  void line(float x0, float y0, float x1, float y1, ImU32 c, float w, std::string_view role) {
    scene_.items.emplace_back(SlideLine{x0, y0, x1, y1, c, w, role});
  }
  void text(float x, float baseline, SlideFont f, ImU32 c, TextAnchor a, std::string s,
            std::string_view role) {
    scene_.items.emplace_back(SlideText{x, baseline, f, c, a, std::move(s), role});
  }
  float width_of(std::string_view s, SlideFont f) const { return measure_(s, f); }

  void collect_rows();
  float draw_title(float y);
  float draw_legend(float y);
  void draw_depth(float y0, float y1);
  void draw_rows(float y0, float y1);
  void draw_row(const Row& row, float y0, float y1);
  void draw_marks(float y0, float y1);
  void draw_axis(float y_top, float y_axis);
  void draw_markers(float y_top, float y_bottom);

  const Snapshot& snap_;
  const SlideOptions& o_;
  const MeasureText& measure_;
  SlideScene scene_;
  float x0_ = 0, x1_ = 0;
  std::int64_t t0_ns_ = 0, t1_ns_ = 0;
  std::vector<Row> rows_;
  // What the legend names: the states and marks that appear.
  std::array<bool, segment_state_count> states_{};
  bool failed_ = false, cancelled_ = false, rejected_ = false, dropped_ = false;
};

void Builder::collect_rows() {
  const TimelineData& tl = *snap_.timeline;
  const LaneTimeline* producer = nullptr;
  const LaneTimeline* consumer = nullptr;
  std::map<int, const LaneTimeline*> workers;  // by slot
  for (const LaneTimeline& lane : tl.lanes) {
    if (lane.lane == producer_lane) {
      producer = &lane;
    } else if (lane.lane == consumer_lane) {
      consumer = &lane;
    } else if (slot_of_lane(lane.lane) >= 0) {
      // A worker whose thread lived during the window (or, with no lifetimes, any).
      bool lived = lane.lives.empty();
      for (const auto& [from, to] : lane.lives) lived = lived || (from < t1_ns_ && to > t0_ns_);
      if (lived) workers[slot_of_lane(lane.lane)] = &lane;
    }
  }
  const std::int64_t now = snap_.taken_ns;
  rows_.push_back(
      {producer, "producer",
       snap_.producer.state == ProducerState::blocked
           ? open_segment(snap_.producer.since_ns, now, producer, SegmentState::blocked_submit, 0)
           : std::nullopt});
  rows_.push_back(
      {consumer, "consumer",
       snap_.consumer.state == ConsumerState::consuming
           ? open_segment(snap_.consumer.since_ns, now, consumer, SegmentState::consuming, 0)
           : std::nullopt});
  for (const auto& [slot, lane] : workers) {
    Row r{lane, worker_slot_name(slot), std::nullopt};
    for (const WorkerView& w : snap_.workers) {
      if (w.slot != slot) continue;
      if (const auto st = open_segment_state(w.state))
        r.open = open_segment(w.since_ns, now, lane, *st, *st == SegmentState::running ? w.job : 0);
    }
    rows_.push_back(std::move(r));
  }
}

float Builder::draw_title(float y) {
  std::string title = o_.title.empty() ? std::string("poolscope") : o_.title;
  const float base = y + slide_font_em(SlideFont::title);
  text(margin, base, SlideFont::title, colors::text, TextAnchor::start, title, "title");
  const std::string window =
      seconds_text(o_.t0_s) + " s – " + seconds_text(o_.t1_s) + " s of the run";
  text(x1_, base, SlideFont::subtitle, colors::text_dim, TextAnchor::end, window, "window");
  // The settings that shape the picture, in words.
  const ScenarioSpec& s = snap_.spec;
  char buf[256];
  std::string about;
  if (s.mode == PoolMode::spawn) {
    about = "spawn mode: a thread per job";
  } else {
    std::snprintf(buf, sizeof buf, "%d worker%s · job queue %d", s.workers,
                  s.workers == 1 ? "" : "s", s.buffer);
    about = buf;
  }
  std::snprintf(buf, sizeof buf, " · %s jobs", format_duration_ms(s.job_ms).c_str());
  about += buf;
  if (s.rate) {
    std::snprintf(buf, sizeof buf, " · %g jobs/s arriving", *s.rate);
    about += buf;
  }
  about += " · when full: " + std::string(to_string(s.policy));
  const float sub = base + slide_font_em(SlideFont::subtitle) + 10.0f;
  text(margin, sub, SlideFont::subtitle, colors::text_dim, TextAnchor::start, about, "settings");
  return sub + 14.0f;
}

float Builder::draw_legend(float y) {
  struct Entry {
    const char* label;
    ImU32 color;
    int kind;  // 0 box, 2 mark, 3 line
  };
  std::vector<Entry> entries;
  const auto state = [&](SegmentState st) { return states_[static_cast<std::size_t>(st)]; };
  if (state(SegmentState::running)) entries.push_back({"running", colors::running, 0});
  if (state(SegmentState::idle)) entries.push_back({"idle", colors::idle, 0});
  if (state(SegmentState::blocked_submit))
    entries.push_back({"blocked submit", colors::blocked, 0});
  if (state(SegmentState::blocked_result))
    entries.push_back({"blocked result", colors::blocked_result, 0});
  if (state(SegmentState::waiting_downstream))
    entries.push_back({"downstream wait", colors::downstream, 0});
  if (state(SegmentState::consuming)) entries.push_back({"consuming", colors::consuming, 0});
  if (failed_) entries.push_back({"failed / timed out", colors::failed, 0});
  if (cancelled_) entries.push_back({"cancelled", colors::cancelled, 0});
  if (state(SegmentState::producer_waiting))
    entries.push_back({"arrival wait", colors::producer_waiting, 0});
  if (rejected_) entries.push_back({"rejected", colors::rejected, 2});
  if (dropped_) entries.push_back({"dropped", colors::dropped, 2});
  if (o_.depth) {
    entries.push_back({"jobs in the queue", colors::queued, 0});
    entries.push_back({"queue capacity", colors::capacity, 3});
  }
  const float em = slide_font_em(SlideFont::body);
  const float sw = 16.0f, line_h = em + 12.0f;
  float x = margin;
  float base = y + em;
  for (const Entry& e : entries) {
    const float w = sw + 8.0f + width_of(e.label, SlideFont::body);
    if (x > margin && x + w > x1_) {
      x = margin;
      base += line_h;
    }
    const float top = base - em * 0.5f - sw * 0.5f + 1.0f;
    switch (e.kind) {
      case 0:
        rect(x, top, x + sw, top + sw, e.color, "swatch");
        break;
      case 2:
        scene_.items.emplace_back(
            SlideTriangle{x, top, x + sw, top, x + sw * 0.5f, top + sw, e.color, "swatch"});
        break;
      default:
        line(x, top + sw * 0.5f, x + sw, top + sw * 0.5f, e.color, 3.0f, "swatch");
        break;
    }
    text(x + sw + 8.0f, base, SlideFont::body, colors::text, TextAnchor::start, e.label, "legend");
    x += w + 26.0f;
  }
  return base + 16.0f;
}

void Builder::draw_depth(float y0, float y1) {
  const TimelineData& tl = *snap_.timeline;
  // Capacity in force during the window (its largest value, so that the line fits).
  double cap = double(snap_.spec.buffer);
  for (const CapacityStep& c : tl.capacity)
    if (c.t_ns <= t1_ns_) cap = c.t_ns <= t0_ns_ ? double(c.jobs) : std::max(cap, double(c.jobs));
  struct Step {
    float x;
    double depth;
  };
  std::vector<Step> steps;
  double most = cap;
  tl.for_each_depth_step(t0_ns_, t1_ns_, [&](const DepthStep& s) {
    const float x = snap_half(std::max(x0_, x_of_ns(s.t_ns)));
    // Steps in the same half unit: the last one stands (the one the next column shows).
    if (!steps.empty() && steps.back().x >= x) steps.pop_back();
    steps.push_back({x, double(s.depth)});
    most = std::max(most, double(s.depth));
  });
  const double step = nice_step(std::max(most, 1.0), 3);
  const double vmax = std::max(step, std::ceil(most / step - 1e-9) * step);
  const auto y_of = [&](double v) { return y1 - static_cast<float>(v / vmax) * (y1 - y0); };

  rect(x0_, y0, x1_, y1, colors::plot_bg, "plot");
  text(margin, y0 + slide_font_em(SlideFont::body), SlideFont::body, colors::text,
       TextAnchor::start, "job queue", "depth-title");
  for (double v = 0; v <= vmax + step * 1e-6; v += step) {
    const float y = y_of(v);
    line(x0_, y, x1_, y, v == 0 ? colors::axis : colors::grid, 1.0f, "grid");
    text(x0_ - 8.0f, y + slide_font_em(SlideFont::small) * 0.35f, SlideFont::small,
         colors::text_dim, TextAnchor::end, format_value(v), "depth-tick");
  }
  // Jobs waiting: the area under the step function, and its outline as thin rectangles (the
  // same in every renderer: no line joins).
  float last_y = -1.0f;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const float a = steps[i].x;
    const float b = i + 1 < steps.size() ? steps[i + 1].x : x1_;
    if (b <= a) continue;
    const float y = y_of(steps[i].depth);
    if (steps[i].depth > 0) rect(a, y, b, y1, with_alpha(colors::queued, 0.55f), "depth");
    if (last_y >= 0 && last_y != y)
      rect(a - 0.75f, std::min(last_y, y) - 0.75f, a + 0.75f, std::max(last_y, y) + 0.75f,
           colors::running, "depth-line");
    rect(a, y - 0.75f, b, y + 0.75f, colors::running, "depth-line");
    last_y = y;
  }
  const float yc = y_of(cap);
  line(x0_, yc, x1_, yc, colors::capacity, 2.0f, "capacity");
}

void Builder::draw_row(const Row& row, float y0, float y1) {
  const float h = y1 - y0;
  const float pad = std::max(1.0f, std::round(h * 0.12f));
  const float by0 = y0 + pad, by1 = y1 - pad, mid = (y0 + y1) * 0.5f;
  const float quiet_half = std::max(1.0f, (by1 - by0) * 0.16f);
  const bool labels = h >= slide_font_em(SlideFont::small) + 6.0f;

  struct Group {
    float x0 = 0, x1 = 0;
    std::array<double, segment_state_count> time{};
    bool any = false;
  } group;
  const auto flush = [&] {
    if (!group.any) return;
    const auto dominant = static_cast<SegmentState>(
        std::max_element(group.time.begin(), group.time.end()) - group.time.begin());
    const bool quiet = is_quiet(dominant);
    // A still picture has no zoom: the run is drawn as the state it mostly was.
    rect(group.x0, quiet ? mid - quiet_half : by0, std::max(group.x1, group.x0 + 1.0f),
         quiet ? mid + quiet_half : by1, segment_color(dominant, JobOutcome::ok), "merged");
    group = {};
  };
  const auto draw = [&](const Segment& s) {
    if (s.end_ns <= t0_ns_ || s.start_ns >= t1_ns_) return;
    const std::int64_t a = std::max(s.start_ns, t0_ns_), b = std::min(s.end_ns, t1_ns_);
    const float xa = snap_half(x_of_ns(a)), xb = snap_half(x_of_ns(b));
    states_[static_cast<std::size_t>(s.state)] = true;
    if (xb - xa < merge_below) {
      if (group.any && xa - group.x1 > merge_below) flush();
      if (!group.any) group.x0 = xa;
      group.any = true;
      group.x1 = std::max(group.x1, xb);
      group.time[static_cast<std::size_t>(s.state)] += double(b - a);
      if (group.x1 - group.x0 >= 2.0f * merge_below) flush();
      return;
    }
    flush();
    const ImU32 color = segment_color(s.state, s.outcome);
    if (s.state == SegmentState::running) {
      failed_ = failed_ || s.outcome == JobOutcome::failed || s.outcome == JobOutcome::timed_out;
      cancelled_ = cancelled_ || s.outcome == JobOutcome::cancelled;
    }
    const bool quiet = is_quiet(s.state);
    // A hairline gap at a job's own end keeps back-to-back jobs apart (not at the window's edge).
    const float gap = b == s.end_ns && xb - xa >= 4.0f ? 1.0f : 0.0f;
    rect(xa, quiet ? mid - quiet_half : by0, xb - gap, quiet ? mid + quiet_half : by1, color,
         quiet ? "quiet" : "block");
    if (labels && s.job != 0 &&
        (s.state == SegmentState::running || s.state == SegmentState::consuming)) {
      const std::string id = "#" + std::to_string(s.job);
      if (xb - gap - xa >= width_of(id, SlideFont::small) + 5.0f) {
        text(xa + 3.0f, mid + slide_font_em(SlideFont::small) * 0.36f, SlideFont::small,
             text_on(color), TextAnchor::start, id, "job-label");
      }
    }
  };
  if (row.lane != nullptr) {
    for (const auto& block : row.lane->blocks) {
      if (block->segments.empty() || block->first_start_ns() >= t1_ns_) continue;
      if (block->last_end_ns() <= t0_ns_) continue;
      for (const Segment& s : block->segments) draw(s);
    }
  }
  if (row.open) draw(*row.open);
  flush();
}

void Builder::draw_marks(float y0, float y1) {
  const float s = std::min((y1 - y0) * 0.3f, 8.0f);
  float last_x = -1e9f;
  for (const Mark& m : snap_.timeline->marks) {
    if (m.t_ns < t0_ns_ || m.t_ns > t1_ns_ || m.kind == EventKind::result_send_failed) continue;
    const float x = x_of_ns(m.t_ns);
    if (x - last_x < 2.0f) continue;
    last_x = x;
    ImU32 c = colors::cancelled;
    if (m.kind == EventKind::job_rejected) {
      c = colors::rejected;
      rejected_ = true;
    } else if (m.kind == EventKind::job_dropped) {
      c = colors::dropped;
      dropped_ = true;
    }
    scene_.items.emplace_back(
        SlideTriangle{x - s, y0 + 1, x + s, y0 + 1, x, y0 + 1 + 1.6f * s, c, "mark"});
  }
}

void Builder::draw_rows(float y0, float y1) {
  rect(x0_, y0, x1_, y1, colors::plot_bg, "plot");
  const auto n = static_cast<float>(rows_.size());
  const float row_h = std::min(o_.depth ? 52.0f : 72.0f, (y1 - y0 - 6.0f) / n);
  // Rows too low for the body font are labelled in the small one (producer and consumer always;
  // workers every few rows, where each label has room).
  const SlideFont label_font =
      row_h >= slide_font_em(SlideFont::body) + 4.0f ? SlideFont::body : SlideFont::small;
  const float label_em = slide_font_em(label_font);
  const float label_every = std::ceil((label_em + 4.0f) / row_h);
  float y = y0;
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (i == 2) {
      // The pool's rows below a rule, apart from the producer and the consumer.
      line(margin, y + 3.0f, x1_, y + 3.0f, colors::axis, 1.0f, "rule");
      y += 6.0f;
    }
    draw_row(rows_[i], y, y + row_h);
    if (i < 2 || std::fmod(float(i - 2), label_every) == 0.0f) {
      text(margin, y + row_h * 0.5f + label_em * 0.36f, label_font, colors::text_dim,
           TextAnchor::start, rows_[i].label, "row-label");
    }
    if (i == 0) draw_marks(y, y + row_h);
    y += row_h;
  }
}

void Builder::draw_axis(float y_top, float y_axis) {
  const double span = o_.t1_s - o_.t0_s;
  const double step = nice_step(span, std::max(2, static_cast<int>((x1_ - x0_) / 120.0f)));
  const float em = slide_font_em(SlideFont::body);
  const float base = y_axis + 8.0f + em;
  line(x0_, y_axis, x1_, y_axis, colors::axis, 1.0f, "axis");
  // The window's own edges are always labelled (to their own precision): the slide shows
  // exactly the window typed. Nice ticks too close to an edge's label go unlabelled.
  struct Label {
    double t;
    std::string text;
  };
  const Label first{o_.t0_s, seconds_text(o_.t0_s) + " s"},
      last{o_.t1_s, seconds_text(o_.t1_s) + " s"};
  const float first_w = width_of(first.text, SlideFont::body);
  const float last_w = width_of(last.text, SlideFont::body);
  std::vector<Label> labels{first};
  const double first_tick = std::ceil(o_.t0_s / step - 1e-9) * step;
  for (double t = first_tick; t <= o_.t1_s + step * 1e-6; t += step) {
    const float x = x_of_s(t);
    line(x, y_top, x, y_axis, colors::grid, 1.0f, "grid");
    line(x, y_axis, x, y_axis + 5.0f, colors::axis, 1.0f, "tick");
    const std::string label = format_time(std::fabs(t) < step * 1e-6 ? 0.0 : t, step);
    const float w = width_of(label, SlideFont::body);
    if (x - w * 0.5f < x0_ + first_w * 0.5f + 12.0f) continue;
    if (x + w * 0.5f > x1_ - last_w * 0.5f - 12.0f) continue;
    labels.push_back({t, label});
  }
  labels.push_back(last);
  line(x0_, y_axis, x0_, y_axis + 8.0f, colors::text, 2.0f, "edge");
  line(x1_, y_axis, x1_, y_axis + 8.0f, colors::text, 2.0f, "edge");
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const bool edge = i == 0 || i + 1 == labels.size();
    text(x_of_s(labels[i].t), base, SlideFont::body, edge ? colors::text : colors::text_dim,
         TextAnchor::middle, labels[i].text, "tick-label");
  }
}

void Builder::draw_markers(float y_top, float y_bottom) {
  const float em = slide_font_em(SlideFont::marker);
  const float plate_h = em + 10.0f;
  std::vector<std::vector<std::pair<float, float>>> levels;  // label spans taken, per level
  for (const Marker& m : o_.markers) {
    if (m.at_s < o_.t0_s || m.at_s > o_.t1_s) continue;
    const float x = x_of_s(m.at_s);
    line(x, y_top, x, y_bottom, colors::marker, 2.0f, "marker");
    const float w = width_of(m.text, SlideFont::marker) + 12.0f;
    // To the right of the line, or to its left where the plot ends.
    const bool left = x + 4.0f + w > x1_;
    const float a = left ? x - 4.0f - w : x + 4.0f, b = a + w;
    std::size_t level = 0;
    for (; level < levels.size(); ++level) {
      bool free = true;
      for (const auto& [p, q] : levels[level]) free = free && (b + 6.0f < p || a > q + 6.0f);
      if (free) break;
    }
    if (level == levels.size()) levels.emplace_back();
    levels[level].emplace_back(a, b);
    const float top = y_top + 4.0f + float(level) * (plate_h + 4.0f);
    rect(a, top, b, top + plate_h, marker_plate, "marker-plate");
    text(a + 6.0f, top + 5.0f + em * 0.8f, SlideFont::marker, colors::marker, TextAnchor::start,
         m.text, "marker-label");
  }
}

SlideScene Builder::build() {
  rect(0, 0, scene_.width, scene_.height, colors::panel_bg, "background");
  collect_rows();
  float y = draw_title(margin);
  // The legend names only what the slide shows, so its rows are drawn first into a scratch
  // list; the legend is placed above them.
  std::vector<SlideItem> head = std::move(scene_.items);
  scene_.items.clear();
  const float axis_h = slide_font_em(SlideFont::body) + 22.0f;
  // Legend height is not known before the rows are drawn; reserve two lines, then place it.
  const float legend_h = 2.0f * (slide_font_em(SlideFont::body) + 12.0f) + 16.0f;
  float plots_top = y + legend_h;
  if (o_.pipeline) {
    // The pipeline as it was at the window's end: where the timeline's rows stop.
    const float strip_h = 120.0f;
    add_pipeline_strip(Rewind(snap_).at_s(o_.t1_s), o_.t1_s, margin,
                       SlideBox{x0_, plots_top, x1_, plots_top + strip_h}, measure_, scene_.items);
    plots_top += strip_h + 22.0f;
  }
  const float bottom = scene_.height - margin - axis_h;
  // Rows up to a comfortable height; what a few rows leave goes to the depth graph (at most
  // half the room) or stays below the axis.
  const float room = bottom - plots_top;
  const float rows_want = float(rows_.size()) * (o_.depth ? 52.0f : 72.0f) + 6.0f;
  const float depth_h =
      o_.depth ? std::round(std::clamp(room - 18.0f - rows_want, room * 0.22f, room * 0.5f)) : 0.0f;
  const float rows_top = o_.depth ? plots_top + depth_h + 18.0f : plots_top;
  const float rows_bottom = std::min(bottom, rows_top + rows_want);
  if (o_.depth) draw_depth(plots_top, plots_top + depth_h);
  draw_rows(rows_top, rows_bottom);
  draw_axis(rows_top, rows_bottom);
  draw_markers(o_.depth ? plots_top : rows_top, rows_bottom);
  std::vector<SlideItem> body = std::move(scene_.items);
  scene_.items = std::move(head);
  draw_legend(y);
  for (SlideItem& item : body) scene_.items.push_back(std::move(item));
  return std::move(scene_);
}

}  // namespace

float slide_font_em(SlideFont f) {
  switch (f) {
    case SlideFont::title:
      return 30.0f;
    case SlideFont::subtitle:
      return 18.0f;
    case SlideFont::body:
      return 18.0f;
    case SlideFont::small:
      return 13.0f;
    case SlideFont::marker:
      return 16.0f;
  }
  return 18.0f;
}

bool slide_font_bold(SlideFont f) { return f == SlideFont::title || f == SlideFont::marker; }

std::string seconds_text(double t_s) {
  char buf[32];
  for (int d = 1; d <= 4; ++d) {
    std::snprintf(buf, sizeof buf, "%.*f", d, t_s);
    if (std::fabs(std::strtod(buf, nullptr) - t_s) < 1e-9) return buf;
  }
  return buf;
}

SlideScene build_slide(const Snapshot& snap, const SlideOptions& options,
                       const MeasureText& measure) {
  return Builder(snap, options, measure).build();
}

}  // namespace poolscope::gui
