// describe_changes: the keys where two specs differ, written for people ("workers 3→4").
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "poolscope/scenario.h"

namespace poolscope {
namespace {

using Json = nlohmann::ordered_json;

// 1000 rather than 1000.0; 0.25 as is; strings without quotes; a key left out as "unset".
std::string plain(const Json* v) {
  if (v == nullptr || v->is_null()) return "unset";
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number_float()) {
    const double d = v->get<double>();
    char buf[32];
    if (std::abs(d) < 1e15 && d == std::floor(d)) {
      std::snprintf(buf, sizeof buf, "%.0f", d);
    } else {
      std::snprintf(buf, sizeof buf, "%g", d);
    }
    return buf;
  }
  return v->dump();
}

const Json* find(const Json& j, std::string_view key) {
  const auto it = j.find(std::string(key));
  return it == j.end() ? nullptr : &*it;
}

}  // namespace

std::string describe_changes(const ScenarioSpec& base, const ScenarioSpec& changed) {
  const Json a = Json::parse(scenario_to_json(base), nullptr, false);
  const Json b = Json::parse(scenario_to_json(changed), nullptr, false);
  std::string out;
  for (std::string_view key : scenario_keys()) {
    // The words and the presentation hints are not settings of the run.
    if (key == "title" || key == "lesson" || key == "show_at" || key == "window_s") continue;
    const Json* va = find(a, key);
    const Json* vb = find(b, key);
    const bool same =
        (va == nullptr && vb == nullptr) || (va != nullptr && vb != nullptr && *va == *vb);
    if (same) continue;
    if (!out.empty()) out += ", ";
    out += std::string(key) + " " + plain(va) + "→" + plain(vb);
  }
  return out;
}

}  // namespace poolscope
