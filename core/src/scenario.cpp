// Scenario keys are described once, in kKeys: name, the ScenarioSpec member (whose type decides
// how the value is read, checked and written) and the allowed range. Parsing, validation,
// scenario_ranges() and scenario_to_json() all walk that table, so a new key is one row.
#include "poolscope/scenario.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <system_error>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <variant>

#include "poolscope/printable.h"
#include "scenario_markers.h"

namespace poolscope {
namespace {

// Reading uses nlohmann::json (std::map objects: inserting a key is logarithmic, where
// ordered_json's vector made a file of many keys quadratic); writing uses ordered_json, so that
// files list their keys in table order. The file's own key order is kept by the pre-scan below.
using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

// ---------------------------------------------------------------------------------------------
// Enumerations: one name table each. Aliases are accepted when parsing but never written.

template <class E>
struct EnumName {
  std::string_view name;
  E value;
  bool alias = false;
};

constexpr std::array<EnumName<JobKind>, 3> kJobKinds{{
    {"sleep", JobKind::sleep},
    {"spin", JobKind::spin},
    {"mixed", JobKind::mixed},
}};
constexpr std::array<EnumName<DurationDist>, 4> kDists{{
    {"fixed", DurationDist::fixed},
    {"uniform", DurationDist::uniform},
    {"exp", DurationDist::exp},
    {"lognormal", DurationDist::lognormal},
}};
constexpr std::array<EnumName<FullPolicy>, 6> kPolicies{{
    {"block", FullPolicy::block},
    {"reject", FullPolicy::reject},
    {"caller-runs", FullPolicy::caller_runs},
    {"drop-oldest", FullPolicy::drop_oldest},
    {"caller_runs", FullPolicy::caller_runs, true},
    {"drop_oldest", FullPolicy::drop_oldest, true},
}};
constexpr std::array<EnumName<ShutdownMode>, 3> kShutdownModes{{
    {"drain", ShutdownMode::drain},
    {"cancel", ShutdownMode::cancel},
    {"abort", ShutdownMode::abort},
}};

constexpr std::array<EnumName<Mistake>, 4> kMistakes{{
    {"none", Mistake::none},
    {"forget_close", Mistake::forget_close},
    {"wait_before_drain", Mistake::wait_before_drain},
    {"close_results_early", Mistake::close_results_early},
}};
constexpr std::array<EnumName<PoolMode>, 2> kPoolModes{{
    {"pool", PoolMode::pool},
    {"spawn", PoolMode::spawn},
}};
constexpr std::array<EnumName<LimitPolicy>, 4> kLimitPolicies{{
    {"none", LimitPolicy::none},
    {"aimd", LimitPolicy::aimd},
    {"vegas", LimitPolicy::vegas},
    {"gradient2", LimitPolicy::gradient2},
}};

// Overloads pick the table from the enum type, for the generic key code below.
constexpr std::span<const EnumName<JobKind>> enum_table(JobKind) { return kJobKinds; }
constexpr std::span<const EnumName<DurationDist>> enum_table(DurationDist) { return kDists; }
constexpr std::span<const EnumName<FullPolicy>> enum_table(FullPolicy) { return kPolicies; }
constexpr std::span<const EnumName<Mistake>> enum_table(Mistake) { return kMistakes; }
constexpr std::span<const EnumName<PoolMode>> enum_table(PoolMode) { return kPoolModes; }
constexpr std::span<const EnumName<LimitPolicy>> enum_table(LimitPolicy) { return kLimitPolicies; }
constexpr std::span<const EnumName<ShutdownMode>> enum_table(ShutdownMode) {
  return kShutdownModes;
}

template <class E>
std::string_view enum_name(E value) {
  for (const auto& entry : enum_table(value)) {
    if (entry.value == value && !entry.alias) return entry.name;
  }
  return "?";
}

template <class E>
std::optional<E> enum_value(std::string_view name) {
  for (const auto& entry : enum_table(E{})) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

// "sleep, spin, mixed": the canonical names, for messages.
template <class E>
std::string enum_choices() {
  std::string out;
  for (const auto& entry : enum_table(E{})) {
    if (entry.alias) continue;
    if (!out.empty()) out += ", ";
    out += entry.name;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The key table.

// Every member type a key can have; the variant alternative selects the reader and writer.
using Field =
    std::variant<std::string ScenarioSpec::*, int ScenarioSpec::*,
                 std::optional<int> ScenarioSpec::*, std::optional<std::int64_t> ScenarioSpec::*,
                 double ScenarioSpec::*, std::optional<double> ScenarioSpec::*,
                 std::uint64_t ScenarioSpec::*, JobKind ScenarioSpec::*,
                 DurationDist ScenarioSpec::*, FullPolicy ScenarioSpec::*, Mistake ScenarioSpec::*,
                 PoolMode ScenarioSpec::*, LimitPolicy ScenarioSpec::*,
                 std::vector<LatencyStep> ScenarioSpec::*>;

struct KeyRow {
  std::string_view name;  // JSON key
  Field field;
  bool ranged = false;
  double min = 0.0;
  double max = 0.0;
  bool zero_is_off = false;  // 0 disables the feature and is allowed besides min..max
  // The command line's help for the key's option; keys without one are not options (the
  // lesson's text, its title, when its point shows).
  std::string_view help = {};
};

constexpr KeyRow plain(std::string_view name, Field field, std::string_view help = {}) {
  return {name, field, false, 0.0, 0.0, false, help};
}
constexpr KeyRow ranged(std::string_view name, Field field, double min, double max,
                        std::string_view help = {}) {
  return {name, field, true, min, max, false, help};
}
constexpr KeyRow ranged_or_off(std::string_view name, Field field, double min, double max,
                               std::string_view help = {}) {
  return {name, field, true, min, max, true, help};
}

// The highest adaptive limit a scenario may ask for (concurrency-limits' Vegas default is 1000).
constexpr double kLimitMax = 10000;
// Latency steps: at most this many, within a day, each within the latency key's range.
constexpr std::size_t kMaxLatencySteps = 1000;
constexpr double kStepAtMax = 86400;
constexpr double kStepMsMax = 600000;

// 2^64 - 1 rounds up to 2^64 as a double; the integer reader still rejects 2^64 itself.
constexpr double kUint64Max = 18446744073709551615.0;

using S = ScenarioSpec;
constexpr std::array kKeys{
    plain("title", &S::title),
    plain("lesson", &S::lesson),
    ranged("workers", &S::workers, 1, max_workers, "Worker threads"),
    ranged("buffer", &S::buffer, 0, 1e6, "Job queue capacity; 0 = unbuffered rendezvous"),
    ranged("results_buffer", &S::results_buffer, 0, 1e6,
           "Results queue capacity (default: --buffer)"),
    ranged("jobs", &S::jobs, 1, 1e8, "Closed loop: this many jobs, then close the queue"),
    ranged("duration", &S::duration_s, 0.001, 86400,
           "Produce for this many seconds, then close the queue"),
    ranged("job_ms", &S::job_ms, 0, 600000, "Mean job duration in milliseconds (decimals allowed)"),
    plain("job_kind", &S::job_kind, "sleep (I/O-bound), spin (CPU-bound) or mixed"),
    ranged("cpu_fraction", &S::cpu_fraction, 0, 1, "Mixed jobs: share of the time computing"),
    plain("dist", &S::dist, "Duration distribution: fixed, uniform, exp or lognormal"),
    ranged("spread", &S::spread, 0, 10, "Relative spread of uniform and lognormal durations"),
    ranged("rate", &S::rate, 0.001, 1e7,
           "Open loop: Poisson arrivals at this many jobs per second"),
    ranged_or_off("burst", &S::burst, 1, 1e6, "Bursts: this many jobs ..."),
    ranged_or_off("burst_every_ms", &S::burst_every_ms, 1, 3.6e6,
                  "... every this many milliseconds"),
    plain("policy", &S::policy, "Full-queue policy: block, reject, caller-runs, drop-oldest"),
    ranged("consumer_ms", &S::consumer_ms, 0, 60000,
           "Per-result delay of the consumer (slow consumer)"),
    ranged("fail", &S::fail, 0, 1, "Probability that a job fails"),
    ranged("timeout_ms", &S::timeout_ms, 0, 600000, "Per-job timeout in milliseconds (0 = none)"),
    ranged("downstream", &S::downstream, 0, max_workers,
           "Downstream connections jobs hold (0 = unlimited)"),
    ranged("downstream_latency_ms", &S::downstream_latency_ms, 0, 600000,
           "Each job's downstream call takes this many milliseconds, on its connection"),
    plain("downstream_steps", &S::downstream_steps),  // a list: scenario files only
    plain("limit", &S::limit,
          "Adaptive concurrency limit on downstream calls: none, aimd, vegas, gradient2"),
    ranged_or_off("limit_initial", &S::limit_initial, 1, kLimitMax,
                  "Adaptive limit: the limit to start from (0 = the algorithm's default, 20)"),
    ranged_or_off("limit_min", &S::limit_min, 1, kLimitMax,
                  "Adaptive limit: the lowest limit (0 = default: 20, or 1 for vegas)"),
    ranged_or_off("limit_max", &S::limit_max, 1, kLimitMax,
                  "Adaptive limit: the highest limit (0 = default: 200, or 1000 for vegas)"),
    ranged_or_off("limit_timeout_ms", &S::limit_timeout_ms, 0.001, 600000,
                  "AIMD: a call slower than this counts as a drop (0 = default, 5000)"),
    ranged_or_off("limit_probe_multiplier", &S::limit_probe_multiplier, 1, 1000000,
                  "Vegas: re-probe the no-load latency every N x limit calls (0 = default, 30)"),
    ranged("seed", &S::seed, 0, kUint64Max,
           "Random seed (runs with the same seed draw the same jobs)"),
    plain("mode", &S::mode, "pool (workers share a queue) or spawn (one thread per job)"),
    plain("mistake", &S::mistake,
          "Demonstrate a mistake: none, forget_close, wait_before_drain, close_results_early"),
    plain("expect_finding", &S::expect_finding),
    ranged_or_off("autoscale_min", &S::autoscale_min, 1, max_workers,
                  "Dynamic pool: at least this many workers"),
    ranged_or_off("autoscale_max", &S::autoscale_max, 1, max_workers,
                  "Dynamic pool: at most this many workers"),
    ranged("priority_share", &S::priority_share, 0, 1,
           "Share of jobs in the high-priority class, served first"),
    ranged("io_share", &S::io_share, 0, 1, "Share of jobs that are I/O-bound sleeps"),
    ranged("io_workers", &S::io_workers, 0, max_workers,
           "A separate pool of this many workers for the I/O jobs (0 = one shared pool)"),
    ranged("show_at", &S::show_at, 0, 86400),
    ranged("window_s", &S::window_s, 0.1, 3600),
};

const KeyRow* find_row(std::string_view name) {
  const auto it =
      std::find_if(kKeys.begin(), kKeys.end(), [&](const KeyRow& row) { return row.name == name; });
  return it == kKeys.end() ? nullptr : &*it;
}

const KeyRow& row_of(std::string_view name) {
  const KeyRow* row = find_row(name);
  return *row;  // only called with names from kKeys
}

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

// The value type of a member, optional or not.
template <class T>
struct Unwrapped {
  using type = T;
};
template <class T>
struct Unwrapped<std::optional<T>> {
  using type = T;
};

// ---------------------------------------------------------------------------------------------
// Formatting for messages.

// Integral values print without a fraction ("1024", not "1024.0"); others in shortest form.
std::string format_number(double value) {
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<std::int64_t>(value));
  }
  std::array<char, 64> buf{};
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  return std::string(buf.data(), res.ptr);
}

std::string format_bound(double bound) {
  if (bound >= kUint64Max) return std::to_string(std::numeric_limits<std::uint64_t>::max());
  return format_number(bound);
}

template <class T>
std::string format_value(const T& value) {
  if constexpr (std::is_floating_point_v<T>) {
    return format_number(value);
  } else {
    return std::to_string(value);
  }
}

// A JSON value as the user wrote it, shortened so a misplaced lesson text stays readable.
std::string format_json(const Json& value) {
  constexpr std::size_t kMax = 60;
  const std::string dumped = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  // dump() escapes C0 controls but not DEL or the C1 controls (U+0080..U+009F).
  std::string text;
  for (std::size_t i = 0; i < dumped.size() && text.size() < kMax + 16; ++i) {
    const auto c = static_cast<unsigned char>(dumped[i]);
    if (c == 0x7F) {
      text += "\\u007f";
    } else if (c == 0xC2 && i + 1 < dumped.size() &&
               static_cast<unsigned char>(dumped[i + 1]) <= 0x9F) {
      constexpr char kHex[] = "0123456789abcdef";
      const auto low = static_cast<unsigned char>(dumped[++i]);
      text += std::string("\\u00") + kHex[low >> 4] + kHex[low & 0xF];
    } else {
      text += static_cast<char>(c);
    }
  }
  if (text.size() > kMax) text = text.substr(0, kMax - 3) + "...";
  return text;
}

std::string range_error(const std::string& key, const std::string& value, const KeyRow& row) {
  std::string out = key + ": " + value + " is out of range (allowed " + format_bound(row.min) +
                    ".." + format_bound(row.max);
  if (row.zero_is_off) out += ", or 0 for none";
  return out + ")";
}

bool in_range(const KeyRow& row, double value) {
  if (!row.ranged) return true;
  if (row.zero_is_off && value == 0.0) return true;
  return value >= row.min && value <= row.max;
}

// Whether a whole double converts to T without overflow (the range table may be wider).
template <class T>
bool fits(double value) {
  const double lowest = static_cast<double>(std::numeric_limits<T>::min());
  return value >= lowest && value < std::ldexp(1.0, std::numeric_limits<T>::digits);
}

// ---------------------------------------------------------------------------------------------
// Latency steps: [{"at_s": 5, "ms": 40}, ...], at strictly increasing times.

std::string step_range_error(const std::string& where, const std::string& value, double max) {
  return where + ": " + value + " is out of range (allowed 0.." + format_bound(max) + ")";
}

// The first problem with a list of steps already read ("downstream_steps[1].at_s: ..."), or empty.
std::string check_steps(const std::vector<LatencyStep>& steps, const std::string& key) {
  if (steps.size() > kMaxLatencySteps)
    return key + ": " + std::to_string(steps.size()) + " steps is too many (at most " +
           std::to_string(kMaxLatencySteps) + ")";
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string at = key + "[" + std::to_string(i) + "]";
    const LatencyStep& step = steps[i];
    if (!std::isfinite(step.at_s) || step.at_s < 0 || step.at_s > kStepAtMax)
      return step_range_error(at + ".at_s", format_number(step.at_s), kStepAtMax);
    if (!std::isfinite(step.ms) || step.ms < 0 || step.ms > kStepMsMax)
      return step_range_error(at + ".ms", format_number(step.ms), kStepMsMax);
    if (i > 0 && step.at_s <= steps[i - 1].at_s)
      return at + ".at_s: " + format_number(step.at_s) + " is not after the step before it (" +
             format_number(steps[i - 1].at_s) + "); list the steps in time order";
  }
  return {};
}

std::string read_steps(const Json& value, const std::string& key, std::vector<LatencyStep>& out) {
  const std::string shape = R"( (expected a list like [{"at_s": 5, "ms": 40}]))";
  if (!value.is_array()) return key + ": " + format_json(value) + " is not a list" + shape;
  std::vector<LatencyStep> steps;
  for (std::size_t i = 0; i < value.size() && i <= kMaxLatencySteps; ++i) {
    const Json& item = value[i];
    const std::string at = key + "[" + std::to_string(i) + "]";
    if (!item.is_object()) return at + ": " + format_json(item) + " is not an object" + shape;
    for (const auto& [name, field] : item.items()) {
      if (name != "at_s" && name != "ms")
        return at + ": unknown key " + printable_quoted(name) + " (known keys: at_s, ms)";
      if (!field.is_number() || !std::isfinite(field.get<double>()))
        return at + "." + name + ": " + format_json(field) + " is not a number";
    }
    if (!item.contains("at_s") || !item.contains("ms"))
      return at + ": needs both at_s (seconds into the run) and ms (the new latency)";
    steps.push_back({item["at_s"].get<double>(), item["ms"].get<double>()});
  }
  if (value.size() > kMaxLatencySteps) steps.resize(kMaxLatencySteps + 1);
  std::string error = check_steps(steps, key);
  if (error.empty()) out = std::move(steps);
  return error;
}

// ---------------------------------------------------------------------------------------------
// Reading one JSON value into a member: type check, then range check, then store.

template <class T>
std::string read_value(const Json& value, const KeyRow& row, T& out) {
  const std::string key{row.name};
  const auto type_error = [&](std::string_view expected) {
    return key + ": " + format_json(value) + " is not " + std::string(expected);
  };

  if constexpr (IsOptional<T>::value) {
    typename T::value_type inner{};
    std::string error = read_value(value, row, inner);
    if (error.empty()) out = inner;
    return error;
  } else if constexpr (std::is_same_v<T, std::vector<LatencyStep>>) {
    return read_steps(value, key, out);
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!value.is_string()) return type_error("a string");
    out = value.template get<std::string>();
    return {};
  } else if constexpr (std::is_enum_v<T>) {
    if (!value.is_string()) return type_error("a string (one of " + enum_choices<T>() + ")");
    const auto parsed = enum_value<T>(value.template get<std::string>());
    if (!parsed) return type_error("one of " + enum_choices<T>());
    out = *parsed;
    return {};
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!value.is_number()) return type_error("a number");
    const double number = value.template get<double>();
    if (!std::isfinite(number)) return type_error("a finite number");
    if (!in_range(row, number)) return range_error(key, format_json(value), row);
    out = number;
    return {};
  } else {
    static_assert(std::is_integral_v<T>);
    if (!value.is_number()) return type_error("an integer");
    // Exact integers are checked as integers, so 2^64 - 1 survives for the seed.
    if (value.is_number_unsigned() || value.is_number_integer()) {
      const bool is_unsigned = value.is_number_unsigned();
      const auto u = is_unsigned ? value.template get<std::uint64_t>() : 0;
      const auto i = is_unsigned ? 0 : value.template get<std::int64_t>();
      const double approx = is_unsigned ? static_cast<double>(u) : static_cast<double>(i);
      const bool fits_t = is_unsigned ? std::in_range<T>(u) : std::in_range<T>(i);
      if (!in_range(row, approx) || !fits_t) return range_error(key, format_json(value), row);
      out = is_unsigned ? static_cast<T>(u) : static_cast<T>(i);
      return {};
    }
    const double number = value.template get<double>();
    if (!std::isfinite(number)) return type_error("a finite number");
    if (number != std::trunc(number)) return type_error("an integer");  // 3.0 is fine, 3.5 not
    if (!in_range(row, number) || !fits<T>(number)) {
      return range_error(key, format_json(value), row);
    }
    out = static_cast<T>(number);
    return {};
  }
}

std::string read_key(const Json& value, const KeyRow& row, ScenarioSpec& spec) {
  return std::visit([&](auto member) { return read_value(value, row, spec.*member); }, row.field);
}

// ---------------------------------------------------------------------------------------------
// Checking and writing one member.

template <class T>
std::string check_value(const KeyRow& row, const T& value, KeyStyle style) {
  if constexpr (IsOptional<T>::value) {
    return value ? check_value(row, *value, style) : std::string{};
  } else if constexpr (std::is_same_v<T, std::vector<LatencyStep>>) {
    return check_steps(value, key_name(row.name, style));
  } else if constexpr (std::is_arithmetic_v<T>) {
    const std::string key = key_name(row.name, style);
    if constexpr (std::is_floating_point_v<T>) {
      // NaN compares false with everything, so it must be caught before the range check.
      if (!std::isfinite(value))
        return key + ": " + format_value(value) + " is not a finite number";
    }
    if (!in_range(row, static_cast<double>(value))) {
      return range_error(key, format_value(value), row);
    }
    return {};
  } else {
    return {};  // strings and enumerations are valid by construction
  }
}

// Brings one number into its row's range (0 stays 0 where it means "off"; NaN becomes the least).
template <class T>
void clamp_value(const KeyRow& row, T& value) {
  if constexpr (IsOptional<T>::value) {
    if (value) clamp_value(row, *value);
  } else if constexpr (std::is_same_v<T, std::vector<LatencyStep>>) {
    // Steps out of order or range are left out: what the engine runs is always a valid list.
    std::vector<LatencyStep> kept;
    for (const LatencyStep& step : value) {
      const bool ok = std::isfinite(step.at_s) && step.at_s >= 0 && step.at_s <= kStepAtMax &&
                      std::isfinite(step.ms) && step.ms >= 0 && step.ms <= kStepMsMax &&
                      (kept.empty() || step.at_s > kept.back().at_s);
      if (ok && kept.size() < kMaxLatencySteps) kept.push_back(step);
    }
    value = std::move(kept);
  } else if constexpr (std::is_arithmetic_v<T>) {
    if (!row.ranged || (row.zero_is_off && value == T{0})) return;
    const double v = static_cast<double>(value);
    if (v >= row.min && v <= row.max) return;  // also keeps 2^64 - 1 exact for the seed
    value = static_cast<T>(v > row.max ? row.max : row.min);
  }
}

template <class T>
void write_value(OrderedJson& out, std::string_view key, const T& value) {
  if constexpr (IsOptional<T>::value) {
    if (value) write_value(out, key, *value);  // unset optional keys are left out
  } else if constexpr (std::is_same_v<T, std::vector<LatencyStep>>) {
    if (value.empty()) return;  // no steps: left out
    OrderedJson list = OrderedJson::array();
    for (const LatencyStep& step : value) {
      OrderedJson item = OrderedJson::object();
      item["at_s"] = step.at_s;
      item["ms"] = step.ms;
      list.push_back(std::move(item));
    }
    out[std::string(key)] = std::move(list);
  } else if constexpr (std::is_enum_v<T>) {
    out[std::string(key)] = std::string(to_string(value));
  } else {
    out[std::string(key)] = value;
  }
}

// ---------------------------------------------------------------------------------------------
// Syntax errors and files.

// 1-based line and column (in code points) of a byte offset.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {  // UTF-8 continuation bytes do not start a column
      ++column;
    }
  }
  return {line, column};
}

std::string at_position(std::string_view text, std::size_t offset) {
  const auto [line, column] = line_column(text, offset);
  return "at line " + std::to_string(line) + ", column " + std::to_string(column);
}

// nlohmann's `byte` counts the characters read, so the offending one is at byte - 1. Its own
// line/column in what() are off after a newline, hence our own. Its detail echoes the last token
// read (a whole unterminated string, say): cut and escaped.
std::string syntax_message(std::string_view text, std::size_t byte, const std::string& what) {
  const std::size_t offset = byte == 0 ? 0 : byte - 1;
  std::string detail = what;
  // what() is "[json.exception.parse_error.101] parse error at line 3, column 0: syntax error
  // while parsing value - ..."; keep what follows the first ": ".
  if (const auto colon = detail.find(": "); colon != std::string::npos) {
    detail.erase(0, colon + 2);
  }
  constexpr std::string_view kPrefix = "syntax error ";
  if (detail.starts_with(kPrefix)) detail.erase(0, kPrefix.size());
  return "syntax error " + at_position(text, offset) + ": " + printable(detail, 160);
}

// Numbers like 1e999 overflow a double; nlohmann reports the token, and `end` is where it ends.
std::string overflow_message(std::string_view text, std::size_t end, const std::string& what) {
  const auto open = what.find('\'');
  const auto close = what.rfind('\'');
  if (open == std::string::npos || close <= open) return printable(what, 160);
  const std::string token = what.substr(open + 1, close - open - 1);
  const std::size_t at = end >= token.size() ? end - token.size() : 0;
  return "number out of range " + at_position(text, at) + ": " + printable(token) +
         " is not a finite number";
}

// Nesting deeper than this is refused before anything recursive sees the document.
std::string depth_error(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > scenario_max_depth) {
        return "nesting deeper than " + std::to_string(scenario_max_depth) + " levels " +
               at_position(text, i);
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return {};
}

// A first pass over the document with nlohmann's SAX parser (iterative, no DOM): finds syntax
// errors, the top level's type, and its first duplicate and first unknown key, in linear time.
class Prescan final : public nlohmann::json_sax<Json> {
 public:
  explicit Prescan(std::string_view text) : text_(text) {}

  bool null() override { return scalar(Json::value_t::null); }
  bool boolean(bool) override { return scalar(Json::value_t::boolean); }
  bool number_integer(number_integer_t) override { return scalar(Json::value_t::number_integer); }
  bool number_unsigned(number_unsigned_t) override {
    return scalar(Json::value_t::number_unsigned);
  }
  bool number_float(number_float_t, const string_t&) override {
    return scalar(Json::value_t::number_float);
  }
  bool string(string_t&) override { return scalar(Json::value_t::string); }
  bool binary(binary_t&) override { return scalar(Json::value_t::binary); }
  bool start_object(std::size_t) override { return open(Json::value_t::object); }
  bool start_array(std::size_t) override { return open(Json::value_t::array); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& name) override {
    if (depth_ != 1) return true;
    if (!keys_.insert(name).second) {
      if (!duplicate_) duplicate_ = name;
    } else if (!unknown_ && find_row(name) == nullptr && name != detail::markers_key) {
      unknown_ = name;
    }
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& e) override {
    if (dynamic_cast<const nlohmann::detail::parse_error*>(&e) != nullptr) {
      error_ = syntax_message(text_, position, e.what());
    } else {
      error_ = overflow_message(text_, position, e.what());
    }
    return false;
  }

  // The first problem found, in the order a reader would want them: syntax, top-level type,
  // duplicate key, unknown key.
  std::string problem() const;

 private:
  bool scalar(Json::value_t type) {
    if (depth_ == 0) top_ = type;
    return true;
  }
  bool open(Json::value_t type) {
    if (depth_ == 0) top_ = type;
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }

  std::string_view text_;
  std::size_t depth_ = 0;
  Json::value_t top_ = Json::value_t::discarded;
  std::unordered_set<std::string> keys_;
  std::optional<std::string> duplicate_;
  std::optional<std::string> unknown_;
  std::string error_;
};

std::string errno_text(int err) { return std::generic_category().message(err); }

// Closes a file descriptor on every path out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// Only a regular file of at most scenario_max_bytes is read. O_NONBLOCK: opening a FIFO with no
// writer would otherwise wait forever (it is refused right after, as not a regular file).
bool read_text_file(const std::string& path, std::string& text, std::string& error) {
  const std::string name = printable_quoted(path, 200);
  Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    error = "cannot open scenario file " + name + ": " + errno_text(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    error = "cannot read scenario file " + name + ": " + errno_text(errno);
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    error = "cannot read scenario file " + name + ": it is a directory";
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    error = "cannot read scenario file " + name +
            ": not a regular file (a device, FIFO or socket is not read)";
    return false;
  }
  const auto too_big = [&] {
    error = "scenario file " + name + " is larger than " + std::to_string(scenario_max_bytes) +
            " bytes (1 MiB), the most a scenario may be";
    return false;
  };
  if (st.st_size > static_cast<off_t>(scenario_max_bytes)) return too_big();
  text.clear();
  std::array<char, 16384> buf{};
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = "cannot read scenario file " + name + ": " + errno_text(errno);
      return false;
    }
    if (n == 0) break;
    text.append(buf.data(), static_cast<std::size_t>(n));
    if (text.size() > scenario_max_bytes) return too_big();  // it grew while we read
  }
  return true;
}

std::string_view json_type_name(Json::value_t type) {
  switch (type) {
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::null:
      return "null";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "a number";
    default:
      return "something else";
  }
}

std::string known_keys() {
  std::string out;
  for (const auto& row : kKeys) {
    if (!out.empty()) out += ", ";
    out += row.name;
  }
  return out + ", " + std::string(detail::markers_key);
}

std::string Prescan::problem() const {
  if (!error_.empty()) return error_;
  if (top_ != Json::value_t::object) {
    return "expected a JSON object at the top level, got " + std::string(json_type_name(top_));
  }
  if (duplicate_) return "duplicate key " + printable_quoted(*duplicate_);
  if (unknown_)
    return "unknown key " + printable_quoted(*unknown_) + " (known keys: " + known_keys() + ")";
  return {};
}

}  // namespace

// -----------------------------------------------------------------------------------------------

std::string_view to_string(JobKind k) { return enum_name(k); }
std::string_view to_string(DurationDist d) { return enum_name(d); }
std::string_view to_string(FullPolicy p) { return enum_name(p); }
std::string_view to_string(ShutdownMode m) { return enum_name(m); }
std::string_view to_string(Mistake m) { return enum_name(m); }
std::string_view to_string(PoolMode m) { return enum_name(m); }
std::string_view to_string(LimitPolicy p) { return enum_name(p); }
std::optional<JobKind> parse_job_kind(std::string_view s) { return enum_value<JobKind>(s); }
std::optional<DurationDist> parse_dist(std::string_view s) { return enum_value<DurationDist>(s); }
std::optional<FullPolicy> parse_policy(std::string_view s) { return enum_value<FullPolicy>(s); }
std::optional<Mistake> parse_mistake(std::string_view s) { return enum_value<Mistake>(s); }
std::optional<PoolMode> parse_mode(std::string_view s) { return enum_value<PoolMode>(s); }
std::optional<LimitPolicy> parse_limit(std::string_view s) { return enum_value<LimitPolicy>(s); }

const std::vector<std::string_view>& scenario_keys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> out;
    for (const auto& row : kKeys) out.push_back(row.name);
    return out;
  }();
  return keys;
}

const std::vector<KeyRange>& scenario_ranges() {
  static const std::vector<KeyRange> ranges = [] {
    std::vector<KeyRange> out;
    for (const auto& row : kKeys) {
      if (!row.ranged) continue;
      const bool whole = std::visit(
          [](auto member) {
            using T = std::remove_cvref_t<decltype(ScenarioSpec{}.*member)>;
            if constexpr (IsOptional<T>::value) {
              return std::is_integral_v<typename T::value_type>;
            } else {
              return std::is_integral_v<T>;
            }
          },
          row.field);
      out.push_back({row.name, row.min, row.max, whole, row.zero_is_off});
    }
    return out;
  }();
  return ranges;
}

const KeyRange* find_range(std::string_view key) {
  const auto& ranges = scenario_ranges();
  const auto it = std::find_if(ranges.begin(), ranges.end(),
                               [&](const KeyRange& range) { return range.key == key; });
  return it == ranges.end() ? nullptr : &*it;
}

std::string key_name(std::string_view json_key, KeyStyle style) {
  if (style == KeyStyle::json) return std::string(json_key);
  std::string out = "--";
  for (const char c : json_key) out += c == '_' ? '-' : c;
  return out;
}

const std::vector<KeyOption>& key_options() {
  static const std::vector<KeyOption> options = [] {
    std::vector<KeyOption> out;
    for (const KeyRow& row : kKeys) {
      if (row.help.empty()) continue;
      const auto kind = std::visit(
          [](auto member) {
            using T = std::remove_cvref_t<decltype(std::declval<ScenarioSpec&>().*member)>;
            using V = typename Unwrapped<T>::type;
            if constexpr (std::is_enum_v<V>) return KeyOption::Kind::choice;
            if constexpr (std::is_same_v<V, std::uint64_t>) return KeyOption::Kind::unsigned_whole;
            if constexpr (std::is_integral_v<V>) return KeyOption::Kind::whole;
            return KeyOption::Kind::real;
          },
          row.field);
      out.push_back(KeyOption{row.name, row.help, kind});
    }
    return out;
  }();
  return options;
}

namespace {

template <class N>
void set_number_value(ScenarioSpec& spec, std::string_view key, N value) {
  const KeyRow* row = find_row(key);
  if (!row) return;
  std::visit(
      [&](auto member) {
        using T = std::remove_cvref_t<decltype(spec.*member)>;
        using V = typename Unwrapped<T>::type;
        if constexpr (std::is_arithmetic_v<V>) spec.*member = static_cast<V>(value);
      },
      row->field);
}

}  // namespace

void set_number(ScenarioSpec& spec, std::string_view key, double value) {
  set_number_value(spec, key, value);
}
void set_number(ScenarioSpec& spec, std::string_view key, std::uint64_t value) {
  set_number_value(spec, key, value);
}

std::string choices_of(std::string_view key) {
  const KeyRow* row = find_row(key);
  if (!row) return {};
  return std::visit(
      [](auto member) -> std::string {
        using T = std::remove_cvref_t<decltype(std::declval<ScenarioSpec&>().*member)>;
        if constexpr (std::is_enum_v<T>) return enum_choices<T>();
        return {};
      },
      row->field);
}

std::string set_choice(ScenarioSpec& spec, std::string_view key, std::string_view name,
                       KeyStyle style) {
  const KeyRow* row = find_row(key);
  if (!row) return std::string(key) + " is not a key";
  return std::visit(
      [&](auto member) -> std::string {
        using T = std::remove_cvref_t<decltype(spec.*member)>;
        if constexpr (std::is_enum_v<T>) {
          const auto value = enum_value<T>(name);
          if (!value)
            return key_name(key, style) + ": " + printable_quoted(name) + " is not one of " +
                   enum_choices<T>();
          spec.*member = *value;
          return {};
        }
        return key_name(key, style) + " is not a key with named values";
      },
      row->field);
}

ScenarioSpec within_limits(ScenarioSpec spec) {
  for (const auto& row : kKeys)
    std::visit([&](auto member) { clamp_value(row, spec.*member); }, row.field);
  return spec;
}

namespace {

// The adaptive limit's tuning: only with a limit, only the keys its algorithm reads, and a
// min <= initial <= max that holds with the defaults filled in.
std::string validate_limit(const ScenarioSpec& spec, KeyStyle style) {
  const auto key = [&](std::string_view name) { return key_name(name, style); };
  if (spec.limit == LimitPolicy::none) {
    // The first tuning key set, if any (one list: a new key is added here only).
    const std::string_view first = spec.limit_initial > 0            ? "limit_initial"
                                   : spec.limit_min > 0              ? "limit_min"
                                   : spec.limit_max > 0              ? "limit_max"
                                   : spec.limit_timeout_ms > 0       ? "limit_timeout_ms"
                                   : spec.limit_probe_multiplier > 0 ? "limit_probe_multiplier"
                                                                     : "";
    if (first.empty()) return {};
    return key(first) + " tunes an adaptive limit: set " + key("limit") +
           " to aimd, vegas or gradient2 too";
  }
  if (spec.limit_timeout_ms > 0 && spec.limit != LimitPolicy::aimd)
    return key("limit_timeout_ms") + " applies to " + key("limit") + " aimd only (" +
           std::string(to_string(spec.limit)) + " reads latency, not timeouts)";
  if (spec.limit_probe_multiplier > 0 && spec.limit != LimitPolicy::vegas)
    return key("limit_probe_multiplier") + " applies to " + key("limit") +
           " vegas only (only Vegas probes for a new no-load latency)";
  const bool vegas = spec.limit == LimitPolicy::vegas;
  const int min = spec.limit_min > 0 ? spec.limit_min : vegas ? 1 : 20;
  const int max = spec.limit_max > 0 ? spec.limit_max : vegas ? 1000 : 200;
  const int initial = spec.limit_initial > 0 ? spec.limit_initial : 20;
  if (min > max)
    return key("limit_min") + " and " + key("limit_max") + ": " + std::to_string(min) + " > " +
           std::to_string(max) + " (the lowest limit must not be above the highest" +
           (spec.limit_min > 0 && spec.limit_max > 0 ? "" : "; 0 means the default") + ")";
  if (spec.limit_initial > 0 && (initial < min || initial > max))
    return key("limit_initial") + ": " + std::to_string(initial) + " is outside " +
           key("limit_min") + ".." + key("limit_max") + " (" + std::to_string(min) + ".." +
           std::to_string(max) + ")";
  return {};
}

}  // namespace

std::string validate(const ScenarioSpec& spec, KeyStyle style) {
  for (const auto& row : kKeys) {
    std::string error =
        std::visit([&](auto member) { return check_value(row, spec.*member, style); }, row.field);
    if (!error.empty()) return error;
  }
  const auto key = [&](std::string_view name) { return key_name(name, style); };
  // The range check lets burst_every_ms be 0 ("off"); with bursts on it is required.
  if (spec.burst > 0 && spec.burst_every_ms < 1.0) {
    const KeyRow& every = row_of("burst_every_ms");
    return key("burst_every_ms") + " is required when " + key("burst") + " > 0 (allowed " +
           format_bound(every.min) + ".." + format_bound(every.max) + ")";
  }
  if (spec.rate && spec.burst > 0) {
    return key("rate") + " and " + key("burst") + " cannot be combined";
  }
  if (!spec.expect_finding.empty() && spec.expect_finding != finding_leak &&
      spec.expect_finding != finding_deadlock && spec.expect_finding != finding_send_on_closed) {
    return key("expect_finding") + ": " + printable_quoted(spec.expect_finding) +
           " is not one of leak, deadlock, send_on_closed";
  }
  if ((spec.autoscale_min > 0) != (spec.autoscale_max > 0) ||
      spec.autoscale_min > spec.autoscale_max) {
    return key("autoscale_min") + " and " + key("autoscale_max") + ": " +
           std::to_string(spec.autoscale_min) + ".." + std::to_string(spec.autoscale_max) +
           " is not a range (both set, 1 <= min <= max <= " + std::to_string(max_workers) +
           ", or both 0 for a fixed pool)";
  }
  if (spec.mode == PoolMode::spawn) {
    // Spawn mode has no pool and no job queue, so pool-shaping keys mean nothing there.
    const auto clash = [&](std::string_view name) {
      return key("mode") + ": spawn cannot be combined with " + key(name) +
             " (it has no pool and no job queue; use mode pool)";
    };
    if (spec.autoscale()) return clash("autoscale_min");
    if (spec.io_workers > 0) return clash("io_workers");
    if (spec.priority_share > 0) return clash("priority_share");
    if (spec.mistake != Mistake::none) return clash("mistake");
    if (spec.limit != LimitPolicy::none) return clash("limit");
    if (spec.downstream_latency_ms > 0 || !spec.downstream_steps.empty())
      return clash(spec.downstream_latency_ms > 0 ? "downstream_latency_ms" : "downstream_steps");
  }
  if (std::string error = validate_limit(spec, style); !error.empty()) return error;
  // jobs and duration together are fine: the producer stops at whichever comes first.
  return check_markers(spec.markers);
}

std::optional<ScenarioSpec> parse_scenario(std::string_view json_text, std::string& error) {
  error.clear();
  if (json_text.size() > scenario_max_bytes) {
    error = "the scenario is larger than " + std::to_string(scenario_max_bytes) +
            " bytes (1 MiB), the most a scenario may be";
    return std::nullopt;
  }
  if (json_text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    error = "the scenario is empty (expected a JSON object)";
    return std::nullopt;
  }
  // Every pass below is linear in the text, and nothing recursive (the DOM's dump and
  // destructor) sees a document nested deeper than scenario_max_depth.
  error = depth_error(json_text);
  if (!error.empty()) return std::nullopt;
  Prescan prescan(json_text);
  Json::sax_parse(json_text.begin(), json_text.end(), &prescan);
  error = prescan.problem();
  if (!error.empty()) return std::nullopt;

  Json doc;
  try {
    doc = Json::parse(json_text.begin(), json_text.end());
  } catch (const Json::parse_error& e) {  // the pre-scan has seen these already
    error = syntax_message(json_text, e.byte, e.what());
    return std::nullopt;
  } catch (const Json::exception& e) {
    error = printable(e.what(), 160);
    return std::nullopt;
  }

  ScenarioSpec spec;
  for (const auto& row : kKeys) {
    const auto it = doc.find(std::string(row.name));
    if (it == doc.end()) continue;  // absent: the struct's default
    error = read_key(*it, row, spec);
    if (!error.empty()) return std::nullopt;
  }
  if (const auto it = doc.find(std::string(detail::markers_key)); it != doc.end()) {
    error = detail::read_markers(*it, spec.markers);
    if (!error.empty()) return std::nullopt;
  }
  error = validate(spec, KeyStyle::json);
  if (!error.empty()) return std::nullopt;
  return spec;
}

std::optional<ScenarioSpec> load_scenario(const std::string& path, std::string& error) {
  std::string text;
  if (!read_text_file(path, text, error)) return std::nullopt;
  auto spec = parse_scenario(text, error);
  if (!spec) error = printable(path, 200) + ": " + error;
  return spec;
}

std::string scenario_to_json(const ScenarioSpec& spec) {
  OrderedJson out = OrderedJson::object();
  for (const auto& row : kKeys) {
    std::visit([&](auto member) { write_value(out, row.name, spec.*member); }, row.field);
  }
  if (!spec.markers.empty())
    out[std::string(detail::markers_key)] = detail::markers_to_json(spec.markers);
  // replace: a title with invalid UTF-8 (say, from the command line) must not throw.
  return out.dump(2, ' ', false, OrderedJson::error_handler_t::replace);
}

bool save_scenario(const ScenarioSpec& spec, const std::string& path, std::string& error) {
  const std::string text = scenario_to_json(spec) + "\n";
  errno = 0;
  File file(std::fopen(path.c_str(), "wb"));
  if (!file) {
    error = "cannot write scenario file \"" + path + "\": " + errno_text(errno);
    return false;
  }
  const bool written = std::fwrite(text.data(), 1, text.size(), file.get()) == text.size();
  const int write_errno = errno;
  // fclose flushes; its failure (a full disk) is a failed save too.
  const bool closed = std::fclose(file.release()) == 0;
  if (!written || !closed) {
    error =
        "cannot write scenario file \"" + path + "\": " + errno_text(written ? errno : write_errno);
    return false;
  }
  error.clear();
  return true;
}

}  // namespace poolscope
