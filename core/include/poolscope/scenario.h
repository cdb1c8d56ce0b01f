// ScenarioSpec: everything that defines a run, as a plain struct with defaults (the seed lesson).
// The same keys serve the JSON scenario files (snake_case) and the CLI options (kebab-case), and
// one validator checks both, naming the key, the value and the allowed range.
//
// Not thread-safe; a value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace poolscope {

enum class JobKind { sleep, spin, mixed };
enum class DurationDist { fixed, uniform, exp, lognormal };
enum class FullPolicy { block, reject, caller_runs, drop_oldest };
enum class ShutdownMode { drain, cancel, abort };
// Deliberate mistakes the lessons demonstrate (and the engine diagnoses).
enum class Mistake { none, forget_close, wait_before_drain, close_results_early };
// How jobs get threads: a fixed pool, or one new thread per job (the unbounded anti-pattern).
enum class PoolMode { pool, spawn };
// An adaptive concurrency limit on the downstream calls (after Netflix's concurrency-limits).
enum class LimitPolicy { none, aimd, vegas, gradient2 };

// The downstream's latency changes to `ms` at `at_s` seconds into the run.
struct LatencyStep {
  double at_s = 0.0;
  double ms = 0.0;
  bool operator==(const LatencyStep&) const = default;
};

// The most workers a pool may have (and downstream connections, autoscale bounds, I/O workers):
// the key table's ranges, the engine, the sweep and the sizing rules all take it from here.
inline constexpr int max_workers = 1024;

std::string_view to_string(JobKind k);
std::string_view to_string(DurationDist d);
std::string_view to_string(FullPolicy p);
std::string_view to_string(ShutdownMode m);
std::string_view to_string(Mistake m);
std::string_view to_string(PoolMode m);
std::string_view to_string(LimitPolicy p);
std::optional<JobKind> parse_job_kind(std::string_view s);
std::optional<DurationDist> parse_dist(std::string_view s);
std::optional<FullPolicy> parse_policy(std::string_view s);
std::optional<Mistake> parse_mistake(std::string_view s);
std::optional<PoolMode> parse_mode(std::string_view s);
std::optional<LimitPolicy> parse_limit(std::string_view s);

// A teacher's note at an instant of the run ("queue full here"): drawn as a line with its text on
// the timeline, in screenshots and in slides, and saved with the scenario (the `markers` key).
struct Marker {
  double at_s = 0.0;  // seconds since the run started
  std::string text;
  bool operator==(const Marker&) const = default;
};
inline constexpr std::size_t max_markers = 100;
inline constexpr std::size_t max_marker_text_bytes = 200;
inline constexpr double max_marker_at_s = 86400.0;

struct ScenarioSpec {
  std::string title;
  std::string lesson;

  int workers = 3;
  int buffer = 5;                     // job queue capacity; 0 = unbuffered rendezvous
  std::optional<int> results_buffer;  // results queue capacity; unset = same as buffer
  std::optional<std::int64_t> jobs;   // closed loop: this many jobs, then close
  std::optional<double> duration_s;   // or: produce for this long, then close
  double job_ms = 1000.0;             // mean job duration
  JobKind job_kind = JobKind::sleep;
  double cpu_fraction = 0.5;  // mixed jobs: share of the duration spent computing
  DurationDist dist = DurationDist::fixed;
  double spread = 0.5;          // relative spread of uniform / lognormal durations
  std::optional<double> rate;   // open loop: Poisson arrivals, jobs per second
  int burst = 0;                // bursts: this many jobs ...
  double burst_every_ms = 0.0;  // ... every this many milliseconds
  FullPolicy policy = FullPolicy::block;
  double consumer_ms = 0.0;  // per-result delay of the consumer
  double fail = 0.0;         // probability that a job fails
  double timeout_ms = 0.0;   // per-job timeout; 0 = none
  int downstream = 0;        // concurrent "connections" jobs hold; 0 = unlimited
  // Each job's call to the downstream takes this long (holding its connection), changing at the
  // steps' times (the later steps win; a live change of the latency replaces them).
  double downstream_latency_ms = 0.0;
  std::vector<LatencyStep> downstream_steps;
  // Adaptive concurrency limit on those calls; 0 in a tuning key = the algorithm's default.
  LimitPolicy limit = LimitPolicy::none;
  int limit_initial = 0;
  int limit_min = 0;
  int limit_max = 0;
  double limit_timeout_ms = 0.0;  // AIMD: a call slower than this counts as a drop
  int limit_probe_multiplier = 0;  // Vegas: re-probe the no-load RTT every N x limit samples
  std::uint64_t seed = 1;

  // Lessons.
  PoolMode mode = PoolMode::pool;  // spawn: one new thread per job (capped at spawn_cap)
  Mistake mistake = Mistake::none;
  std::string expect_finding;   // "leak", "deadlock" or "send_on_closed": what the lesson shows
  int autoscale_min = 0;        // > 0: a dynamic pool between autoscale_min ...
  int autoscale_max = 0;        // ... and autoscale_max workers, driven by queue depth
  double priority_share = 0.0;  // share of jobs in the high-priority class (served first)
  double io_share = 0.0;        // share of jobs that are I/O-bound (sleep), the rest job_kind
  int io_workers = 0;           // > 0: I/O jobs go to a separate pool of this many workers
  // Presentation: when (seconds into the run) a picture shows the lesson's point, and how many
  // seconds the live views span (unset: the GUI's default window).
  std::optional<double> show_at;
  std::optional<double> window_s;
  // Notes on the timeline, by time. Not a setting of the run: the engine ignores them.
  std::vector<Marker> markers;

  int effective_results_buffer() const { return results_buffer.value_or(buffer); }
  // Closed loop when there is no rate and no burst.
  bool open_loop() const { return rate.has_value() || burst > 0; }
  // Jobs the producer will offer when bounded by count (no count and no duration: 5, the seed).
  std::int64_t job_count() const { return jobs.value_or(duration_s ? 0 : 5); }

  bool autoscale() const { return autoscale_min > 0 && autoscale_max > 0; }
  // The downstream call's latency at t_s seconds into the run (the last step due, else the key).
  double downstream_latency_at(double t_s) const {
    double ms = downstream_latency_ms;
    for (const LatencyStep& step : downstream_steps)
      if (step.at_s <= t_s) ms = step.ms;
    return ms;
  }
  bool calls_downstream() const {
    return downstream_latency_ms > 0 || !downstream_steps.empty() || limit != LimitPolicy::none;
  }

  bool operator==(const ScenarioSpec&) const = default;
};

// Most threads spawn mode starts at once: past this the producer waits for one to end. Without a
// cap, a burst of long jobs would start threads until the machine runs out of memory or the
// kernel refuses (pthread_create fails with EAGAIN), taking the lesson down with it.
inline constexpr int spawn_cap = 2000;

// The findings a lesson may expect (Finding::kind values).
inline constexpr std::string_view finding_leak = "leak";
inline constexpr std::string_view finding_deadlock = "deadlock";
inline constexpr std::string_view finding_send_on_closed = "send_on_closed";

// The first problem with a list of markers ("markers[1].at_s: -2 is out of range (allowed
// 0..86400)"), or empty. validate() checks a spec's markers with it.
std::string check_markers(const std::vector<Marker>& markers);
// Adds a marker, keeping the list in time order (after any at the same instant).
void add_marker(std::vector<Marker>& markers, Marker marker);

// The JSON keys of the key table in table order (the order scenario_to_json writes them); the
// `markers` list, which is not a single value, is written after them when there are any.
const std::vector<std::string_view>& scenario_keys();

// Allowed range of a numeric key, for messages and for the GUI's sliders.
struct KeyRange {
  std::string_view key;  // snake_case, as in the JSON files
  double min;
  double max;
  bool whole = false;        // an integer key (workers), not a real number (job_ms)
  bool zero_is_off = false;  // 0 is allowed besides min..max and means "none" (burst)
};
const std::vector<KeyRange>& scenario_ranges();
const KeyRange* find_range(std::string_view key);

// The first problem with a spec, as "key: value is out of range (allowed min..max)", or empty.
// `key_style` decides how keys are named: "workers" (JSON) or "--workers" (CLI).
enum class KeyStyle { json, cli };
std::string validate(const ScenarioSpec& spec, KeyStyle style = KeyStyle::json);

// The spec with every ranged number brought into its key's range (what the engine runs, even
// when handed a spec that was never validated). A valid spec comes back unchanged.
ScenarioSpec within_limits(ScenarioSpec spec);

// Limits on what is read: a scenario larger than this or nested deeper is refused (with a message)
// before it is parsed, so hostile files cost linear time and bounded memory and stack.
inline constexpr std::size_t scenario_max_bytes = std::size_t{1} << 20;  // 1 MiB
inline constexpr std::size_t scenario_max_depth = 64;

// Loading from JSON text or a file. On failure `error` says what is wrong: the key, the value and
// the allowed range, or the line and column of a syntax error; the result is then empty.
std::optional<ScenarioSpec> parse_scenario(std::string_view json_text, std::string& error);
std::optional<ScenarioSpec> load_scenario(const std::string& path, std::string& error);
std::string scenario_to_json(const ScenarioSpec& spec);  // every key, pretty-printed
bool save_scenario(const ScenarioSpec& spec, const std::string& path, std::string& error);

// The settings `changed` has that `base` has not, in table order, as "workers 3→4, job_ms
// 1000→10000" (empty when the runs are alike). Title, lesson text, show_at and window_s are
// not settings of the run and are not compared. How the GUI says that a lesson was changed.
std::string describe_changes(const ScenarioSpec& base, const ScenarioSpec& changed);

// Keys whose value is one of a few names (job_kind, dist, policy, mode, mistake), from the key
// table: "sleep, spin, mixed" (empty for other keys), and setting one from its name. On a name
// the key does not know, set_choice changes nothing and returns the message
// ("--mode: \"x\" is not one of pool, spawn").
std::string choices_of(std::string_view key);
std::string set_choice(ScenarioSpec& spec, std::string_view key, std::string_view name,
                       KeyStyle style);

// The keys the command line offers as options, in the key table's order, with their help and
// the kind of value they take (the range and the allowed names come from the table too).
struct KeyOption {
  enum class Kind { real, whole, unsigned_whole, choice };
  std::string_view key;
  std::string_view help;
  Kind kind;
};
const std::vector<KeyOption>& key_options();
// Sets a number-valued key to a value already read within its range (see KeyRange).
void set_number(ScenarioSpec& spec, std::string_view key, double value);
void set_number(ScenarioSpec& spec, std::string_view key, std::uint64_t value);

// A key's name in a given style: "results_buffer" or "--results-buffer".
std::string key_name(std::string_view json_key, KeyStyle style);

}  // namespace poolscope
