// The slide's fonts: DejaVu Sans and Sans Bold baked, in an atlas of their own, at each slide
// font's size times the PNG's scale (so that the PNG's text is drawn at the size it was baked,
// not stretched), and the text widths the layout uses. Needs no ImGui context and no OpenGL;
// the rasterizer uploads the atlas. Not thread-safe.
#pragma once

#include <imgui.h>

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "slide/slide_scene.h"

namespace poolscope::gui {

// DejaVu Sans's vertical metrics (Bold has the same): ascender 1901 and descender -483 per 2048
// units of em. ImGui sizes a font by ascender - descender; SVG by the em.
inline constexpr float dejavu_em_per_pixel_height = 2048.0f / 2384.0f;
inline constexpr float dejavu_ascent_per_em = 1901.0f / 2048.0f;

class SlideFonts {
 public:
  // nullptr with `error` set when a DejaVu font file is missing.
  static std::unique_ptr<SlideFonts> load(float scale, std::string& error);
  SlideFonts(const SlideFonts&) = delete;
  SlideFonts& operator=(const SlideFonts&) = delete;

  // Width in slide units.
  float measure(std::string_view text, SlideFont f) const;
  ImFont* font(SlideFont f) const { return fonts_[static_cast<std::size_t>(f)]; }
  ImFontAtlas& atlas() { return atlas_; }
  float scale() const { return scale_; }

 private:
  SlideFonts() = default;
  ImFontAtlas atlas_;
  std::array<ImFont*, slide_font_count> fonts_{};
  float scale_ = 1.0f;
};

}  // namespace poolscope::gui
