// Making untrusted text safe to print: control bytes and invalid UTF-8 escaped.
#include "poolscope/printable.h"

#include <array>

namespace poolscope {

namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 when the byte does not start one.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  std::size_t n = 0;
  unsigned min = 0;
  unsigned cp = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, min = 0x80, cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, min = 0x800, cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, min = 0x10000, cp = c & 0x07u;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  if (cp >= 0x80 && cp <= 0x9F) return 0;  // C1 controls (0x9B is a CSI on some terminals)
  return n;
}

std::string hex_escape(unsigned char c) {
  constexpr std::array<char, 16> digits{'0', '1', '2', '3', '4', '5', '6', '7',
                                        '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  return std::string("\\x") + digits[c >> 4] + digits[c & 0xF];
}

}  // namespace

std::string printable(std::string_view text, std::size_t max_bytes) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::string piece;
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t used = 1;
    if (c == '\n') {
      piece = "\\n";
    } else if (c == '\r') {
      piece = "\\r";
    } else if (c == '\t') {
      piece = "\\t";
    } else if (c == '\\') {
      piece = "\\\\";
    } else if (c < 0x20 || c == 0x7F) {
      piece = hex_escape(c);
    } else if (c < 0x80) {
      piece = std::string(1, static_cast<char>(c));
    } else if (const std::size_t n = utf8_length(text, i); n > 0) {
      piece = std::string(text.substr(i, n));
      used = n;
    } else {
      piece = hex_escape(c);
    }
    if (out.size() + piece.size() > max_bytes) return out + "...";
    out += piece;
    i += used;
  }
  return out;
}

std::string printable_quoted(std::string_view text, std::size_t max_bytes) {
  return "\"" + printable(text, max_bytes) + "\"";
}

}  // namespace poolscope
