// The slide drawn as pixels: the scene's items through an ImGui draw list of their own (with
// the slide's font atlas) into a framebuffer object at `fonts.scale()` pixels per slide unit.
// Needs the current thread's OpenGL 3.3 context with ImGui's OpenGL3 renderer initialised (the
// window and the offscreen host both have one); leaves the bound framebuffer as it found it.
#pragma once

#include <string>

#include "host/image.h"
#include "slide/slide_fonts.h"
#include "slide/slide_scene.h"

namespace poolscope::gui {

// false with `error` set when the framebuffer cannot be made.
bool rasterize_slide(const SlideScene& scene, SlideFonts& fonts, Image& out, std::string& error);

}  // namespace poolscope::gui
