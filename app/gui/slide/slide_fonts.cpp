// Baking the slide's fonts: one ImFont per slide font, at its em size times the scale.
#include "slide/slide_fonts.h"

#include <cfloat>
#include <filesystem>

namespace poolscope::gui {
namespace {

constexpr const char* regular_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* bold_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

}  // namespace

std::unique_ptr<SlideFonts> SlideFonts::load(float scale, std::string& error) {
  std::unique_ptr<SlideFonts> self(new SlideFonts());  // private constructor
  self->scale_ = scale;
  std::error_code ec;
  for (const char* path : {regular_path, bold_path}) {
    if (!std::filesystem::exists(path, ec)) {
      error = std::string("the slide's font ") + path + " is missing (install fonts-dejavu-core)";
      return nullptr;
    }
  }
  // Latin-1, Greek, dashes and bullets, arrows and math signs: what titles and notes may hold.
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0391, 0x03C9, 0x2013, 0x2030,
                                   0x2190, 0x21FF, 0x2212, 0x2265, 0};
  for (int i = 0; i < slide_font_count; ++i) {
    const auto f = static_cast<SlideFont>(i);
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    const float px = slide_font_em(f) * scale / dejavu_em_per_pixel_height;
    self->fonts_[static_cast<std::size_t>(i)] = self->atlas_.AddFontFromFileTTF(
        slide_font_bold(f) ? bold_path : regular_path, px, &cfg, ranges);
    if (self->fonts_[static_cast<std::size_t>(i)] == nullptr) {
      error = "cannot load the slide's fonts from /usr/share/fonts/truetype/dejavu";
      return nullptr;
    }
  }
  if (!self->atlas_.Build()) {
    error = "cannot build the slide's font atlas";
    return nullptr;
  }
  return self;
}

float SlideFonts::measure(std::string_view text, SlideFont f) const {
  const ImFont* font = this->font(f);
  const ImVec2 size =
      font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.data(), text.data() + text.size());
  return size.x / scale_;
}

}  // namespace poolscope::gui
