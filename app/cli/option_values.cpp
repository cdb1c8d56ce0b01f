// Strict command-line numbers and texts: parsing under a key's rule, the messages that say what
// is allowed, and the CLI11 options that use them.
#include "cli/option_values.h"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

#include "poolscope/printable.h"
#include "poolscope/scenario.h"

namespace poolscope::cli {

namespace {

std::string format_bound(double v, bool whole) {
  if (whole && v >= 18446744073709551615.0) {
    return std::to_string(std::numeric_limits<std::uint64_t>::max());
  }
  if (v == std::trunc(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<std::int64_t>(v));
  }
  std::array<char, 64> buf{};
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string(buf.data(), res.ptr);
}

bool allowed(double v, const NumberRule& rule) {
  return (rule.zero_is_off && v == 0.0) || (v >= rule.min && v <= rule.max);
}

template <class T>
std::optional<T> parse_whole(const std::string& text, const NumberRule& rule, std::string& error) {
  T value{};
  const char* end = text.data() + text.size();
  const auto res = std::from_chars(text.data(), end, value);
  if (text.empty() || res.ec != std::errc{} || res.ptr != end ||
      !allowed(static_cast<double>(value), rule)) {
    error = printable_quoted(text) + " is not " + describe(rule);
    return std::nullopt;
  }
  // The seed's bound (2^64 - 1) is exact only as an integer; doubles round it up.
  if constexpr (std::is_signed_v<T>) {
    if (static_cast<double>(value) > rule.max && !(rule.zero_is_off && value == 0)) {
      error = printable_quoted(text) + " is not " + describe(rule);
      return std::nullopt;
    }
  }
  return value;
}

template <class Parse>
CLI::Option* add_parsed(CLI::App& cmd, const std::string& flag, const std::string& help,
                        const char* type_name, Parse parse) {
  return cmd
      .add_option_function<std::string>(
          flag,
          [flag, parse](const std::string& text) {
            std::string error;
            if (!parse(text, error)) throw CLI::ValidationError(flag, error);
          },
          help)
      ->type_name(type_name);
}

template <class T>
struct ValueOf {
  using type = T;
};
template <class T>
struct ValueOf<std::optional<T>> {
  using type = T;
};

template <class Out>
CLI::Option* add_number_impl(CLI::App& cmd, const std::string& flag, Out& out,
                             const NumberRule& rule, const std::string& help) {
  using Value = typename ValueOf<Out>::type;
  return add_parsed(cmd, flag, help, rule.whole ? "INT" : "NUMBER",
                    [&out, rule](const std::string& text, std::string& error) {
                      if constexpr (std::is_floating_point_v<Value>) {
                        const auto v = parse_real(text, rule, error);
                        if (v) out = *v;
                        return v.has_value();
                      } else if constexpr (std::is_unsigned_v<Value>) {
                        const auto v = parse_unsigned(text, rule, error);
                        if (v) out = static_cast<Value>(*v);
                        return v.has_value();
                      } else {
                        // The rule's range fits Value (int keys are at most 1e6).
                        const auto v = parse_integer(text, rule, error);
                        if (v) out = static_cast<Value>(*v);
                        return v.has_value();
                      }
                    });
}

}  // namespace

NumberRule key_rule(std::string_view json_key) {
  const KeyRange* r = find_range(json_key);
  if (r == nullptr) return {};
  return {r->min, r->max, r->whole, r->zero_is_off, {}};
}

std::string describe(const NumberRule& rule) {
  std::string out = rule.zero_is_off ? "0 (none) or " : "";
  out += rule.whole ? "a whole number from " : "a number from ";
  out += format_bound(rule.min, rule.whole) + " to " + format_bound(rule.max, rule.whole);
  return out + rule.unit;
}

std::optional<double> parse_real(const std::string& text, const NumberRule& rule,
                                 std::string& error) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto res = std::from_chars(text.data(), end, value);
  if (text.empty() || res.ec != std::errc{} || res.ptr != end || !std::isfinite(value) ||
      !allowed(value, rule)) {
    error = printable_quoted(text) + " is not " + describe(rule);
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> parse_integer(const std::string& text, const NumberRule& rule,
                                          std::string& error) {
  return parse_whole<std::int64_t>(text, rule, error);
}

std::optional<std::uint64_t> parse_unsigned(const std::string& text, const NumberRule& rule,
                                            std::string& error) {
  return parse_whole<std::uint64_t>(text, rule, error);
}

CLI::Option* add_number(CLI::App& cmd, const std::string& flag, std::optional<std::int64_t>& out,
                        const NumberRule& rule, const std::string& help) {
  return add_number_impl(cmd, flag, out, rule, help);
}
CLI::Option* add_number(CLI::App& cmd, const std::string& flag, std::optional<std::uint64_t>& out,
                        const NumberRule& rule, const std::string& help) {
  return add_number_impl(cmd, flag, out, rule, help);
}
CLI::Option* add_number(CLI::App& cmd, const std::string& flag, std::optional<double>& out,
                        const NumberRule& rule, const std::string& help) {
  return add_number_impl(cmd, flag, out, rule, help);
}
CLI::Option* add_number(CLI::App& cmd, const std::string& flag, int& out, const NumberRule& rule,
                        const std::string& help) {
  return add_number_impl(cmd, flag, out, rule, help);
}
CLI::Option* add_number(CLI::App& cmd, const std::string& flag, std::int64_t& out,
                        const NumberRule& rule, const std::string& help) {
  return add_number_impl(cmd, flag, out, rule, help);
}
CLI::Option* add_number(CLI::App& cmd, const std::string& flag, double& out, const NumberRule& rule,
                        const std::string& help) {
  return add_number_impl(cmd, flag, out, rule, help);
}

namespace {

// Out: std::string or std::optional<std::string>.
template <class Out>
CLI::Option* add_text_impl(CLI::App& cmd, const std::string& flag, Out& out,
                           const std::string& help, const std::string& what) {
  return add_parsed(cmd, flag, help, "TEXT",
                    [&out, what](const std::string& text, std::string& error) {
                      if (text.empty()) {
                        error = "an empty value is not " + what;
                        return false;
                      }
                      out = text;
                      return true;
                    });
}

}  // namespace

CLI::Option* add_text(CLI::App& cmd, const std::string& flag, std::string& out,
                      const std::string& help, const std::string& what) {
  return add_text_impl(cmd, flag, out, help, what);
}

CLI::Option* add_text(CLI::App& cmd, const std::string& flag, std::optional<std::string>& out,
                      const std::string& help, const std::string& what) {
  return add_text_impl(cmd, flag, out, help, what);
}

}  // namespace poolscope::cli
