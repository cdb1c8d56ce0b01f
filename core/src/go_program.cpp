// The Go program of a scenario. Built line by line by a small writer that tracks the imports the
// body needs (Go refuses unused imports) and the indentation.
#include "poolscope/go_program.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace poolscope {

std::string_view to_string(LineRole r) {
  switch (r) {
    case LineRole::none:
      return "none";
    case LineRole::worker_start:
      return "worker_start";
    case LineRole::worker_range:
      return "worker_range";
    case LineRole::downstream_acquire:
      return "downstream_acquire";
    case LineRole::worker_work:
      return "worker_work";
    case LineRole::worker_result_send:
      return "worker_result_send";
    case LineRole::producer_arrival:
      return "producer_arrival";
    case LineRole::producer_send:
      return "producer_send";
    case LineRole::caller_runs:
      return "caller_runs";
    case LineRole::close_jobs:
      return "close_jobs";
    case LineRole::wg_wait:
      return "wg_wait";
    case LineRole::close_results:
      return "close_results";
    case LineRole::consumer_range:
      return "consumer_range";
    case LineRole::consumer_work:
      return "consumer_work";
  }
  return "none";
}

std::string GoProgram::text() const {
  std::string out;
  for (const auto& l : lines) {
    out += l.text;
    out += '\n';
  }
  return out;
}

int GoProgram::find(LineRole role) const {
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].role == role) return static_cast<int>(i);
  return -1;
}

int GoProgram::bug_line() const {
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].bug) return static_cast<int>(i);
  return -1;
}

LineRole line_role_of(ProducerState s) {
  switch (s) {
    case ProducerState::producing:
    case ProducerState::blocked:
      return LineRole::producer_send;
    case ProducerState::waiting_arrival:
      return LineRole::producer_arrival;
    case ProducerState::running_job:
      return LineRole::caller_runs;
    case ProducerState::idle:
    case ProducerState::paused:
    case ProducerState::done:
      return LineRole::none;
  }
  return LineRole::none;
}

LineRole line_role_of(WorkerState s) {
  switch (s) {
    case WorkerState::starting:
      return LineRole::worker_start;
    case WorkerState::idle:
      return LineRole::worker_range;
    case WorkerState::running:
    case WorkerState::retiring:
      return LineRole::worker_work;
    case WorkerState::waiting_downstream:
      return LineRole::downstream_acquire;
    case WorkerState::blocked_result:
      return LineRole::worker_result_send;
    case WorkerState::exited:
      return LineRole::none;
  }
  return LineRole::none;
}

LineRole line_role_of(const ConsumerView& c) {
  switch (c.state) {
    case ConsumerState::waiting:
      return c.waiting_for_workers ? LineRole::wg_wait : LineRole::consumer_range;
    case ConsumerState::consuming:
      return LineRole::consumer_work;
    case ConsumerState::idle:
    case ConsumerState::done:
      return LineRole::none;
  }
  return LineRole::none;
}

namespace {

const char* state_words(ProducerState s) {
  switch (s) {
    case ProducerState::blocked:
      return "blocked";
    case ProducerState::waiting_arrival:
      return "waiting for the next arrival";
    case ProducerState::running_job:
      return "running a job itself";
    default:
      return "sending";
  }
}

const char* state_words(WorkerState s) {
  switch (s) {
    case WorkerState::starting:
      return "starting";
    case WorkerState::idle:
      return "waiting";
    case WorkerState::running:
      return "running";
    case WorkerState::retiring:
      return "retiring";
    case WorkerState::waiting_downstream:
      return "waiting for a connection";
    case WorkerState::blocked_result:
      return "blocked";
    case WorkerState::exited:
      return "exited";
  }
  return "";
}

const char* state_words(const ConsumerView& c) {
  if (c.state == ConsumerState::consuming) return "handling a result";
  return c.waiting_for_workers ? "waiting for the workers" : "waiting";
}

std::string seconds(double s) {
  char buf[32];
  if (s < 0.01)
    std::snprintf(buf, sizeof buf, "%.1f ms", s * 1e3);
  else if (s < 1)
    std::snprintf(buf, sizeof buf, "%.0f ms", s * 1e3);
  else
    std::snprintf(buf, sizeof buf, s < 10 ? "%.1f s" : "%.0f s", s);
  return buf;
}

// "producer blocked 1.2 s", "worker 1 running 0.4 s", "3 workers waiting", "2 workers running,
// 1 blocked": one thread is named with its time, several are counted by state.
std::string occupancy_label(const std::vector<ThreadOnLine>& threads) {
  if (threads.size() == 1)
    return threads[0].name + " " + threads[0].state + " " + seconds(threads[0].for_s);
  std::vector<std::pair<std::string, int>> by_state;
  for (const auto& t : threads) {
    auto it = std::find_if(by_state.begin(), by_state.end(),
                           [&](const auto& p) { return p.first == t.state; });
    if (it == by_state.end())
      by_state.push_back({t.state, 1});
    else
      ++it->second;
  }
  bool all_workers = std::all_of(threads.begin(), threads.end(), [](const ThreadOnLine& t) {
    return t.who == ThreadOnLine::Who::worker;
  });
  std::string out;
  for (std::size_t i = 0; i < by_state.size(); ++i) {
    out += i == 0 ? std::to_string(by_state[i].second) +
                        (all_workers ? (by_state[i].second == 1 ? " worker " : " workers ")
                                     : (by_state[i].second == 1 ? " thread " : " threads "))
                  : ", " + std::to_string(by_state[i].second) + " ";
    out += by_state[i].first;
  }
  return out;
}

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;  // "1" for 1.0 is fine: Go converts untyped constants
}

// A Go constant expression for `ms` milliseconds.
std::string duration(double ms) {
  const double us = ms * 1000.0;
  if (std::abs(ms - std::round(ms)) < 1e-9)
    return std::to_string(static_cast<long long>(std::llround(ms))) + " * time.Millisecond";
  if (std::abs(us - std::round(us)) < 1e-6)
    return std::to_string(static_cast<long long>(std::llround(us))) + " * time.Microsecond";
  return "time.Duration(" + num(ms) + " * float64(time.Millisecond))";
}

class Writer {
 public:
  void line(const std::string& text, LineRole role = LineRole::none, bool bug = false) {
    std::string t(static_cast<std::size_t>(indent_), '\t');
    t += text;
    if (text.empty()) t.clear();
    lines_.push_back({std::move(t), role, bug});
  }
  void open(const std::string& text, LineRole role = LineRole::none) {
    line(text, role);
    ++indent_;
  }
  void close(const std::string& text = "}") {
    --indent_;
    line(text);
  }
  void use(const char* package) { imports_.insert(package); }

  GoProgram finish(const std::vector<std::string>& header_comment) {
    GoProgram p;
    for (const auto& c : header_comment) p.lines.push_back({"// " + c});
    p.lines.push_back({"package main"});
    p.lines.push_back({""});
    p.lines.push_back({"import ("});
    for (const auto& i : imports_) p.lines.push_back({"\t\"" + i + "\""});
    p.lines.push_back({")"});
    p.lines.push_back({""});
    for (auto& l : lines_) p.lines.push_back(std::move(l));
    return p;
  }

 private:
  std::vector<GoLine> lines_;
  std::set<std::string> imports_;  // gofmt sorts them
  int indent_ = 0;
};

struct Shape {
  const ScenarioSpec& spec;
  bool spawn, priority, io_pool, io_jobs, fails, timeout, downstream;
};

void write_types(Writer& w, const Shape& s) {
  w.use("time");
  w.open("type Job struct {");
  w.line("ID       int");
  w.line("Duration time.Duration");
  if (s.priority) w.line("High     bool // served before the others");
  if (s.io_jobs) w.line("IO       bool // waits on I/O rather than computing");
  w.close();
  w.line("");
  w.open("type Result struct {");
  w.line("Job    Job");
  w.line("Worker int");
  w.line("Err    error");
  w.close();
  w.line("");
  w.line("const jobDuration = " + duration(s.spec.job_ms));
  if (s.timeout) w.line("const jobTimeout = " + duration(s.spec.timeout_ms));
  if (s.spec.consumer_ms > 0) w.line("const consumerDelay = " + duration(s.spec.consumer_ms));
  if (s.spec.burst > 0) w.line("const burstEvery = " + duration(s.spec.burst_every_ms));
  if (s.spec.duration_s) w.line("const produceFor = " + duration(*s.spec.duration_s * 1000.0));
  w.line("");
  if (s.downstream) {
    w.line("// A downstream service that takes " + std::to_string(s.spec.downstream) +
           " connections at a time.");
    w.line("var connections = make(chan struct{}, " + std::to_string(s.spec.downstream) + ")");
    w.line("");
  }
  if (s.spec.downstream_latency_ms > 0 || !s.spec.downstream_steps.empty()) {
    w.line("// Each job's call to the downstream takes this long" +
           std::string(s.spec.downstream_steps.empty() ? "." : " (the run changes it over time)."));
    w.line("const callLatency = " + duration(s.spec.downstream_latency_ms));
    w.line("");
  }
  if (s.spec.limit != LimitPolicy::none) {
    w.line("// The run also caps the calls in flight by an adaptive " +
           std::string(to_string(s.spec.limit)) + " limit (after Netflix's");
    w.line("// concurrency-limits); in Go, a limiter package does that. Not written out here.");
    w.line("");
  }
}

void write_spin(Writer& w, const Shape& s) {
  const bool cpu = s.spec.job_kind != JobKind::sleep;
  if (!cpu) return;
  w.line("// spin keeps a core busy for d, as a CPU-bound job does.");
  if (s.timeout) {
    w.use("context");
    w.open("func spin(ctx context.Context, d time.Duration) {");
    w.open("for start := time.Now(); time.Since(start) < d && ctx.Err() == nil; {");
  } else {
    w.open("func spin(d time.Duration) {");
    w.open("for start := time.Now(); time.Since(start) < d; {");
  }
  w.close();
  w.close();
  w.line("");
}

// The job body for one kind of job: a sleep (I/O), a spin (CPU) or both (mixed).
void write_work(Writer& w, const Shape& s, JobKind kind) {
  const std::string ctx = s.timeout ? "ctx, " : "";
  auto sleep = [&](const std::string& d) {
    if (s.timeout) {
      w.line("select {");
      w.line("case <-time.After(" + d + "):");
      w.line("case <-ctx.Done():");
      w.line("\treturn ctx.Err() // the job ran past its timeout");
      w.line("}");
    } else {
      w.line("time.Sleep(" + d + ")");
    }
  };
  switch (kind) {
    case JobKind::sleep:
      sleep("j.Duration");
      break;
    case JobKind::spin:
      w.line("spin(" + ctx + "j.Duration)");
      break;
    case JobKind::mixed: {
      const std::string share = num(s.spec.cpu_fraction);
      w.line("cpu := time.Duration(" + share + " * float64(j.Duration))");
      w.line("spin(" + ctx + "cpu)");
      sleep("j.Duration - cpu");
      break;
    }
  }
  if (s.timeout) w.line("return ctx.Err()");
}

void write_process(Writer& w, const Shape& s) {
  w.line("// process runs one job; an error means it failed.");
  w.open("func process(j Job) error {");
  if (s.timeout) {
    w.use("context");
    w.line("ctx, cancel := context.WithTimeout(context.Background(), jobTimeout)");
    w.line("defer cancel()");
  }
  if (s.fails) {
    w.use("errors");
    w.use("math/rand");
    w.open("if rand.Float64() < " + num(s.spec.fail) + " {");
    w.line("return errors.New(\"job failed\")");
    w.close();
  }
  if (s.io_jobs && s.spec.job_kind != JobKind::sleep) {
    w.open("if j.IO {");
    write_work(w, s, JobKind::sleep);
    if (!s.timeout) w.line("return nil");
    w.close();
  }
  write_work(w, s, s.spec.job_kind);
  if (!s.timeout) w.line("return nil");
  w.close();
  w.line("");
}

// The worker's handling of one job j: the downstream connection, the job, the result send.
void write_job_handling(Writer& w, const Shape& s, const std::string& id) {
  if (s.downstream) {
    w.line("connections <- struct{}{} // wait for a free connection", LineRole::downstream_acquire);
  }
  if (s.spec.downstream_latency_ms > 0 || !s.spec.downstream_steps.empty())
    w.line("time.Sleep(callLatency) // the downstream call");
  w.line("r := Result{Job: j, Worker: " + id + ", Err: process(j)}", LineRole::worker_work);
  if (s.downstream) w.line("<-connections");
  w.line("results <- r", LineRole::worker_result_send);
}

void write_worker(Writer& w, const Shape& s) {
  if (s.spawn) return;
  w.use("sync");
  if (s.priority) {
    w.line("// worker takes high-priority jobs first: a select prefers no case, so it first");
    w.line("// tries high alone, and only when none is ready waits on both.");
    w.open(
        "func worker(id int, high, jobs <-chan Job, results chan<- Result, wg *sync.WaitGroup) {");
    w.line("defer wg.Done()");
    w.open("for high != nil || jobs != nil {");
    w.line("var j Job");
    w.line("var ok bool");
    w.line("select {");
    w.line("case j, ok = <-high:");
    w.line("default:");
    w.line("\tselect {", LineRole::worker_range);
    w.line("\tcase j, ok = <-high:");
    w.line("\tcase j, ok = <-jobs:");
    w.line("\t\tif !ok {");
    w.line("\t\t\tjobs = nil");
    w.line("\t\t\tcontinue");
    w.line("\t\t}");
    w.line("\t}");
    w.line("}");
    w.open("if !ok {");
    w.line("high = nil // high was closed");
    w.line("continue");
    w.close();
    write_job_handling(w, s, "id");
    w.close();
    w.close();
  } else {
    w.open("func worker(id int, jobs <-chan Job, results chan<- Result, wg *sync.WaitGroup) {");
    w.line("defer wg.Done()");
    w.open("for j := range jobs {", LineRole::worker_range);
    write_job_handling(w, s, "id");
    w.close();
    w.close();
  }
  w.line("");
}

void start_workers(Writer& w, const Shape& s, int count, const std::string& base,
                   const std::string& queue) {
  const std::string high = s.priority ? (queue == "ioJobs" ? "nil, " : "high, ") : "";
  w.open("for w := 0; w < " + std::to_string(count) + "; w++ {");
  w.line("wg.Add(1)");
  w.line("go worker(" + base + "w, " + high + queue + ", results, &wg)", LineRole::worker_start);
  w.close();
}

std::string job_duration(Writer& w, const ScenarioSpec& spec) {
  const std::string d = "jobDuration";
  switch (spec.dist) {
    case DurationDist::fixed:
      return d;
    case DurationDist::uniform:
      w.use("math/rand");
      return "time.Duration(float64(" + d + ") * (1 + " + num(spec.spread) +
             "*(2*rand.Float64()-1)))";
    case DurationDist::exp:
      w.use("math/rand");
      return "time.Duration(float64(" + d + ") * rand.ExpFloat64())";
    case DurationDist::lognormal: {
      w.use("math");
      w.use("math/rand");
      // Mean-preserving: exp(sigma*N - sigma^2/2) has mean 1.
      return "time.Duration(float64(" + d + ") * math.Exp(" + num(spec.spread) +
             "*rand.NormFloat64()-" + num(spec.spread * spec.spread / 2) + "))";
    }
  }
  return d;
}

// The send of job j, as the full-queue policy wants it.
void write_send(Writer& w, const Shape& s) {
  const std::string ch = (s.priority || s.io_pool) ? "ch" : "jobs";
  if (s.priority || s.io_pool) {
    w.line("ch := jobs");
    if (s.priority) {
      w.open("if j.High {");
      w.line("ch = high");
      w.close();
    }
    if (s.io_pool) {
      w.open("if j.IO {");
      w.line("ch = ioJobs // the I/O pool");
      w.close();
    }
  }
  switch (s.spec.policy) {
    case FullPolicy::block:
      w.line(ch + " <- j // blocks while the queue is full", LineRole::producer_send);
      break;
    case FullPolicy::reject:
      w.line("select {", LineRole::producer_send);
      w.line("case " + ch + " <- j:");
      w.line("default:");
      w.line("\trejected++ // the queue is full: turn the job away");
      w.line("}");
      break;
    case FullPolicy::drop_oldest:
      w.open("for sent := false; !sent; {", LineRole::producer_send);
      w.line("select {");
      w.line("case " + ch + " <- j:");
      w.line("\tsent = true");
      w.line("default:");
      w.line("\tselect {");
      w.line("\tcase <-" + ch + ": // the queue is full: drop its oldest job");
      w.line("\t\tdropped++");
      w.line("\tdefault:");
      w.line("\t}");
      w.line("}");
      w.close();
      break;
    case FullPolicy::caller_runs:
      w.line("select {", LineRole::producer_send);
      w.line("case " + ch + " <- j:");
      w.line("default: // the queue is full: the producer runs the job itself");
      w.line("\tresults <- Result{Job: j, Worker: -1, Err: process(j)}", LineRole::caller_runs);
      w.line("}");
      break;
  }
}

void write_producer(Writer& w, const Shape& s) {
  const ScenarioSpec& spec = s.spec;
  const bool count_bound = !spec.duration_s.has_value() || spec.jobs.has_value();
  w.line("// The producer.");
  w.open("go func() {");
  if (s.spawn) w.line("defer wg.Done() // the job goroutines are added before this ends");
  if (spec.policy == FullPolicy::reject) w.line("rejected := 0");
  if (spec.policy == FullPolicy::drop_oldest) w.line("dropped := 0");
  if (spec.duration_s) {
    w.line("deadline := time.Now().Add(produceFor)");
  }
  std::string cond;
  if (count_bound) cond = "i <= " + std::to_string(spec.job_count());
  if (spec.duration_s)
    cond += std::string(cond.empty() ? "" : " && ") + "time.Now().Before(deadline)";
  w.open("for i := 1; " + cond + "; i++ {");
  if (spec.rate) {
    w.use("math/rand");
    w.line("// Poisson arrivals, " + num(*spec.rate) + " jobs a second on average.");
    w.line("time.Sleep(time.Duration(rand.ExpFloat64() / " + num(*spec.rate) +
               " * float64(time.Second)))",
           LineRole::producer_arrival);
  }
  if (spec.burst > 0) {
    w.open("if i > 1 && (i-1)%" + std::to_string(spec.burst) + " == 0 {");
    w.line("time.Sleep(burstEvery) // bursts of " + std::to_string(spec.burst) + " jobs",
           LineRole::producer_arrival);
    w.close();
  }
  w.line("j := Job{ID: i, Duration: " + job_duration(w, spec) + "}");
  if (s.priority) {
    w.use("math/rand");
    w.line("j.High = rand.Float64() < " + num(spec.priority_share));
  }
  if (s.io_jobs) {
    w.use("math/rand");
    w.line("j.IO = rand.Float64() < " + num(spec.io_share));
  }
  if (s.spawn) {
    w.line("// No pool: one new goroutine per job.");
    w.line("wg.Add(1)");
    w.open("go func(j Job) {", LineRole::producer_send);
    w.line("defer wg.Done()");
    write_job_handling(w, s, "j.ID");
    w.close("}(j)");
  } else {
    write_send(w, s);
  }
  w.close();
  if (spec.policy == FullPolicy::reject) w.line("fmt.Println(\"rejected\", rejected)");
  if (spec.policy == FullPolicy::drop_oldest) w.line("fmt.Println(\"dropped\", dropped)");
  const bool has_jobs_channel = !s.spawn;
  if (has_jobs_channel) {
    if (spec.mistake == Mistake::forget_close) {
      w.line("// close(jobs) // BUG: never closed, so the workers wait in range jobs forever",
             LineRole::close_jobs, true);
    } else {
      w.line("// No more jobs: the workers' range loops end.");
      w.line("close(jobs)", LineRole::close_jobs);
    }
    if (s.priority) w.line("close(high)");
    if (s.io_pool) w.line("close(ioJobs)");
  }
  if (spec.mistake == Mistake::close_results_early) {
    w.line("close(results) // BUG: closed while workers still send: they panic",
           LineRole::close_results, true);
  }
  w.close("}()");
  w.line("");
}

void write_consumer_loop(Writer& w, const Shape& s) {
  w.open("for r := range results {", LineRole::consumer_range);
  if (s.spec.consumer_ms > 0)
    w.line("time.Sleep(consumerDelay) // a slow consumer", LineRole::consumer_work);
  w.open("if r.Err != nil {", s.spec.consumer_ms > 0 ? LineRole::none : LineRole::consumer_work);
  w.line("fmt.Println(\"job\", r.Job.ID, \"failed:\", r.Err)");
  w.line("continue");
  w.close();
  w.line("fmt.Println(\"job\", r.Job.ID, \"done by worker\", r.Worker)");
  w.close();
}

void write_main(Writer& w, const Shape& s) {
  const ScenarioSpec& spec = s.spec;
  w.use("fmt");
  w.use("sync");
  w.open("func main() {");
  if (!s.spawn) {
    w.line("jobs := make(chan Job, " + std::to_string(spec.buffer) + ")");
    if (s.priority) w.line("high := make(chan Job, " + std::to_string(spec.buffer) + ")");
    if (s.io_pool) w.line("ioJobs := make(chan Job, " + std::to_string(spec.buffer) + ")");
  }
  w.line("results := make(chan Result, " + std::to_string(spec.effective_results_buffer()) + ")");
  w.line("var wg sync.WaitGroup");
  if (s.spawn) w.line("wg.Add(1) // the producer");
  if (!s.spawn) {
    if (spec.autoscale()) {
      w.line("// poolscope grows and shrinks this pool between " +
             std::to_string(spec.autoscale_min) + " and " + std::to_string(spec.autoscale_max) +
             " workers with the queue's depth.");
    }
    start_workers(w, s, spec.autoscale() ? spec.autoscale_min : spec.workers, "", "jobs");
    if (s.io_pool) start_workers(w, s, spec.io_workers, "1024+", "ioJobs");
  }
  w.line("");
  write_producer(w, s);
  if (spec.mistake == Mistake::wait_before_drain) {
    w.line(
        "wg.Wait() // BUG: waits for the workers before reading a result; they block on results <- "
        "r",
        LineRole::wg_wait, true);
    w.line("close(results)", LineRole::close_results);
  } else if (spec.mistake != Mistake::close_results_early) {
    w.line("// Close the results once the last worker is done.");
    w.open("go func() {");
    w.line("wg.Wait()", LineRole::wg_wait);
    w.line("close(results)", LineRole::close_results);
    w.close("}()");
  }
  if (spec.mistake != Mistake::close_results_early) w.line("");
  write_consumer_loop(w, s);
  if (spec.mistake == Mistake::close_results_early)
    w.line("wg.Wait() // the workers still run: their results <- r panics on the closed channel");
  w.close();
}

std::vector<std::string> header(const ScenarioSpec& spec) {
  std::vector<std::string> h;
  h.push_back(spec.title.empty()
                  ? "The worker pool poolscope runs, as a Go program."
                  : spec.title + ": the worker pool poolscope runs, as a Go program.");
  if (spec.mistake != Mistake::none)
    h.push_back("The mistake lesson " + std::string(to_string(spec.mistake)) +
                ": the line marked BUG is wrong.");
  if (spec.mode == PoolMode::spawn)
    h.push_back("poolscope caps the job threads at " + std::to_string(spawn_cap) +
                "; Go's goroutines are cheaper than its threads.");
  return h;
}

}  // namespace

GoProgram go_program(const ScenarioSpec& spec) {
  const Shape s{spec,
                spec.mode == PoolMode::spawn,
                spec.mode != PoolMode::spawn && spec.priority_share > 0,
                spec.mode != PoolMode::spawn && spec.io_workers > 0 && spec.io_share > 0,
                spec.io_share > 0,
                spec.fail > 0,
                spec.timeout_ms > 0,
                spec.downstream > 0};
  Writer w;
  write_types(w, s);
  write_spin(w, s);
  write_process(w, s);
  write_worker(w, s);
  write_main(w, s);
  return w.finish(header(spec));
}

}  // namespace poolscope

namespace poolscope {

std::vector<LineOccupancy> threads_on_lines(const GoProgram& program, const Snapshot& snap) {
  std::vector<LineOccupancy> out;
  const auto since = [&](std::int64_t ns) {
    return ns > 0 && snap.taken_ns > ns ? static_cast<double>(snap.taken_ns - ns) * 1e-9 : 0.0;
  };
  const auto place = [&](LineRole role, ThreadOnLine t) {
    const int line = program.find(role);
    if (role == LineRole::none || line < 0) return;
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& o) { return o.line == line; });
    if (it == out.end()) {
      out.push_back({line, {}, {}});
      it = out.end() - 1;
    }
    it->threads.push_back(std::move(t));
  };
  const auto& p = snap.producer;
  place(line_role_of(p.state), {ThreadOnLine::Who::producer, "producer", state_words(p.state),
                                static_cast<std::uint8_t>(p.state), since(p.since_ns)});
  for (const auto& w : snap.workers)
    place(line_role_of(w.state),
          {ThreadOnLine::Who::worker, worker_slot_name(w.slot), state_words(w.state),
           static_cast<std::uint8_t>(w.state), since(w.since_ns)});
  const auto& c = snap.consumer;
  place(line_role_of(c), {ThreadOnLine::Who::consumer, "consumer", state_words(c),
                          static_cast<std::uint8_t>(c.state), since(c.since_ns)});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
  for (auto& o : out) o.label = occupancy_label(o.threads);
  return out;
}

}  // namespace poolscope
