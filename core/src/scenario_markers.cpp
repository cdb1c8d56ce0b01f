// Markers in scenario files: each is checked like a key of the table (the path of the bad value,
// the value, what is allowed), the list is kept in time order, and written only when not empty.
#include "scenario_markers.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "poolscope/printable.h"

namespace poolscope {
namespace {

std::string number_text(double v) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

std::string where(std::size_t i) { return "markers[" + std::to_string(i) + "]"; }

// Valid UTF-8 with no control characters: the note is drawn on one line and written into SVG.
bool printable_line(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return false;
    std::size_t len = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xE  ? 3
                      : (c >> 3) == 0x1E ? 4
                                         : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    if (len == 2 && c < 0xC2) return false;  // overlong
    if (len == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) <= 0x9F) return false;  // C1
    i += len;
  }
  return true;
}

std::string check_at(double at_s, std::size_t i) {
  if (!std::isfinite(at_s))
    return where(i) + ".at_s: " + number_text(at_s) + " is not a finite number";
  if (at_s < 0 || at_s > max_marker_at_s)
    return where(i) + ".at_s: " + number_text(at_s) + " is out of range (allowed 0.." +
           number_text(max_marker_at_s) + " seconds)";
  return {};
}

std::string check_text(const std::string& text, std::size_t i) {
  if (text.find_first_not_of(' ') == std::string::npos)
    return where(i) + ".text: " + printable_quoted(text) + " is empty (a marker needs a note)";
  if (text.size() > max_marker_text_bytes)
    return where(i) + ".text: " + printable_quoted(text) + " is longer than " +
           std::to_string(max_marker_text_bytes) + " bytes";
  if (!printable_line(text))
    return where(i) + ".text: " + printable_quoted(text) +
           " has a control character or is not UTF-8 (one line of text)";
  return {};
}

}  // namespace

std::string check_markers(const std::vector<Marker>& markers) {
  if (markers.size() > max_markers)
    return "markers: " + std::to_string(markers.size()) + " markers; at most " +
           std::to_string(max_markers) + " are allowed";
  for (std::size_t i = 0; i < markers.size(); ++i) {
    if (auto e = check_at(markers[i].at_s, i); !e.empty()) return e;
    if (auto e = check_text(markers[i].text, i); !e.empty()) return e;
  }
  return {};
}

void add_marker(std::vector<Marker>& markers, Marker marker) {
  const auto at = std::upper_bound(markers.begin(), markers.end(), marker.at_s,
                                   [](double t, const Marker& m) { return t < m.at_s; });
  markers.insert(at, std::move(marker));
}

namespace detail {

std::string read_markers(const nlohmann::json& value, std::vector<Marker>& out) {
  const std::string shape = R"(an array of {"at_s": seconds, "text": "note"})";
  const auto shown = [](const nlohmann::json& v) {
    return printable(v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  };
  if (!value.is_array()) return "markers: " + shown(value) + " is not " + shape;
  if (value.size() > max_markers)
    return "markers: " + std::to_string(value.size()) + " markers; at most " +
           std::to_string(max_markers) + " are allowed";
  std::vector<Marker> list;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const nlohmann::json& m = value[i];
    if (!m.is_object())
      return where(i) + ": " + shown(m) + R"( is not an object {"at_s": seconds, "text": "note"})";
    for (const auto& item : m.items()) {
      if (item.key() != "at_s" && item.key() != "text")
        return where(i) + ": unknown key " + printable_quoted(item.key()) +
               " (known keys: at_s, text)";
    }
    const auto at = m.find("at_s");
    const auto text = m.find("text");
    if (at == m.end()) return where(i) + ": at_s is missing (seconds since the run started)";
    if (text == m.end()) return where(i) + ": text is missing (the note)";
    if (!at->is_number()) return where(i) + ".at_s: " + shown(*at) + " is not a number";
    if (!text->is_string()) return where(i) + ".text: " + shown(*text) + " is not a string";
    Marker marker{at->get<double>(), text->get<std::string>()};
    if (auto e = check_at(marker.at_s, i); !e.empty()) return e;
    if (auto e = check_text(marker.text, i); !e.empty()) return e;
    list.push_back(std::move(marker));
  }
  std::stable_sort(list.begin(), list.end(),
                   [](const Marker& a, const Marker& b) { return a.at_s < b.at_s; });
  out = std::move(list);
  return {};
}

nlohmann::ordered_json markers_to_json(const std::vector<Marker>& markers) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Marker& m : markers) {
    nlohmann::ordered_json item;
    item["at_s"] = m.at_s;
    item["text"] = m.text;
    list.push_back(std::move(item));
  }
  return list;
}

}  // namespace detail
}  // namespace poolscope
