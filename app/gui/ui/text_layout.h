// Text placed by the views themselves: drawn into a box, ellipsized with "…" when it does not
// fit (the full text then shows as a tooltip on hover), and recorded with the rectangle it
// covers. The record belongs to the App (one per frame) and is reached through the ImGui
// context's io.UserData, so every view can record without a global of its own; tests read it
// after a frame to check that no two texts overlap and that none is cut. UI thread only.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace poolscope::gui {

struct TextItem {
  std::string text;           // the full text
  std::string shown;          // what was drawn (text, or a prefix of it ending in "…")
  ImVec2 min, max;            // the drawn text's rectangle (screen pixels)
  ImVec2 clip_min, clip_max;  // the visible area it was drawn into
  std::string window;         // the ImGui window it belongs to
  bool ellipsized = false;
  bool tooltip = false;   // the full text shows on hover (always so when ellipsized)
  bool scrolled = false;  // in a scrolling region: cut at its edges by scrolling, not by layout
};

class TextLayout {
 public:
  void clear() { items_.clear(); }
  void add(TextItem item) { items_.push_back(std::move(item)); }
  const std::vector<TextItem>& items() const { return items_; }

  // The record that the current ImGui context's views write to (null: none).
  static TextLayout* current();
  static void set_current(TextLayout* layout);

 private:
  std::vector<TextItem> items_;
};

enum class Align { left, center, right };

// The longest prefix of `text` that, followed by "…", is at most `max_w` wide ("…" alone when
// nothing fits). `text` itself when it fits.
std::string ellipsize(ImFont* font, float size, std::string_view text, float max_w);

// Draws one line of `text` into [min, max] (vertically centered, aligned horizontally), with
// `font` at `size` (null / 0: the current font and size). Too wide: ellipsized, with the full
// text as a tooltip while the mouse is over it. Returns the drawn rectangle's size.
ImVec2 draw_text_in_box(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color, std::string_view text,
                        Align align = Align::center, ImFont* font = nullptr, float size = 0.0f);

// Records the last ImGui item (a Text, a Selectable, a Button) as text: `shown` is what it
// displays, `full` the whole text when the item shows a shortened one (with a tooltip).
void record_last_item(std::string_view shown, std::string_view full = {});

// One line of ImGui text in the remaining width of the current line (or in `max_w`, when
// given): ellipsized with a tooltip when it would be cut, and recorded.
void fitted_text(std::string_view text, ImU32 color, float max_w = -1.0f);

}  // namespace poolscope::gui
