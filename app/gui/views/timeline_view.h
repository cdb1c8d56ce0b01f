// TimelineView: the Gantt chart. A row for the producer, one for the consumer, then one per
// worker; a bar per state, labelled with the job id when wide enough. Follows live time until the
// user zooms (wheel, around the cursor) or pans (drag); "Live" follows again. Rows compress and
// scroll (shift+wheel) past a few hundred workers. Draws only what is visible, through
// timeline_lod. Owns only its UI state; UI thread only.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "commands.h"
#include "poolscope/engine.h"
#include "poolscope/snapshot.h"
#include "ui/time_axis.h"
#include "views/slide_dialog.h"
#include "views/timeline_lod.h"
#include "views/timeline_markers.h"

namespace poolscope::gui {

class TimelineView {
 public:
  // Looks up a job's record (submit time) for the hover tooltip; may return nothing.
  using JobLookup = std::function<std::optional<JobRecord>(std::uint64_t job)>;

  void set_job_lookup(JobLookup lookup) { lookup_ = std::move(lookup); }
  // A small repeating stripe texture for merged runs; null: merged runs are drawn translucent.
  void set_hatch_texture(ImTextureID texture) { hatch_ = texture; }
  // The scenario's markers, drawn over the rows (the list must outlive the next Draw).
  void set_markers(const std::vector<Marker>* markers) { markers_list_ = markers; }

  // Draws into the current window's remaining content region.
  void Draw(const Snapshot& snap, TimeAxis& axis, Commands& cmds);

  struct FrameStats {
    std::size_t rows_drawn = 0;
    std::size_t segments_visited = 0;
    std::size_t items_drawn = 0;
    std::size_t merged_items = 0;
  };
  const FrameStats& last_frame() const { return stats_; }

  // Where each lane's row was drawn last frame (screen pixels), and the plot's horizontal span:
  // lets tests check the colors drawn against the engine's segments.
  struct RowGeometry {
    int lane = -1;
    float y0 = 0, y1 = 0;
  };
  const std::vector<RowGeometry>& last_rows() const { return rows_geom_; }
  float plot_x0() const { return plot_x0_; }
  // The right edge of the band over time the window no longer holds (plot_x0() when none).
  float not_kept_x() const { return not_kept_x_; }
  // The hovered job's path, drawn as arrows last frame: submitted (producer row) → started on
  // its worker → result taken (consumer row); times in ns, 0 where the record has none.
  struct JobFlow {
    std::uint64_t job = 0;
    int lane = -1;  // the worker's row
    std::int64_t submit_ns = 0, start_ns = 0, end_ns = 0, taken_ns = 0;
  };
  const std::optional<JobFlow>& last_flow() const { return flow_; }
  float plot_x1() const { return plot_x1_; }

 private:
  struct Row {
    const LaneTimeline* lane = nullptr;
    const char* label = nullptr;
    std::optional<Segment> open;  // the state the thread is in now, not yet a segment
    int slot = -1;                // worker rows: the worker's slot
  };
  struct Area {
    ImVec2 min, max;  // plotting area of a group of rows (excluding the label gutter)
    float label_x = 0;
  };

  void draw_header(const Snapshot& snap, TimeAxis& axis, Commands& cmds);
  void draw_cursor_bar(const TimeAxis& axis, Commands& cmds, float width);
  void handle_input(TimeAxis& axis, Commands& cmds, const ImVec2& plot_min, const ImVec2& plot_max,
                    float rows_h, float content_h);
  void draw_row(ImDrawList* dl, const Snapshot& snap, const TimeAxis& axis, const Row& row,
                const Area& area, float y0, float y1, bool label);
  void draw_marks(ImDrawList* dl, const Snapshot& snap, const TimeAxis& axis, const Area& area,
                  float y0, float y1);
  void draw_pool_groups(ImDrawList* dl, ImVec2 min, ImVec2 max, float row_h);
  void draw_failed_sends(ImDrawList* dl, const Snapshot& snap, const TimeAxis& axis, Lane lane,
                         const Area& area, float y0, float y1);
  void tooltip_for(const Snapshot& snap, const Row& row, const LodItem& item);
  void draw_job_flow(ImDrawList* dl, const Snapshot& snap, const TimeAxis& axis, float x0,
                     float width, float producer_y, float consumer_y);

  JobLookup lookup_;
  const std::vector<Marker>* markers_list_ = nullptr;
  TimelineMarkers markers_;
  SlideDialog slide_dialog_;
  std::optional<JobFlow> flow_;
  ImTextureID hatch_ = nullptr;
  std::vector<LodItem> items_;
  LodCache lod_cache_;
  std::vector<Row> worker_rows_;
  std::vector<std::string> labels_;
  ImDrawListSplitter splitter_;
  float scroll_px_ = 0;  // vertical scroll of the worker rows
  bool dragging_ = false;
  bool dragging_scrollbar_ = false;
  bool dragging_cursor_ = false;  // the rewind cursor's line follows the mouse
  float press_x_ = 0.0f;          // where the left button went down
  bool moved_ = false;            // the mouse moved since: a drag, not a click
  FrameStats stats_;
  std::vector<RowGeometry> rows_geom_;
  float not_kept_x_ = 0.0f;
  std::vector<RowGeometry> shown_rows_;  // the previous frame's, for clicks
  float plot_x0_ = 0, plot_x1_ = 0;
};

}  // namespace poolscope::gui
