// The Go tab rendered on a running preset: the lines it lights are the lines of the threads'
// states in the engine's snapshot, per the program's line model.
#include <gtest/gtest.h>

#include <set>

#include "gui_test_support.h"
#include "poolscope/go_program.h"
#include "ui/palette.h"

namespace poolscope::gui::test {
namespace {

std::unique_ptr<OffscreenUi> ui_on(const std::string& preset) {
  std::string error;
  const std::string path = assets_dir() + "/scenarios/" + preset;
  auto spec = load_scenario(path, error);
  EXPECT_TRUE(spec) << error;
  auto ui = make_ui(spec.value_or(ScenarioSpec{}), 1440, 900, path);
  if (ui) ui->app().select_tab(App::Tab::code);
  return ui;
}

// Every thread of the snapshot that is on a line is on the lit line of its state's role, named
// there, and no lit line holds anyone else.
void expect_lit_lines_match(const CodePanel& panel, const Snapshot& snap) {
  const GoProgram& p = panel.program();
  std::set<std::string> expected;
  const auto expect_at = [&](const std::string& name, LineRole role) {
    if (role == LineRole::none || p.find(role) < 0) return;
    expected.insert(name);
    bool found = false;
    for (const auto& o : panel.lit())
      for (const auto& t : o.threads)
        if (t.name == name) {
          found = true;
          EXPECT_EQ(p.lines[static_cast<std::size_t>(o.line)].role, role) << name;
        }
    EXPECT_TRUE(found) << name << " is on no lit line";
  };
  expect_at("producer", line_role_of(snap.producer.state));
  for (const auto& w : snap.workers) expect_at(worker_slot_name(w.slot), line_role_of(w.state));
  expect_at("consumer", line_role_of(snap.consumer));
  std::size_t shown = 0;
  for (const auto& o : panel.lit()) {
    shown += o.threads.size();
    EXPECT_FALSE(o.label.empty());
  }
  EXPECT_EQ(shown, expected.size());
}

TEST(CodePanelGui, BlockedProducerLightsItsSend) {
  auto ui = ui_on("04-backpressure.json");
  ASSERT_TRUE(ui);
  ui->frame(1.0f / 30.0f);
  // The panel drew the frame's snapshot: wait for one where the producer is blocked.
  ASSERT_TRUE(eventually(*ui, 10.0, [&] {
    const Snapshot* s = ui->app().last_snapshot();
    return s != nullptr && !ui->app().code_panel().program().lines.empty() &&
           s->producer.state == ProducerState::blocked;
  }));
  const Snapshot& snap = *ui->app().last_snapshot();
  const CodePanel& panel = ui->app().code_panel();
  expect_lit_lines_match(panel, snap);
  const int send = panel.program().find(LineRole::producer_send);
  ASSERT_GE(send, 0);
  EXPECT_NE(panel.program().lines[static_cast<std::size_t>(send)].text.find("jobs <- j"),
            std::string::npos);
  bool producer_lit = false;
  for (const auto& o : panel.lit())
    if (o.line == send) {
      producer_lit = true;
      EXPECT_EQ(o.label.rfind("producer blocked ", 0), 0u) << o.label;
      EXPECT_EQ(thread_color(o.threads.front()), colors::blocked);
    }
  EXPECT_TRUE(producer_lit);
  ui->frame(1.0f / 30.0f, {}, true);
  EXPECT_EQ(ui->read_all().width, 1440);
}

TEST(CodePanelGui, ForgottenCloseLeavesTheWorkersInTheRangeLoop) {
  auto ui = ui_on("05-forget-close.json");
  ASSERT_TRUE(ui);
  ui->frame(1.0f / 30.0f);
  // Once every job is done and the producer returned without closing, every worker waits in
  // `for j := range jobs`. (Right at the start, before they take a job, they wait there too.)
  ASSERT_TRUE(eventually(*ui, 15.0, [&] {
    const Snapshot* s = ui->app().last_snapshot();
    if (s == nullptr || ui->app().code_panel().program().lines.empty()) return false;
    if (s->producer.state != ProducerState::done || s->workers.empty()) return false;
    if (s->counters.completed != static_cast<std::uint64_t>(s->spec.job_count())) return false;
    for (const auto& w : s->workers)
      if (w.state != WorkerState::idle) return false;
    return true;
  }));
  const Snapshot& snap = *ui->app().last_snapshot();
  const CodePanel& panel = ui->app().code_panel();
  expect_lit_lines_match(panel, snap);
  const GoProgram& p = panel.program();
  ASSERT_GE(p.bug_line(), 0);
  EXPECT_EQ(p.lines[static_cast<std::size_t>(p.bug_line())].role, LineRole::close_jobs);
  const int range = p.find(LineRole::worker_range);
  bool lit = false;
  for (const auto& o : panel.lit())
    if (o.line == range) {
      lit = true;
      EXPECT_EQ(o.label, std::to_string(snap.workers.size()) + " workers waiting");
    }
  EXPECT_TRUE(lit);
}

}  // namespace
}  // namespace poolscope::gui::test
