// The pipeline strip: five columns joined by arrows, each a caption over a box; queues as slots
// (or a bar when there are too many to draw), workers as a grid of boxes in their states' colors.
#include "slide/slide_pipeline.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "ui/palette.h"

namespace poolscope::gui {
namespace {

constexpr ImU32 quiet_box = IM_COL32(40, 48, 60, 255);
constexpr float arrow_w = 30.0f;
constexpr std::size_t most_slots = 64;  // more slots than this are drawn as a bar

class Strip {
 public:
  Strip(const MeasureText& measure, std::vector<SlideItem>& items)
      : measure_(measure), items_(items) {}

  void rect(const SlideBox& b, ImU32 c, std::string_view role) {
    items_.emplace_back(SlideRect{b.x0, b.y0, b.x1, b.y1, c, role});
  }
  void outline(const SlideBox& b, ImU32 c, std::string_view role) {
    items_.emplace_back(SlideLine{b.x0, b.y0, b.x1, b.y0, c, 1.0f, role});
    items_.emplace_back(SlideLine{b.x1, b.y0, b.x1, b.y1, c, 1.0f, role});
    items_.emplace_back(SlideLine{b.x1, b.y1, b.x0, b.y1, c, 1.0f, role});
    items_.emplace_back(SlideLine{b.x0, b.y1, b.x0, b.y0, c, 1.0f, role});
  }
  // Centered text on one line, only when it fits `width`.
  bool centered(float cx, float baseline, float width, SlideFont f, ImU32 c, const std::string& s,
                std::string_view role) {
    if (measure_(s, f) > width) return false;
    items_.emplace_back(SlideText{cx, baseline, f, c, TextAnchor::middle, s, role});
    return true;
  }
  void arrow(float x0, float x1, float y) {
    items_.emplace_back(
        SlideLine{x0 + 4.0f, y, x1 - 9.0f, y, colors::axis, 2.0f, "pipeline-arrow"});
    items_.emplace_back(SlideTriangle{x1 - 12.0f, y - 5.0f, x1 - 12.0f, y + 5.0f, x1 - 3.0f, y,
                                      colors::axis, "pipeline-arrow"});
  }
  // A thread (producer, consumer): a box in its state's colour, the state (in full, or brief
  // where that does not fit), maybe a job.
  template <class State>
  void thread_box(const SlideBox& b, ImU32 fill, State state, const std::string& job) {
    rect(b, fill, "pipeline-box");
    outline(b, colors::axis, "pipeline-box");
    const float em = slide_font_em(SlideFont::small), cx = (b.x0 + b.x1) * 0.5f;
    const float cy = (b.y0 + b.y1) * 0.5f;
    const ImU32 ink = fill == quiet_box ? colors::text_dim : text_on(fill);
    const float lines = job.empty() ? 1.0f : 2.0f;
    float base = cy - (lines - 1.0f) * em * 0.6f + em * 0.36f;
    if (!centered(cx, base, b.x1 - b.x0 - 8.0f, SlideFont::small, ink,
                  std::string(to_string(state)), "pipeline-state"))
      centered(cx, base, b.x1 - b.x0 - 8.0f, SlideFont::small, ink, std::string(brief(state)),
               "pipeline-state");
    if (!job.empty())
      centered(cx, base + em * 1.2f, b.x1 - b.x0 - 8.0f, SlideFont::small, ink, job,
               "pipeline-state");
  }
  // A queue of `depth` of `capacity`: slots in a grid, filled first, or a bar past most_slots.
  void queue_box(const SlideBox& b, std::size_t depth, std::size_t capacity) {
    rect(b, colors::plot_bg, "pipeline-queue");
    outline(b, depth >= capacity && capacity > 0 ? colors::blocked : colors::axis,
            "pipeline-queue");
    const SlideBox in{b.x0 + 6.0f, b.y0 + 6.0f, b.x1 - 6.0f, b.y1 - 6.0f};
    if (capacity == 0) {
      centered((b.x0 + b.x1) * 0.5f, (b.y0 + b.y1) * 0.5f + 5.0f, b.x1 - b.x0 - 8.0f,
               SlideFont::small, colors::text_dim, "hand-off", "pipeline-state");
      return;
    }
    if (capacity > most_slots) {
      const float w = (in.x1 - in.x0) * float(std::min(depth, capacity)) / float(capacity);
      rect(SlideBox{in.x0, in.y0, in.x0 + w, in.y1}, colors::queued, "pipeline-slot");
      return;
    }
    // The most square grid of slots that fills the box.
    const float w = in.x1 - in.x0, h = in.y1 - in.y0;
    std::size_t cols = 1;
    while (cols < capacity) {
      const std::size_t rows = (capacity + cols - 1) / cols;
      if (w / float(cols) <= h / float(rows)) break;
      ++cols;
    }
    const std::size_t rows = (capacity + cols - 1) / cols;
    const float cell = std::min(w / float(cols), h / float(rows));
    const float gap = std::max(1.0f, std::round(cell * 0.15f));
    const float ox = in.x0 + (w - cell * float(cols)) * 0.5f;
    const float oy = in.y0 + (h - cell * float(rows)) * 0.5f;
    for (std::size_t i = 0; i < capacity; ++i) {
      const float x = ox + float(i % cols) * cell, y = oy + float(i / cols) * cell;
      rect(SlideBox{x, y, x + cell - gap, y + cell - gap},
           i < depth ? colors::queued : colors::empty_slot, "pipeline-slot");
    }
  }
  void workers_grid(const SlideBox& b, const std::vector<RewoundWorker>& workers) {
    const std::size_t n = workers.size();
    if (n == 0) return;
    const float w = b.x1 - b.x0, h = b.y1 - b.y0;
    // Boxes about three times as wide as tall, as many per row as keeps them that shape.
    std::size_t cols = 1;
    while (cols < n) {
      const std::size_t rows = (n + cols - 1) / cols;
      if (w / float(cols) <= 3.0f * h / float(rows)) break;
      ++cols;
    }
    const std::size_t rows = (n + cols - 1) / cols;
    const float cw = w / float(cols), ch = h / float(rows);
    const float gap = std::clamp(std::round(ch * 0.12f), 1.0f, 6.0f);
    const float em = slide_font_em(SlideFont::small);
    for (std::size_t i = 0; i < n; ++i) {
      const RewoundWorker& wk = workers[i];
      const float x = b.x0 + float(i % cols) * cw, y = b.y0 + float(i / cols) * ch;
      const SlideBox box{x, y, x + cw - gap, y + ch - gap};
      const ImU32 fill = worker_state_color(wk.state);
      rect(box, fill, "pipeline-worker");
      if (ch - gap < em + 4.0f) continue;
      const std::string name = "w" + std::to_string(wk.slot);
      const std::string job = wk.job != 0 ? " #" + std::to_string(wk.job) : "";
      const float cx = (box.x0 + box.x1) * 0.5f, base = (box.y0 + box.y1) * 0.5f + em * 0.36f;
      if (!centered(cx, base, box.x1 - box.x0 - 4.0f, SlideFont::small, text_on(fill), name + job,
                    "pipeline-label"))
        centered(cx, base, box.x1 - box.x0 - 4.0f, SlideFont::small, text_on(fill), name,
                 "pipeline-label");
    }
  }

 private:
  const MeasureText& measure_;
  std::vector<SlideItem>& items_;
};

std::string seconds_label(double t_s) { return "at " + seconds_text(t_s) + " s"; }

}  // namespace

void add_pipeline_strip(const RewoundState& at, double at_s, float label_x, const SlideBox& area,
                        const MeasureText& measure, std::vector<SlideItem>& items) {
  Strip strip(measure, items);
  const float body = slide_font_em(SlideFont::body), small = slide_font_em(SlideFont::small);
  const float mid = (area.y0 + area.y1) * 0.5f;
  items.emplace_back(SlideText{label_x, mid - 2.0f, SlideFont::body, colors::text,
                               TextAnchor::start, "pipeline", "pipeline-title"});
  items.emplace_back(SlideText{label_x, mid + body + 2.0f, SlideFont::body, colors::text_dim,
                               TextAnchor::start, seconds_label(at_s), "pipeline-title"});

  std::vector<RewoundWorker> live;
  for (const RewoundWorker& w : at.workers)
    if (w.state != WorkerState::exited) live.push_back(w);
  std::size_t busy = 0;
  for (const RewoundWorker& w : live) busy += w.state == WorkerState::idle ? 0 : 1;

  // Column widths: the threads narrow, the queues wider, the workers what is left.
  const float width = area.x1 - area.x0 - 4.0f * arrow_w;
  const float thread_w = std::round(width * 0.13f), queue_w = std::round(width * 0.2f);
  const float workers_w = width - 2.0f * thread_w - 2.0f * queue_w;
  const float caption_base = area.y0 + small;
  const SlideBox inner{0, caption_base + 8.0f, 0, area.y1};
  const float box_mid = (inner.y0 + inner.y1) * 0.5f;
  float x = area.x0;
  const auto column = [&](float w) {
    const SlideBox b{x, inner.y0, x + w, inner.y1};
    x += w + arrow_w;
    return b;
  };
  const auto caption = [&](const SlideBox& b, const std::string& s) {
    strip.centered((b.x0 + b.x1) * 0.5f, caption_base, b.x1 - b.x0 + arrow_w - 4.0f,
                   SlideFont::small, colors::text, s, "pipeline-caption");
  };

  // Producer.
  const SlideBox producer = column(thread_w);
  const bool blocked = at.producer == ProducerState::blocked;
  const float thread_h = std::min(inner.y1 - inner.y0, 3.2f * small + 12.0f);
  const SlideBox producer_box{producer.x0, box_mid - thread_h * 0.5f, producer.x1,
                              box_mid + thread_h * 0.5f};
  caption(producer, "producer");
  strip.thread_box(producer_box, blocked ? colors::blocked : quiet_box, at.producer,
                   blocked && at.holding != 0 ? "holding #" + std::to_string(at.holding) : "");
  strip.arrow(producer.x1, producer.x1 + arrow_w, box_mid);

  // Job queue.
  const SlideBox queue = column(queue_w);
  caption(queue, at.queue_capacity == 0 ? std::string("job queue: unbuffered")
                                        : "job queue " + std::to_string(at.queue_jobs.size()) +
                                              " / " + std::to_string(at.queue_capacity));
  strip.queue_box(queue, at.queue_jobs.size(), at.queue_capacity);
  strip.arrow(queue.x1, queue.x1 + arrow_w, box_mid);

  // Workers.
  const SlideBox workers = column(workers_w);
  caption(workers, "workers " + std::to_string(busy) + " busy / " + std::to_string(live.size()));
  strip.workers_grid(workers, live);
  strip.arrow(workers.x1, workers.x1 + arrow_w, box_mid);

  // Results queue.
  const SlideBox results = column(queue_w);
  caption(results, at.results_capacity == 0 ? std::string("results: unbuffered")
                                            : "results " + std::to_string(at.results_depth) +
                                                  " / " + std::to_string(at.results_capacity));
  strip.queue_box(results, at.results_depth, at.results_capacity);
  strip.arrow(results.x1, results.x1 + arrow_w, box_mid);

  // Consumer.
  const SlideBox consumer{x, box_mid - thread_h * 0.5f, x + thread_w, box_mid + thread_h * 0.5f};
  caption(SlideBox{x, inner.y0, x + thread_w, inner.y1}, "consumer");
  const bool consuming = at.consumer == ConsumerState::consuming;
  strip.thread_box(consumer, consuming ? colors::consuming : quiet_box, at.consumer, "");
}

}  // namespace poolscope::gui
