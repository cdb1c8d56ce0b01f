// Look and feel: DejaVu Sans at a readable size, the dark theme, and the UI scale. Rebuilding the
// font atlas needs the renderer to re-upload it, so callers do that between frames.
#pragma once

#include <imgui.h>

#include <string>

namespace poolscope::gui {

struct Fonts {
  ImFont* regular = nullptr;
  ImFont* bold = nullptr;
  ImFont* small = nullptr;
  ImFont* mono = nullptr;  // program text (the code panel); the regular font when missing
  std::string warning;     // set when DejaVu Sans was missing and ImGui's default font stands in
};

inline constexpr float base_font_px = 15.0f;

// Clears the atlas and loads the fonts for `scale` (1.0 = 15 px text). Builds the atlas.
Fonts load_fonts(float scale);
// The theme for `scale`, from scratch (ScaleAllSizes is not idempotent); high_contrast (the
// presentation mode) brightens text and frames for projectors.
void apply_theme(float scale, bool high_contrast = false);

}  // namespace poolscope::gui
