// The rewind cursor, driven as a user drives it (keys and clicks injected the way ImGui 1.86's
// GLFW backend fills io): every view of an instant shows that instant rebuilt from the record,
// it steps from change to change, plays back at a fraction of real time, and L returns to the
// present, all while the engine keeps running.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "classroom.h"
#include "gui_test_support.h"
#include "host/gui_main.h"
#include "host/image.h"
#include "poolscope/rewind.h"
#include "poolscope/scenario.h"

namespace poolscope::gui::test {
namespace {

ScenarioSpec seed_lesson() {
  std::string error;
  auto spec = load_scenario(assets_dir() + "/scenarios/02-seed-program.json", error);
  EXPECT_TRUE(spec) << error;
  return spec.value_or(ScenarioSpec{});
}

bool run_to_end(OffscreenUi& ui) {
  return eventually(ui, 6.0, [&] {
    const Snapshot* s = ui.app().last_snapshot();
    return s != nullptr && s->phase == RunPhase::finished;
  });
}

int arrow(ImGuiKey key) { return ImGui::GetIO().KeyMap[key]; }

bool adds_up(const Counters& c) {
  return c.submitted == c.completed + c.failed + c.rejected + c.dropped + c.cancelled + c.queued +
                            c.in_progress + c.held;
}

// A click (press and release without moving) at time t_s on the timeline's worker rows.
void click_timeline_at(OffscreenUi& ui, double t_s) {
  const TimeAxis& axis = ui.app().time_axis();
  const float x0 = ui.app().timeline_view().plot_x0();
  const float w = ui.app().timeline_view().plot_x1() - x0;
  const PanelRect& r = ui.app().layout().timeline;
  const ImVec2 at(static_cast<float>(axis.x_of(t_s, x0, w)), r.pos.y + r.size.y * 0.75f);
  for (bool down : {false, true, false}) {
    ui.frame(1.0f / 30.0f, [&](ImGuiIO& io) {
      io.MousePos = at;
      io.MouseDown[0] = down;
    });
  }
}

TEST(RewindCursor, AClickInTheTimelineShowsThatInstantInEveryViewOfAnInstant) {
  auto ui = make_ui(seed_lesson(), kDefaultWidth, kDefaultHeight);
  ASSERT_TRUE(ui);
  ASSERT_TRUE(run_to_end(*ui));
  pump(*ui, 0.1);  // the finished run is fitted whole into the views
  click_timeline_at(*ui, 1.5);
  ui->frame(1.0f / 30.0f);
  const auto at = ui->app().cursor().at_s();
  ASSERT_TRUE(at);
  const double px_s = ui->app().time_axis().span_s / double(ui->app().timeline_view().plot_x1() -
                                                            ui->app().timeline_view().plot_x0());
  EXPECT_NEAR(*at, 1.5, 2 * px_s);
  EXPECT_EQ(ui->app().time_axis().cursor_s, at);
  // The seed lesson at 1.5 s: jobs 4 and 5 running since 1.0 s on two workers, one worker
  // exited, nothing queued, three completed, and the counters add up.
  const Snapshot* s = ui->app().instant_snapshot();
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(s->rewound);
  EXPECT_EQ(s->counters.completed, 3u);
  EXPECT_EQ(s->counters.in_progress, 2u);
  EXPECT_EQ(s->queue_depth, 0u);
  EXPECT_TRUE(adds_up(s->counters));
  ASSERT_EQ(s->workers.size(), 2u);
  for (const WorkerView& w : s->workers) {
    EXPECT_EQ(w.state, WorkerState::running);
    EXPECT_TRUE(w.job == 4 || w.job == 5) << w.job;
    EXPECT_NEAR(double(w.since_ns - s->start_ns) * 1e-9, 1.0, 0.1);
  }
  EXPECT_EQ(s->completion_order.size(), 3u) << "the results strip as far as it had got";
  // The record the timeline draws is still the whole run.
  EXPECT_EQ(ui->app().last_snapshot()->counters.completed, 5u);

  press(*ui, key_live);
  EXPECT_FALSE(ui->app().cursor().active());
  EXPECT_FALSE(ui->app().time_axis().cursor_s);
  EXPECT_FALSE(ui->app().instant_snapshot()->rewound);
}

TEST(RewindCursor, ArrowKeysStepFromChangeToChangeAndEveryPictureAddsUp) {
  auto ui = make_ui(seed_lesson(), kDefaultWidth, kDefaultHeight);
  ASSERT_TRUE(ui);
  ASSERT_TRUE(run_to_end(*ui));
  const int left = arrow(ImGuiKey_LeftArrow), right = arrow(ImGuiKey_RightArrow);
  // From the present, back through the run: strictly earlier at each step, down to the start.
  std::vector<double> path;
  for (int i = 0; i < 60 && (path.empty() || path.back() > 0.0); ++i) {
    press(*ui, left);
    ASSERT_TRUE(ui->app().cursor().at_s());
    const double t = *ui->app().cursor().at_s();
    if (!path.empty()) {
      EXPECT_LT(t, path.back()) << "step " << i;
    }
    path.push_back(t);
    const Snapshot* s = ui->app().instant_snapshot();
    ASSERT_TRUE(s && s->rewound);
    EXPECT_TRUE(adds_up(s->counters)) << "at " << t << " s";
  }
  EXPECT_EQ(path.back(), 0.0) << "stepping back ends at the run's start";
  // Five one-second jobs on three workers: each job's submit, start, end and consumption, and
  // the threads' segments: more than a dozen distinct changes.
  EXPECT_GT(path.size(), 12u);
  // And forward again through the same instants.
  for (std::size_t i = path.size() - 1; i-- > 0;) {
    press(*ui, right);
    EXPECT_DOUBLE_EQ(*ui->app().cursor().at_s(), path[i]);
  }
}

// A click on a worker's row selects it; Ctrl+arrows then step from job boundary to job boundary
// on that row only, and Shift+arrows from change to change on it.
TEST(RewindCursor, ARowClickedIsTheOneCtrlArrowsStepOnFromJobToJob) {
  auto ui = make_ui(seed_lesson(), kDefaultWidth, kDefaultHeight);
  ASSERT_TRUE(ui);
  ASSERT_TRUE(run_to_end(*ui));
  pump(*ui, 0.1);
  // A worker that ran two jobs, and the instants its jobs started and ended, from the record.
  const Snapshot& record = *ui->app().last_snapshot();
  int lane = -1;
  std::vector<double> boundaries;
  for (const LaneTimeline& row : record.timeline->lanes) {
    std::vector<double> own;
    for (const auto& b : row.blocks)
      for (const Segment& seg : b->segments)
        if (seg.state == SegmentState::running)
          for (std::int64_t t : {seg.start_ns, seg.end_ns})
            own.push_back(double(t - record.start_ns) * 1e-9);
    if (row.lane >= first_worker_lane && own.size() == 4) {
      lane = int(row.lane);
      boundaries = own;
    }
  }
  ASSERT_GE(lane, 0) << "a worker ran two jobs";
  std::sort(boundaries.begin(), boundaries.end());
  const auto& rows = ui->app().timeline_view().last_rows();
  const auto row =
      std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.lane == lane; });
  ASSERT_NE(row, rows.end());
  const TimeAxis& axis = ui->app().time_axis();
  const float x0 = ui->app().timeline_view().plot_x0();
  const float w = ui->app().timeline_view().plot_x1() - x0;
  const ImVec2 at(static_cast<float>(axis.x_of(0.05, x0, w)), (row->y0 + row->y1) * 0.5f);
  for (bool down : {false, true, false})
    ui->frame(1.0f / 30.0f, [&](ImGuiIO& io) {
      io.MousePos = at;
      io.MouseDown[0] = down;
    });
  ui->frame(1.0f / 30.0f);
  ASSERT_EQ(ui->app().time_axis().cursor_row, lane) << "the clicked row is selected";
  ASSERT_TRUE(ui->app().cursor().at_s());
  const int left = arrow(ImGuiKey_LeftArrow), right = arrow(ImGuiKey_RightArrow);
  // The click (at 0.05 s) lies inside the row's first job: forward through its three later
  // job boundaries (that job's end, the next one's start and end), then back to the first start.
  ASSERT_LT(boundaries[0], *ui->app().cursor().at_s());
  ASSERT_GT(boundaries[1], *ui->app().cursor().at_s());
  for (std::size_t i = 1; i < boundaries.size(); ++i) {
    press(*ui, right, Held::ctrl);
    EXPECT_NEAR(*ui->app().cursor().at_s(), boundaries[i], 1e-9) << "boundary " << i;
  }
  for (std::size_t i = boundaries.size() - 1; i-- > 0;) {
    press(*ui, left, Held::ctrl);
    EXPECT_NEAR(*ui->app().cursor().at_s(), boundaries[i], 1e-9) << "back to boundary " << i;
  }
  // Shift+→ from the first job's start: the row's next change, no later than its job's end.
  press(*ui, right, Held::shift);
  const double next = *ui->app().cursor().at_s();
  EXPECT_GT(next, boundaries[0]);
  EXPECT_LE(next, boundaries[1] + 1e-9);
  // A plain → steps on all threads: to the record's next change of any thread or job.
  press(*ui, left, Held::ctrl);
  press(*ui, right);
  const Rewind rw(record);
  const std::int64_t from = record.start_ns + std::llround(boundaries[0] * 1e9);
  EXPECT_NEAR(*ui->app().cursor().at_s(), double(rw.next_change(from) - record.start_ns) * 1e-9,
              1e-9);
  press(*ui, key_live);
  EXPECT_FALSE(ui->app().time_axis().cursor_row) << "Live clears the selection";
}

TEST(RewindCursor, PlaybackMovesAtTheChosenFractionOfRealTime) {
  auto ui = make_ui(seed_lesson(), kDefaultWidth, kDefaultHeight);
  ASSERT_TRUE(ui);
  ASSERT_TRUE(run_to_end(*ui));
  RewindCursor& cursor = ui->app().cursor();
  cursor.set(0.2);
  cursor.set_speed(0.25);
  cursor.play(+1);
  // Playback runs on the UI clock (the frames' own time steps), so frames of known length
  // move it a known distance however long the machine takes to draw them.
  const double ui0 = ImGui::GetTime();
  for (int i = 0; i < 24; ++i) ui->frame(1.0f / 30.0f);
  const double ui_s = ImGui::GetTime() - ui0;
  EXPECT_NEAR(ui_s, 0.8, 1e-3);
  EXPECT_NEAR(*cursor.at_s() - 0.2, ui_s * 0.25, 1e-6) << "a quarter of the time that passed";
  // One long frame (a stall) moves it at most a quarter of a second's worth.
  const double before = *cursor.at_s();
  ui->frame(2.0f);
  EXPECT_NEAR(*cursor.at_s() - before, 0.25 * 0.25, 1e-6);
  EXPECT_EQ(cursor.direction(), 1);
  // Backwards, it stops at the start.
  cursor.set(0.05);
  cursor.set_speed(1.0);
  cursor.play(-1);
  for (int i = 0; i < 3; ++i) ui->frame(1.0f / 30.0f);  // 0.1 s of UI time: past the start
  EXPECT_EQ(*cursor.at_s(), 0.0);
  EXPECT_EQ(cursor.direction(), 0);
}

TEST(RewindCursor, TheEngineRunsOnWhileTheViewsShowThePast) {
  auto ui = make_ui(long_run(), 1280, 800);
  ASSERT_TRUE(ui);
  pump(*ui, 0.5);
  press(*ui, arrow(ImGuiKey_LeftArrow));
  ASSERT_TRUE(ui->app().cursor().active());
  const double at = *ui->app().cursor().at_s();
  const std::uint64_t rewound_submitted = ui->app().instant_snapshot()->counters.submitted;
  pump(*ui, 0.6);
  EXPECT_EQ(*ui->app().cursor().at_s(), at) << "the cursor stays where it was put";
  EXPECT_EQ(ui->app().instant_snapshot()->counters.submitted, rewound_submitted);
  EXPECT_GT(ui->app().last_snapshot()->counters.submitted, rewound_submitted)
      << "the engine went on";
  EXPECT_EQ(ui->app().last_snapshot()->phase, RunPhase::running);
  EXPECT_TRUE(adds_up(ui->app().instant_snapshot()->counters));
}

// Hovering a job draws its flow: submitted on the producer's row, started on its worker, its
// result taken on the consumer's row; the times are the engine's own.
TEST(JobFlow, HoveringAJobDrawsItsPathFromSubmitToTakenResult) {
  auto ui = make_ui(seed_lesson(), kDefaultWidth, kDefaultHeight);
  ASSERT_TRUE(ui);
  ASSERT_TRUE(run_to_end(*ui));
  pump(*ui, 0.1);
  const Snapshot& snap = *ui->app().last_snapshot();
  // Job 4: it waited a second in the queue, then ran on a worker that had finished its first.
  const Segment* job4 = nullptr;
  int lane = -1;
  for (const LaneTimeline& l : snap.timeline->lanes)
    for (const auto& b : l.blocks)
      for (const Segment& seg : b->segments)
        if (seg.state == SegmentState::running && seg.job == 4 && l.lane >= first_worker_lane) {
          job4 = &seg;
          lane = l.lane;
        }
  ASSERT_NE(job4, nullptr);
  const auto& rows = ui->app().timeline_view().last_rows();
  const auto row =
      std::find_if(rows.begin(), rows.end(), [&](const auto& g) { return g.lane == lane; });
  ASSERT_NE(row, rows.end());
  const TimeAxis& axis = ui->app().time_axis();
  const float x0 = ui->app().timeline_view().plot_x0();
  const float w = ui->app().timeline_view().plot_x1() - x0;
  const double mid_s = double((job4->start_ns + job4->end_ns) / 2 - snap.start_ns) * 1e-9;
  const ImVec2 at(static_cast<float>(axis.x_of(mid_s, x0, w)), (row->y0 + row->y1) * 0.5f);
  for (int i = 0; i < 2; ++i) ui->frame(1.0f / 30.0f, [&](ImGuiIO& io) { io.MousePos = at; });
  const auto& flow = ui->app().timeline_view().last_flow();
  ASSERT_TRUE(flow.has_value());
  EXPECT_EQ(flow->job, 4u);
  EXPECT_EQ(flow->start_ns, job4->start_ns);
  EXPECT_EQ(flow->end_ns, job4->end_ns);
  ASSERT_NE(flow->submit_ns, 0);
  ASSERT_NE(flow->taken_ns, 0);
  // Submitted at the start, waited about a second, ran a second, its result taken at once.
  EXPECT_NEAR(double(flow->start_ns - flow->submit_ns) * 1e-9, 1.0, 0.1);
  EXPECT_LE(flow->end_ns, flow->taken_ns);
  EXPECT_LT(double(flow->taken_ns - flow->end_ns) * 1e-9, 0.05);
  if (const char* out = std::getenv("POOLSCOPE_FLOW_PNG")) {
    std::string error;
    ui->frame(
        1.0f / 30.0f, [&](ImGuiIO& io) { io.MousePos = at; }, true);
    EXPECT_TRUE(write_png(ui->read_all(), out, error)) << error;
  }
  // Away from the bars, no flow.
  ui->frame(1.0f / 30.0f, [&](ImGuiIO& io) { io.MousePos = ImVec2(2, 2); });
  EXPECT_FALSE(ui->app().timeline_view().last_flow().has_value());
}

// The cumulative flow reads the same counts as the rewind at every instant: arrivals, jobs
// taken out of the queue and jobs ended, so that its gaps are the jobs in the system.
TEST(CumulativeFlow, ReadsTheCountsTheRewindRebuildsAtTheCursor) {
  auto ui = make_ui(seed_lesson(), kDefaultWidth, kDefaultHeight);
  ASSERT_TRUE(ui);
  ASSERT_TRUE(run_to_end(*ui));
  ui->app().queue_view().show_flow(true);
  ui->app().cursor().set(1.5);
  pump(*ui, 0.1);
  ASSERT_TRUE(ui->app().queue_view().showing_flow());
  const Snapshot& snap = *ui->app().last_snapshot();
  const Rewind rw(snap);
  for (double t : {0.0, 0.3, 0.99, 1.01, 1.5, 1.99, 2.01}) {
    const auto rd = ui->app().queue_view().flow().read(snap, t);
    const RewoundState r = rw.at_s(t);
    EXPECT_EQ(rd.arrived, r.counters.submitted) << "at " << t;
    EXPECT_EQ(rd.started, r.started) << "at " << t;
    EXPECT_EQ(rd.finished, r.finished) << "at " << t;
  }
  // At 1.5 s: five arrived, two in the system; the last arrival (at the start) left with the
  // fifth departure, about 2 s later.
  const auto rd = ui->app().queue_view().flow().read(snap, 1.5);
  EXPECT_EQ(rd.arrived - rd.finished, 2u);
  EXPECT_NEAR(rd.time_in_system_s, 2.0, 0.1);
  if (const char* out = std::getenv("POOLSCOPE_FLOW_PNG")) {
    std::string error;
    ui->frame(1.0f / 30.0f, {}, true);
    EXPECT_TRUE(write_png(ui->read_all(), std::string(out) + ".cfd.png", error)) << error;
  }
}

}  // namespace
}  // namespace poolscope::gui::test
