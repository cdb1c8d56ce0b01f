// A slide as SVG 1.1 text: one element per scene item, in order, in slide units, with text in
// DejaVu Sans. Text is escaped for XML. Pure; thread-safe.
#pragma once

#include <string>

#include "slide/slide_scene.h"

namespace poolscope::gui {

std::string slide_to_svg(const SlideScene& scene);
// "a &lt; b &amp; c": text safe inside an XML element or a quoted attribute.
std::string xml_escape(std::string_view text);

}  // namespace poolscope::gui
