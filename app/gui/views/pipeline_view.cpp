// PipelineView's drawing: producer, job queue slots, workers, results queue and consumer as
// boxes with short state words and arrows, and the flashes of rejections and drops.
#include "views/pipeline_view.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <span>
#include <string>

#include "ui/palette.h"
#include "ui/plot.h"
#include "ui/text_layout.h"
#include "views/spawn_pipeline.h"

namespace poolscope::gui {
namespace {

constexpr std::size_t max_drawn_slots = 64;  // beyond this, slots are drawn proportionally
constexpr double flash_s = 1.2;

struct Box {
  ImVec2 min, max;
  float cx() const { return (min.x + max.x) * 0.5f; }
  float cy() const { return (min.y + max.y) * 0.5f; }
};

// One line of text centered on `center` within `width` (ellipsized, with a tooltip, when it
// does not fit).
void centered_text(ImDrawList* dl, ImVec2 center, float width, ImU32 color, const char* text) {
  const float h = ImGui::GetTextLineHeight();
  draw_text_in_box(dl, ImVec2(center.x - width * 0.5f, center.y - h * 0.5f),
                   ImVec2(center.x + width * 0.5f, center.y + h * 0.5f), color, text);
}

// The first of `options` (longest first) that fits `width`, centered on `center`; the last one
// ellipsized when none does.
void fitting_text(ImDrawList* dl, ImVec2 center, float width, ImU32 color,
                  std::initializer_list<const char*> options) {
  const char* pick = *(options.end() - 1);
  for (const char* o : options) {
    if (ImGui::CalcTextSize(o).x <= width) {
      pick = o;
      break;
    }
  }
  centered_text(dl, center, width, color, pick);
}

float text_w(const char* text) { return ImGui::CalcTextSize(text).x; }

// A state's label and brief form come from core (literals: .data() ends in a NUL).
template <class State>
const char* label_c(State s) {
  return to_string(s).data();
}
template <class State>
const char* brief_c(State s) {
  return brief(s).data();
}

void arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color) {
  dl->AddLine(a, ImVec2(b.x - 6, b.y), color, 2.0f);
  dl->AddTriangleFilled(ImVec2(b.x, b.y), ImVec2(b.x - 8, b.y - 5), ImVec2(b.x - 8, b.y + 5),
                        color);
}

// A queue as a grid of slots, filled in arrival order; a rendezvous (capacity 0) as one hand-off
// point. `jobs` (a rewound instant): the queued jobs' ids, oldest first, written in their slots
// where they fit.
void draw_queue(ImDrawList* dl, const Box& area, float caption_w, std::size_t depth,
                std::size_t capacity, const char* title, const char* short_title,
                bool highlight_full, std::span<const std::uint64_t> jobs = {}) {
  const float line_h = ImGui::GetTextLineHeight();
  // The caption, shorter when the column is narrow (large text, small windows).
  char longest[96], shorter[64], shortest[48];
  if (capacity == 0) {
    std::snprintf(longest, sizeof longest, "%s: unbuffered", title);
    std::snprintf(shorter, sizeof shorter, "%s", title);
    std::snprintf(shortest, sizeof shortest, "unbuffered");
  } else {
    std::snprintf(longest, sizeof longest, "%s %zu / %zu", title, depth, capacity);
    std::snprintf(shorter, sizeof shorter, "%s %zu / %zu", short_title, depth, capacity);
    std::snprintf(shortest, sizeof shortest, "%zu / %zu", depth, capacity);
  }
  fitting_text(dl, ImVec2(area.cx(), area.min.y + line_h * 0.5f), caption_w, colors::text,
               {longest, shorter, shortest});
  const Box inner{ImVec2(area.min.x, area.min.y + line_h * 1.4f), area.max};
  if (capacity == 0) {
    // Rendezvous: the sender waits until a receiver takes the job from its hand.
    const float r = std::min(inner.max.y - inner.min.y, inner.max.x - inner.min.x) * 0.22f;
    const ImVec2 c(inner.cx(), inner.cy() - line_h * 0.4f);
    dl->AddQuadFilled(ImVec2(c.x - r, c.y), ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y),
                      ImVec2(c.x, c.y + r), depth > 0 ? colors::queued : colors::empty_slot);
    dl->AddQuad(ImVec2(c.x - r, c.y), ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y),
                ImVec2(c.x, c.y + r), colors::capacity, 2.0f);
    // One line when it fits, else two: the label must not run into the next column.
    const float w = area.max.x - area.min.x;
    if (text_w("hand-off (rendezvous)") <= w) {
      centered_text(dl, ImVec2(c.x, c.y + r + line_h * 0.7f), w, colors::text_dim,
                    "hand-off (rendezvous)");
    } else {
      centered_text(dl, ImVec2(c.x, c.y + r + line_h * 0.7f), w, colors::text_dim, "hand-off");
      if (text_w("(rendezvous)") <= w) {
        centered_text(dl, ImVec2(c.x, c.y + r + line_h * 1.7f), w, colors::text_dim,
                      "(rendezvous)");
      }
    }
    return;
  }
  const std::size_t drawn = std::min(capacity, max_drawn_slots);
  // The filled share of the drawn slots, rounded up so that one waiting job always shows.
  const std::size_t filled =
      capacity <= max_drawn_slots
          ? std::min(depth, capacity)
          : static_cast<std::size_t>(
                std::ceil(double(std::min(depth, capacity)) * double(drawn) / double(capacity)));
  const float w = inner.max.x - inner.min.x;
  const float h = inner.max.y - inner.min.y - (capacity > max_drawn_slots ? line_h : 0.0f);
  // Choose columns so that the slots are as square and as large as possible.
  std::size_t best_cols = 1;
  float best = 0;
  for (std::size_t cols = 1; cols <= drawn; ++cols) {
    const std::size_t rows = (drawn + cols - 1) / cols;
    const float s = std::min(w / float(cols), h / float(rows));
    if (s > best) {
      best = s;
      best_cols = cols;
    }
  }
  const float cell = std::min(best, line_h * 2.2f);
  const std::size_t rows = (drawn + best_cols - 1) / best_cols;
  const float gw = cell * float(best_cols), gh = cell * float(rows);
  const float ox = inner.cx() - gw * 0.5f, oy = inner.min.y + (h - gh) * 0.5f;
  const float pad = std::max(1.0f, cell * 0.12f);
  const bool full = depth >= capacity;
  for (std::size_t i = 0; i < drawn; ++i) {
    // Fill from the right: the queue's head (next job out) is nearest the workers.
    const std::size_t col = best_cols - 1 - i % best_cols;
    const std::size_t row = i / best_cols;
    const ImVec2 a(ox + float(col) * cell + pad, oy + float(row) * cell + pad);
    const ImVec2 b(ox + float(col + 1) * cell - pad, oy + float(row + 1) * cell - pad);
    dl->AddRectFilled(a, b, i < filled ? colors::queued : colors::empty_slot, 2.0f);
    if (i < jobs.size() && capacity <= max_drawn_slots) {
      char id[24];
      std::snprintf(id, sizeof id, "%" PRIu64, jobs[i]);
      if (text_w(id) <= b.x - a.x - 2.0f && ImGui::GetTextLineHeight() <= b.y - a.y) {
        centered_text(dl, ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f), b.x - a.x,
                      text_on(colors::queued), id);
      }
    }
  }
  dl->AddRect(ImVec2(ox - 2, oy - 2), ImVec2(ox + gw + 2, oy + gh + 2),
              full && highlight_full ? colors::blocked : colors::axis, 3.0f, 0, full ? 2.0f : 1.0f);
  if (capacity > max_drawn_slots) {
    const std::size_t per_box = (capacity + drawn - 1) / drawn;
    char more[64], less[48], least[32];
    std::snprintf(more, sizeof more, "(%zu slots, 1 box ≈ %zu)", capacity, per_box);
    std::snprintf(less, sizeof less, "1 box ≈ %zu slots", per_box);
    std::snprintf(least, sizeof least, "1 ≈ %zu", per_box);
    fitting_text(dl, ImVec2(inner.cx(), oy + gh + line_h * 0.7f), caption_w, colors::text_dim,
                 {more, less, least});
  }
}

}  // namespace

void PipelineView::update_flash(Flash& f, std::uint64_t value, double now_s) {
  if (value > f.last) {
    f.delta = now_s < f.until_s ? f.delta + (value - f.last) : value - f.last;
    f.until_s = now_s + flash_s;
  }
  f.last = value;
}

void PipelineView::Draw(const Snapshot& snap, double now_s) {
  if (snap.run_id != run_id_) {
    run_id_ = snap.run_id;
    rejected_ = Flash{snap.counters.rejected, 0, 0};
    dropped_ = Flash{snap.counters.dropped, 0, 0};
  }
  update_flash(rejected_, snap.counters.rejected, now_s);
  update_flash(dropped_, snap.counters.dropped, now_s);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float line_h = ImGui::GetTextLineHeight();
  if (avail.x < 200 || avail.y < line_h * 5) return;

  // Columns: producer | job queue | workers | results | consumer.
  // The producer, results and consumer columns as wide as their words need (they must stay
  // readable at every text size); the job queue and the workers share the rest.
  const float gap = std::max(22.0f, avail.x * 0.03f);
  const float usable = avail.x - 4 * gap;
  const float box_pad = line_h * 0.8f;
  const float wp = std::max({usable * 0.14f, text_w("Producer") + box_pad,
                             text_w("for 00.00 s") + box_pad, text_w("sent 00000") + box_pad,
                             text_w("holding #0000") + box_pad, text_w("next arrival") + box_pad});
  const float wc = std::max({usable * 0.14f, text_w("Consumer") + box_pad,
                             text_w("consuming") + box_pad, text_w("took 00000") + box_pad});
  const float wr = std::max(usable * 0.12f, text_w("Results 00 / 00") - gap * 0.9f);
  const float rest = std::max(0.0f, usable - wp - wc - wr);
  const float wq = rest * 0.4f, ww = rest - wq;
  // A caption may use its column and most of the gaps beside it, never a neighbour's share.
  const float widen = gap * 0.9f;
  const float top = o.y, bottom = o.y + avail.y;
  float x = o.x;
  const Box col_p{ImVec2(x, top), ImVec2(x + wp, bottom)};
  x += wp + gap;
  const Box col_q{ImVec2(x, top), ImVec2(x + wq, bottom)};
  x += wq + gap;
  const Box col_w{ImVec2(x, top), ImVec2(x + ww, bottom)};
  x += ww + gap;
  const Box col_r{ImVec2(x, top), ImVec2(x + wr, bottom)};
  x += wr + gap;
  const Box col_c{ImVec2(x, top), ImVec2(x + wc, bottom)};
  const float mid_y = top + line_h * 1.4f + (avail.y - line_h * 1.4f) * 0.5f;

  // Producer.
  {
    const bool blocked = snap.producer.state == ProducerState::blocked;
    const float bh = std::min(avail.y * 0.7f, line_h * 5.4f);
    const Box b{ImVec2(col_p.min.x, mid_y - bh * 0.5f), ImVec2(col_p.max.x, mid_y + bh * 0.5f)};
    const ImU32 fill = blocked ? colors::blocked : IM_COL32(40, 48, 60, 255);
    dl->AddRectFilled(b.min, b.max, fill, 6.0f);
    dl->AddRect(b.min, b.max, colors::axis, 6.0f);
    const float tw = b.max.x - b.min.x - 4.0f;  // text width inside the box's border
    centered_text(dl, ImVec2(b.cx(), b.min.y + line_h * 0.8f), tw, text_on(fill), "Producer");
    if (blocked) {
      // Two lines: the word must be readable from the back of a classroom, the time precise.
      const double waited_ms = std::max(0.0, double(snap.taken_ns - snap.producer.since_ns) * 1e-6);
      const std::string waited = "for " + format_duration_ms(waited_ms);
      centered_text(dl, ImVec2(b.cx(), b.cy() - line_h * 0.45f), tw, text_on(fill), "BLOCKED");
      centered_text(dl, ImVec2(b.cx(), b.cy() + line_h * 0.55f), tw, text_on(fill), waited.c_str());
    } else {
      centered_text(dl, ImVec2(b.cx(), b.cy() + line_h * 0.05f), tw, text_on(fill),
                    brief_c(snap.producer.state));
    }
    char sub[64];
    // The job in the producer's hand is not in the queue yet: name it here, where it is.
    if (snap.producer.holding != 0)
      std::snprintf(sub, sizeof sub, "holding #%" PRIu64, snap.producer.holding);
    else
      std::snprintf(sub, sizeof sub, "sent %" PRIu64, snap.counters.submitted);
    centered_text(dl, ImVec2(b.cx(), b.max.y - line_h * 0.8f), tw,
                  blocked ? text_on(fill) : colors::text_dim, sub);
    // Rejections and drops: a badge that flashes when they happen and fades.
    float by = b.max.y + line_h * 0.9f;
    auto badge = [&](const Flash& f, const char* what, ImU32 color, std::uint64_t total) {
      if (total == 0) return;
      const float a = now_s < f.until_s ? float((f.until_s - now_s) / flash_s) : 0.0f;
      char text[64];
      if (a > 0) {
        std::snprintf(text, sizeof text, "+%" PRIu64 " %s!", f.delta, what);
      } else {
        std::snprintf(text, sizeof text, "%" PRIu64 " %s", total, what);
      }
      const ImVec2 ts = ImGui::CalcTextSize(text);
      const ImVec2 p0(b.cx() - ts.x * 0.5f - 6, by - ts.y * 0.5f - 2);
      const ImVec2 p1(b.cx() + ts.x * 0.5f + 6, by + ts.y * 0.5f + 2);
      dl->AddRectFilled(p0, p1, with_alpha(color, 0.25f + 0.75f * a), 4.0f);
      centered_text(dl, ImVec2(b.cx(), by), wp + widen, a > 0.4f ? text_on(color) : colors::text,
                    text);
      by += ts.y + 6;
    };
    badge(rejected_, "rejected", colors::rejected, snap.counters.rejected);
    badge(dropped_, "dropped", colors::dropped, snap.counters.dropped);
    arrow(dl, ImVec2(col_p.max.x + 2, mid_y), ImVec2(col_q.min.x - 2, mid_y), colors::axis);
  }

  // Job queue.
  const bool spawn = snap.spec.mode == PoolMode::spawn;
  if (!spawn) {
    draw_queue(dl, col_q, wq + widen, snap.queue_depth, snap.queue_capacity, "Job queue", "Queue",
               snap.producer.state == ProducerState::blocked, snap.queue_jobs);
  }
  arrow(dl, ImVec2(col_q.max.x + 2, mid_y), ImVec2(col_w.min.x - 2, mid_y), colors::axis);

  // Workers: a grid of boxes, as large as fits; job ids when there is room.
  if (spawn) {
    // No queue and no pool: one thread per job.
    draw_spawn_columns(dl, col_q.min, col_q.max, col_w.min, col_w.max, snap);
    arrow(dl, ImVec2(col_w.max.x + 2, mid_y), ImVec2(col_r.min.x - 2, mid_y), colors::axis);
  } else {
    char caption[64], shorter[48];
    std::size_t busy = 0;
    for (const WorkerView& w : snap.workers) busy += w.state == WorkerState::running ? 1 : 0;
    std::size_t io = 0, io_busy = 0;
    for (const WorkerView& w : snap.workers) {
      io += w.io_pool ? 1 : 0;
      io_busy += w.io_pool && w.state == WorkerState::running ? 1 : 0;
    }
    if (io > 0) {
      // Two pools (lesson 13c): each group by name; its boxes are w0.. and io0..
      std::snprintf(caption, sizeof caption, "CPU pool %zu/%zu busy · I/O pool %zu/%zu",
                    busy - io_busy, snap.workers.size() - io, io_busy, io);
      std::snprintf(shorter, sizeof shorter, "CPU %zu/%zu · I/O %zu/%zu", busy - io_busy,
                    snap.workers.size() - io, io_busy, io);
    } else {
      std::snprintf(caption, sizeof caption, "Workers %zu busy / %zu", busy, snap.workers.size());
      std::snprintf(shorter, sizeof shorter, "%zu/%zu busy", busy, snap.workers.size());
    }
    fitting_text(dl, ImVec2(col_w.cx(), col_w.min.y + line_h * 0.5f), ww + widen, colors::text,
                 {caption, shorter});
    const std::size_t n = snap.workers.size();
    const float gx = col_w.min.x, gy = col_w.min.y + line_h * 1.4f;
    const float gw = col_w.max.x - gx, gh = col_w.max.y - gy;
    std::size_t cols = 1;
    float cell_w = gw, cell_h = gh;
    if (n > 0) {
      // Boxes about 2.2:1, as large as fits.
      float best = 0;
      for (std::size_t c = 1; c <= n; ++c) {
        const std::size_t r = (n + c - 1) / c;
        const float s = std::min(gw / float(c) / 2.2f, gh / float(r));
        if (s > best) {
          best = s;
          cols = c;
        }
      }
      const std::size_t rows = (n + cols - 1) / cols;
      cell_w = std::min(gw / float(cols), line_h * 7.0f);
      cell_h = std::min(gh / float(rows), line_h * 2.6f);
      const float ox = col_w.cx() - cell_w * float(cols) * 0.5f;
      const float oy = gy + (gh - cell_h * float(rows)) * 0.5f;
      const float pad = std::max(1.0f, std::min(cell_w, cell_h) * 0.08f);
      const ImVec2 m = ImGui::GetIO().MousePos;
      for (std::size_t i = 0; i < n; ++i) {
        const WorkerView& w = snap.workers[i];
        const ImVec2 a(ox + float(i % cols) * cell_w + pad, oy + float(i / cols) * cell_h + pad);
        const ImVec2 b(a.x + cell_w - 2 * pad, a.y + cell_h - 2 * pad);
        const ImU32 fill = worker_state_color(w.state);
        dl->AddRectFilled(a, b, fill, std::min(4.0f, pad * 2));
        const float bw = b.x - a.x, bh = b.y - a.y;
        const float tw = bw - 4.0f;
        if (bh >= line_h * 2.0f && bw >= ImGui::CalcTextSize("w00 #0000").x * 0.7f) {
          char l1[32], l2[32];
          std::snprintf(l1, sizeof l1, "%s", worker_slot_short_name(w.slot).c_str());
          const float cx = (a.x + b.x) * 0.5f;
          const float cy = (a.y + b.y) * 0.5f;  // two lines, one either side of the middle
          centered_text(dl, ImVec2(cx, cy - line_h * 0.5f), tw, text_on(fill), l1);
          if (w.state == WorkerState::running) {
            std::snprintf(l2, sizeof l2, "#%" PRIu64, w.job);
            centered_text(dl, ImVec2(cx, cy + line_h * 0.5f), tw, text_on(fill), l2);
          } else {
            fitting_text(dl, ImVec2(cx, cy + line_h * 0.5f), tw, text_on(fill),
                         {label_c(w.state), brief_c(w.state)});
          }
        } else if (bh >= line_h && w.state == WorkerState::running &&
                   bw >= ImGui::CalcTextSize("#0000").x) {
          char l2[32];
          std::snprintf(l2, sizeof l2, "#%" PRIu64, w.job);
          centered_text(dl, ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f), tw, text_on(fill), l2);
        }
        if (ImGui::IsWindowHovered() && m.x >= a.x && m.x < b.x && m.y >= a.y && m.y < b.y) {
          const double since = double(snap.taken_ns - w.since_ns) * 1e-9;
          if (w.state == WorkerState::running) {
            ImGui::SetTooltip(
                "%s: running job #%" PRIu64 " for %.2f s\n%" PRIu64 " jobs done, %.0f%% busy",
                worker_slot_name(w.slot).c_str(), w.job, since, w.jobs_done, w.utilization * 100);
          } else {
            ImGui::SetTooltip("%s: %s for %.2f s\n%" PRIu64 " jobs done, %.0f%% busy",
                              worker_slot_name(w.slot).c_str(), label_c(w.state), since,
                              w.jobs_done, w.utilization * 100);
          }
        }
      }
    }
    arrow(dl, ImVec2(col_w.max.x + 2, mid_y), ImVec2(col_r.min.x - 2, mid_y), colors::axis);
  }

  // Results queue and consumer.
  draw_queue(dl, col_r, wr + widen, snap.results_depth, snap.results_capacity, "Results", "Results",
             false);
  arrow(dl, ImVec2(col_r.max.x + 2, mid_y), ImVec2(col_c.min.x - 2, mid_y), colors::axis);
  {
    const bool busy = snap.consumer.state == ConsumerState::consuming;
    const float bh = std::min(avail.y * 0.62f, line_h * 4.6f);
    const Box b{ImVec2(col_c.min.x, mid_y - bh * 0.5f), ImVec2(col_c.max.x, mid_y + bh * 0.5f)};
    const ImU32 fill = busy ? colors::consuming : IM_COL32(40, 48, 60, 255);
    dl->AddRectFilled(b.min, b.max, fill, 6.0f);
    dl->AddRect(b.min, b.max, colors::axis, 6.0f);
    const float tw = b.max.x - b.min.x - 4.0f;
    centered_text(dl, ImVec2(b.cx(), b.min.y + line_h * 0.8f), tw, text_on(fill), "Consumer");
    centered_text(dl, ImVec2(b.cx(), b.cy() + line_h * 0.1f), tw, text_on(fill),
                  brief_c(snap.consumer.state));
    char sub[64];
    std::snprintf(sub, sizeof sub, "took %" PRIu64, snap.counters.consumed);
    centered_text(dl, ImVec2(b.cx(), b.max.y - line_h * 0.8f), tw,
                  busy ? text_on(fill) : colors::text_dim, sub);
  }
  ImGui::Dummy(avail);
}

}  // namespace poolscope::gui
