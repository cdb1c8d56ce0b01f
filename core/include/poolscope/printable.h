// printable(): user text made safe to echo in a one-line message. Control characters (newline,
// carriage return, ESC, C1 controls) and bytes that are not UTF-8 are written as escapes, so that
// no value can break the message into lines or drive the terminal; long text is cut.
//
// Thread-safe (a pure function).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace poolscope {

// Default length kept of user text in messages, in bytes of the result (before the "...").
inline constexpr std::size_t printable_max = 60;

std::string printable(std::string_view text, std::size_t max_bytes = printable_max);

// printable() in double quotes: "\"wor\\nkers\"".
std::string printable_quoted(std::string_view text, std::size_t max_bytes = printable_max);

}  // namespace poolscope
