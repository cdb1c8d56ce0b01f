// Command-line values read strictly, with one-line messages that say what is allowed
// ("--workers: \"1e12\" is not a whole number from 1 to 1024"). Numbers take their range from the
// scenario key table where there is one; NaN, infinities, empty values, signs on unsigned values
// and trailing text are all refused. Text values must not be empty.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace poolscope::cli {

struct NumberRule {
  double min = 0;
  double max = 0;
  bool whole = false;        // integers only
  bool zero_is_off = false;  // 0 is allowed too (meaning none)
  std::string unit;          // " seconds", shown after the range
};

// The rule of a scenario key ("workers"), from core's key table.
NumberRule key_rule(std::string_view json_key);

// "a whole number from 1 to 1024", "0 (none) or a number from 1 to 3600000".
std::string describe(const NumberRule& rule);

// Parses `text` under `rule`; empty result and `error` ("\"x\" is not ...") on failure.
std::optional<double> parse_real(const std::string& text, const NumberRule& rule,
                                 std::string& error);
std::optional<std::int64_t> parse_integer(const std::string& text, const NumberRule& rule,
                                          std::string& error);
std::optional<std::uint64_t> parse_unsigned(const std::string& text, const NumberRule& rule,
                                            std::string& error);

// Options whose values are parsed as above while CLI11 parses; a bad value is a CLI::ParseError
// (exit status 2) whose message names the option and what is allowed.
CLI::Option* add_number(CLI::App& cmd, const std::string& flag, std::optional<std::int64_t>& out,
                        const NumberRule& rule, const std::string& help);
CLI::Option* add_number(CLI::App& cmd, const std::string& flag, std::optional<std::uint64_t>& out,
                        const NumberRule& rule, const std::string& help);
CLI::Option* add_number(CLI::App& cmd, const std::string& flag, std::optional<double>& out,
                        const NumberRule& rule, const std::string& help);
CLI::Option* add_number(CLI::App& cmd, const std::string& flag, int& out, const NumberRule& rule,
                        const std::string& help);
CLI::Option* add_number(CLI::App& cmd, const std::string& flag, std::int64_t& out,
                        const NumberRule& rule, const std::string& help);
CLI::Option* add_number(CLI::App& cmd, const std::string& flag, double& out, const NumberRule& rule,
                        const std::string& help);
// A text value that must not be empty (a path, a name).
CLI::Option* add_text(CLI::App& cmd, const std::string& flag, std::string& out,
                      const std::string& help, const std::string& what = "a file path");
CLI::Option* add_text(CLI::App& cmd, const std::string& flag, std::optional<std::string>& out,
                      const std::string& help, const std::string& what);

}  // namespace poolscope::cli
