#include "poolscope/go_program.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace poolscope {
namespace {

namespace fs = std::filesystem;

const fs::path kScenarios = fs::path(POOLSCOPE_SOURCE_DIR) / "assets" / "scenarios";

ScenarioSpec preset(const std::string& file) {
  std::string error;
  auto spec = load_scenario((kScenarios / file).string(), error);
  EXPECT_TRUE(spec.has_value()) << file << ": " << error;
  return spec.value_or(ScenarioSpec{});
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The text of the line with `role`, or "" when there is none.
std::string line_of(const GoProgram& p, LineRole role) {
  const int i = p.find(role);
  return i < 0 ? "" : p.lines[static_cast<std::size_t>(i)].text;
}

TEST(GoProgram, SeedHasTheSeedShape) {
  const GoProgram p = go_program(preset("02-seed-program.json"));
  const std::string t = p.text();
  EXPECT_TRUE(has(t, "jobs := make(chan Job, 5)"));
  EXPECT_TRUE(has(t, "results := make(chan Result, 5)"));
  EXPECT_TRUE(has(t, "for w := 0; w < 3; w++ {"));
  EXPECT_TRUE(has(t, "for i := 1; i <= 5; i++ {"));
  EXPECT_TRUE(has(line_of(p, LineRole::worker_range), "for j := range jobs {"));
  EXPECT_TRUE(has(line_of(p, LineRole::worker_result_send), "results <- r"));
  EXPECT_TRUE(has(line_of(p, LineRole::producer_send), "jobs <- j"));
  EXPECT_EQ(line_of(p, LineRole::close_jobs), "\t\tclose(jobs)");
  EXPECT_TRUE(has(line_of(p, LineRole::wg_wait), "wg.Wait()"));
  EXPECT_TRUE(has(line_of(p, LineRole::consumer_range), "for r := range results {"));
  EXPECT_EQ(p.bug_line(), -1);
  // The close of results comes after the wait, in its own goroutine, before the results loop.
  EXPECT_LT(p.find(LineRole::wg_wait), p.find(LineRole::close_results));
  EXPECT_LT(p.find(LineRole::close_results), p.find(LineRole::consumer_range));
}

TEST(GoProgram, MistakeLessonsMarkTheWrongLine) {
  struct Case {
    const char* file;
    LineRole role;
    const char* text;
  };
  for (const Case& c :
       {Case{"05-forget-close.json", LineRole::close_jobs, "// close(jobs) // BUG"},
        Case{"06-wait-before-drain.json", LineRole::wg_wait, "wg.Wait() // BUG"},
        Case{"07-close-results-early.json", LineRole::close_results, "close(results) // BUG"}}) {
    const GoProgram p = go_program(preset(c.file));
    const int bug = p.bug_line();
    ASSERT_GE(bug, 0) << c.file;
    EXPECT_EQ(bug, p.find(c.role)) << c.file;
    EXPECT_TRUE(has(p.lines[static_cast<std::size_t>(bug)].text, c.text)) << c.file;
    int bugs = 0;
    for (const auto& l : p.lines) bugs += l.bug ? 1 : 0;
    EXPECT_EQ(bugs, 1) << c.file;
  }
  // Waiting before draining: the wait comes before the results loop, in main, not in a goroutine.
  const GoProgram wait = go_program(preset("06-wait-before-drain.json"));
  EXPECT_LT(wait.find(LineRole::wg_wait), wait.find(LineRole::consumer_range));
  EXPECT_FALSE(has(wait.text(), "go func() {\n\t\twg.Wait()"));
  // Forgetting the close leaves no real close(jobs) in the program.
  EXPECT_FALSE(has(go_program(preset("05-forget-close.json")).text(), "\tclose(jobs)\n"));
}

TEST(GoProgram, SettingsChooseTheirVariants) {
  ScenarioSpec s;
  s.policy = FullPolicy::reject;
  GoProgram p = go_program(s);
  EXPECT_EQ(line_of(p, LineRole::producer_send), "\t\t\tselect {");
  EXPECT_TRUE(has(p.text(), "default:\n\t\t\t\trejected++"));

  s = {};
  s.policy = FullPolicy::caller_runs;
  p = go_program(s);
  EXPECT_TRUE(has(line_of(p, LineRole::caller_runs), "results <- Result{Job: j, Worker: -1"));

  s = {};
  s.policy = FullPolicy::drop_oldest;
  EXPECT_TRUE(has(go_program(s).text(), "case <-jobs: // the queue is full: drop its oldest job"));

  s = {};
  s.timeout_ms = 250;
  s.downstream = 2;
  s.consumer_ms = 40;
  s.buffer = 0;
  s.results_buffer = 7;
  p = go_program(s);
  EXPECT_TRUE(has(p.text(), "const jobTimeout = 250 * time.Millisecond"));
  EXPECT_TRUE(has(p.text(), "context.WithTimeout(context.Background(), jobTimeout)"));
  EXPECT_TRUE(has(p.text(), "var connections = make(chan struct{}, 2)"));
  EXPECT_TRUE(has(line_of(p, LineRole::downstream_acquire), "connections <- struct{}{}"));
  EXPECT_TRUE(has(line_of(p, LineRole::consumer_work), "time.Sleep(consumerDelay)"));
  EXPECT_TRUE(has(p.text(), "jobs := make(chan Job, 0)"));
  EXPECT_TRUE(has(p.text(), "results := make(chan Result, 7)"));

  s = {};
  s.rate = 20;
  s.fail = 0.1;
  s.job_kind = JobKind::spin;
  p = go_program(s);
  EXPECT_TRUE(has(line_of(p, LineRole::producer_arrival), "rand.ExpFloat64() / 20"));
  EXPECT_TRUE(has(p.text(), "errors.New(\"job failed\")"));
  EXPECT_TRUE(has(p.text(), "spin(j.Duration)"));

  s = {};
  s.mode = PoolMode::spawn;
  p = go_program(s);
  EXPECT_EQ(p.find(LineRole::worker_range), -1);
  EXPECT_TRUE(has(line_of(p, LineRole::producer_send), "go func(j Job) {"));
  EXPECT_GE(p.find(LineRole::worker_result_send), 0);

  s = {};
  s.priority_share = 0.2;
  s.io_share = 0.5;
  s.io_workers = 2;
  p = go_program(s);
  EXPECT_TRUE(has(p.text(), "high := make(chan Job, 5)"));
  EXPECT_TRUE(has(p.text(), "ioJobs := make(chan Job, 5)"));
  EXPECT_TRUE(has(p.text(), "go worker(1024+w, nil, ioJobs, results, &wg)"));
  EXPECT_TRUE(has(line_of(p, LineRole::worker_range), "select {"));
}

// Go refuses unused imports and undefined names: every import is used, every package used is
// imported, for every preset (the compile itself is checked by the cli tests where Go exists).
TEST(GoProgram, ImportsMatchUseForEveryPreset) {
  int presets = 0;
  for (const auto& entry : fs::directory_iterator(kScenarios)) {
    if (entry.path().extension() != ".json") continue;
    ++presets;
    const ScenarioSpec spec = preset(entry.path().filename().string());
    const GoProgram p = go_program(spec);
    const std::string t = p.text();
    const auto body = t.substr(t.find("\n)\n"));
    for (const auto& [import, use] : {std::pair{"\"context\"", "context."},
                                      {"\"errors\"", "errors."},
                                      {"\"math\"", "math.Exp"},
                                      {"\"math/rand\"", "rand."},
                                      {"\"sync\"", "sync."},
                                      {"\"fmt\"", "fmt."},
                                      {"\"time\"", "time."}})
      EXPECT_EQ(has(t, import), has(body, use)) << entry.path() << " " << import;
    // Every state a thread of this run can be in has its line.
    if (spec.mode == PoolMode::pool) {
      EXPECT_GE(p.find(line_role_of(WorkerState::idle)), 0) << entry.path();
      EXPECT_GE(p.find(line_role_of(WorkerState::blocked_result)), 0) << entry.path();
    }
    EXPECT_GE(p.find(line_role_of(WorkerState::running)), 0) << entry.path();
    EXPECT_GE(p.find(line_role_of(ProducerState::blocked)), 0) << entry.path();
    EXPECT_GE(p.find(line_role_of(ConsumerView{ConsumerState::waiting, 0, false})), 0)
        << entry.path();
    if (spec.open_loop()) {
      EXPECT_GE(p.find(line_role_of(ProducerState::waiting_arrival)), 0) << entry.path();
    }
    EXPECT_EQ(p.bug_line() >= 0, spec.mistake != Mistake::none) << entry.path();
  }
  EXPECT_GE(presets, 15);
}

TEST(GoProgram, ThreadStatesMapToTheirLines) {
  EXPECT_EQ(line_role_of(ProducerState::blocked), LineRole::producer_send);
  EXPECT_EQ(line_role_of(ProducerState::waiting_arrival), LineRole::producer_arrival);
  EXPECT_EQ(line_role_of(ProducerState::running_job), LineRole::caller_runs);
  EXPECT_EQ(line_role_of(ProducerState::done), LineRole::none);
  EXPECT_EQ(line_role_of(WorkerState::idle), LineRole::worker_range);
  EXPECT_EQ(line_role_of(WorkerState::running), LineRole::worker_work);
  EXPECT_EQ(line_role_of(WorkerState::waiting_downstream), LineRole::downstream_acquire);
  EXPECT_EQ(line_role_of(WorkerState::blocked_result), LineRole::worker_result_send);
  EXPECT_EQ(line_role_of(WorkerState::exited), LineRole::none);
  EXPECT_EQ(line_role_of(ConsumerView{ConsumerState::waiting, 0, false}), LineRole::consumer_range);
  EXPECT_EQ(line_role_of(ConsumerView{ConsumerState::waiting, 0, true}), LineRole::wg_wait);
  EXPECT_EQ(line_role_of(ConsumerView{ConsumerState::consuming, 0, false}),
            LineRole::consumer_work);
  EXPECT_EQ(line_role_of(ConsumerView{ConsumerState::done, 0, false}), LineRole::none);
}

TEST(GoProgram, ThreadsAreGroupedOnTheirLines) {
  Snapshot snap;
  snap.spec = preset("04-backpressure.json");
  snap.taken_ns = 10'000'000'000;
  snap.producer.state = ProducerState::blocked;
  snap.producer.since_ns = 8'800'000'000;  // 1.2 s ago
  for (int i = 0; i < 4; ++i) {
    WorkerView w;
    w.slot = i;
    w.state = i < 3 ? WorkerState::idle : WorkerState::blocked_result;
    w.since_ns = 9'000'000'000;
    snap.workers.push_back(w);
  }
  WorkerView gone;
  gone.slot = 4;
  gone.state = WorkerState::exited;
  snap.workers.push_back(gone);
  snap.consumer.state = ConsumerState::consuming;
  snap.consumer.since_ns = 9'500'000'000;
  const GoProgram p = go_program(snap.spec);
  const auto lit = threads_on_lines(p, snap);
  ASSERT_EQ(lit.size(), 4u);
  for (std::size_t i = 1; i < lit.size(); ++i) EXPECT_LT(lit[i - 1].line, lit[i].line);
  const auto at = [&](LineRole role) -> const LineOccupancy* {
    for (const auto& o : lit)
      if (o.line == p.find(role)) return &o;
    return nullptr;
  };
  ASSERT_NE(at(LineRole::producer_send), nullptr);
  EXPECT_EQ(at(LineRole::producer_send)->label, "producer blocked 1.2 s");
  ASSERT_NE(at(LineRole::worker_range), nullptr);
  EXPECT_EQ(at(LineRole::worker_range)->label, "3 workers waiting");
  EXPECT_EQ(at(LineRole::worker_range)->threads.size(), 3u);
  ASSERT_NE(at(LineRole::worker_result_send), nullptr);
  EXPECT_EQ(at(LineRole::worker_result_send)->label, "worker 3 blocked 1.0 s");
  ASSERT_NE(at(LineRole::consumer_work), nullptr);
  EXPECT_EQ(at(LineRole::consumer_work)->threads[0].name, "consumer");
}

}  // namespace
}  // namespace poolscope
