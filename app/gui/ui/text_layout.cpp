// Text in a box: ellipsizing with "…", the hover tooltip with the full text, and recording each
// placed text and its rectangle in the current TextLayout.
#include "ui/text_layout.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

namespace poolscope::gui {
namespace {

constexpr std::string_view ellipsis = "…";

bool hovered(ImVec2 min, ImVec2 max) {
  const ImVec2 m = ImGui::GetIO().MousePos;
  return ImGui::IsWindowHovered() && m.x >= min.x && m.x < max.x && m.y >= min.y && m.y < max.y;
}

void add_record(TextItem item) {
  ImGuiWindow* w = ImGui::GetCurrentWindowRead();
  if (w != nullptr) {
    item.window = w->Name;
    item.scrolled = w->ScrollMax.y > 0.0f || w->ScrollMax.x > 0.0f;
  }
  if (TextLayout* layout = TextLayout::current()) layout->add(std::move(item));
}

}  // namespace

TextLayout* TextLayout::current() {
  if (ImGui::GetCurrentContext() == nullptr) return nullptr;
  return static_cast<TextLayout*>(ImGui::GetIO().UserData);
}

void TextLayout::set_current(TextLayout* layout) { ImGui::GetIO().UserData = layout; }

std::string ellipsize(ImFont* font, float size, std::string_view text, float max_w) {
  const char* b = text.data();
  const char* e = b + text.size();
  if (font->CalcTextSizeA(size, FLT_MAX, 0.0f, b, e).x <= max_w) return std::string(text);
  const float dots =
      font->CalcTextSizeA(size, FLT_MAX, 0.0f, ellipsis.data(), ellipsis.data() + ellipsis.size())
          .x;
  // The prefix that fits (CalcTextSizeA stops at max width and says where), on a UTF-8 boundary.
  const char* end = b;
  font->CalcTextSizeA(size, std::max(0.0f, max_w - dots), 0.0f, b, e, &end);
  while (end > b && (static_cast<unsigned char>(*end) & 0xC0) == 0x80) --end;
  while (end > b && end[-1] == ' ') --end;  // "for …" reads worse than "for…"
  return std::string(b, end) + std::string(ellipsis);
}

ImVec2 draw_text_in_box(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color, std::string_view text,
                        Align align, ImFont* font, float size) {
  if (font == nullptr) font = ImGui::GetFont();
  if (size <= 0.0f) size = ImGui::GetFontSize();
  const float w = std::max(0.0f, max.x - min.x);
  const std::string shown = ellipsize(font, size, text, w);
  const ImVec2 ts =
      font->CalcTextSizeA(size, FLT_MAX, 0.0f, shown.data(), shown.data() + shown.size());
  float x = min.x;
  if (align == Align::center) x = min.x + (w - ts.x) * 0.5f;
  if (align == Align::right) x = max.x - ts.x;
  // Whole pixels: the font is sampled NEAREST.
  const ImVec2 p(std::round(x), std::round((min.y + max.y - ts.y) * 0.5f));
  dl->AddText(font, size, p, color, shown.data(), shown.data() + shown.size());
  TextItem item;
  item.text = std::string(text);
  item.ellipsized = shown.size() != text.size();
  item.tooltip = item.ellipsized;
  item.shown = shown;
  item.min = p;
  item.max = ImVec2(p.x + ts.x, p.y + ts.y);
  item.clip_min = dl->GetClipRectMin();
  item.clip_max = dl->GetClipRectMax();
  if (item.ellipsized && hovered(item.min, item.max)) {
    ImGui::SetTooltip("%.*s", static_cast<int>(text.size()), text.data());
  }
  add_record(std::move(item));
  return ts;
}

void record_last_item(std::string_view shown, std::string_view full) {
  TextItem item;
  item.shown = std::string(shown);
  item.text = full.empty() ? item.shown : std::string(full);
  item.ellipsized = item.text != item.shown;
  item.tooltip = item.ellipsized;
  item.min = ImGui::GetItemRectMin();
  item.max = ImGui::GetItemRectMax();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  item.clip_min = dl->GetClipRectMin();
  item.clip_max = dl->GetClipRectMax();
  add_record(std::move(item));
}

void fitted_text(std::string_view text, ImU32 color, float max_w) {
  const float avail = max_w >= 0.0f ? max_w : ImGui::GetContentRegionAvail().x;
  const std::string shown = ellipsize(ImGui::GetFont(), ImGui::GetFontSize(), text, avail);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(color));
  ImGui::TextUnformatted(shown.c_str());
  ImGui::PopStyleColor();
  if (shown.size() != text.size() && ImGui::IsItemHovered()) {
    ImGui::SetTooltip("%.*s", static_cast<int>(text.size()), text.data());
  }
  record_last_item(shown, text);
}

}  // namespace poolscope::gui
