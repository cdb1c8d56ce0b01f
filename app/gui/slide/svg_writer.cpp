// slide_to_svg: rects, lines, triangles and texts, colors as #rrggbb with their
// opacity, numbers with two decimals at most.
#include "slide/svg_writer.h"

#include <cstdio>
#include <string_view>

#include "slide/slide_fonts.h"

namespace poolscope::gui {
namespace {

std::string num(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", double(v));
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

// ` fill="#rrggbb"` (and its opacity when not opaque); `what` is fill or stroke.
std::string paint(const char* what, ImU32 c) {
  char buf[64];
  std::snprintf(buf, sizeof buf, " %s=\"#%02x%02x%02x\"", what, (c >> IM_COL32_R_SHIFT) & 0xFFu,
                (c >> IM_COL32_G_SHIFT) & 0xFFu, (c >> IM_COL32_B_SHIFT) & 0xFFu);
  std::string out = buf;
  const unsigned a = (c >> IM_COL32_A_SHIFT) & 0xFFu;
  if (a != 255) {
    std::snprintf(buf, sizeof buf, " %s-opacity=\"%.3f\"", what, double(a) / 255.0);
    out += buf;
  }
  return out;
}

std::string role(std::string_view r) {
  return r.empty() ? std::string() : " class=\"" + xml_escape(r) + "\"";
}

void write(std::string& out, const SlideRect& r) {
  out += "<rect" + role(r.role) + " x=\"" + num(r.x0) + "\" y=\"" + num(r.y0) + "\" width=\"" +
         num(r.x1 - r.x0) + "\" height=\"" + num(r.y1 - r.y0) + "\"" + paint("fill", r.color) +
         "/>\n";
}

void write(std::string& out, const SlideLine& l) {
  out += "<line" + role(l.role) + " x1=\"" + num(l.x0) + "\" y1=\"" + num(l.y0) + "\" x2=\"" +
         num(l.x1) + "\" y2=\"" + num(l.y1) + "\"" + paint("stroke", l.color) + " stroke-width=\"" +
         num(l.width) + "\"/>\n";
}

void write(std::string& out, const SlideTriangle& t) {
  out += "<polygon" + role(t.role) + " points=\"" + num(t.x0) + "," + num(t.y0) + " " + num(t.x1) +
         "," + num(t.y1) + " " + num(t.x2) + "," + num(t.y2) + "\"" + paint("fill", t.color) +
         "/>\n";
}

void write(std::string& out, const SlideText& t) {
  const char* anchor = t.anchor == TextAnchor::start    ? "start"
                       : t.anchor == TextAnchor::middle ? "middle"
                                                        : "end";
  out += "<text" + role(t.role) + " x=\"" + num(t.x) + "\" y=\"" + num(t.baseline) +
         "\" font-size=\"" + num(slide_font_em(t.font)) + "\"" +
         (slide_font_bold(t.font) ? " font-weight=\"bold\"" : "") + " text-anchor=\"" + anchor +
         "\"" + paint("fill", t.color) + ">" + xml_escape(t.text) + "</text>\n";
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 allows no C0 controls but tab, newline and carriage return: a space instead.
        out +=
            (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') ? ' ' : c;
    }
  }
  return out;
}

std::string slide_to_svg(const SlideScene& scene) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + num(scene.width) +
         "\" height=\"" + num(scene.height) + "\" viewBox=\"0 0 " + num(scene.width) + " " +
         num(scene.height) + "\" font-family=\"DejaVu Sans, sans-serif\">\n";
  for (const SlideItem& item : scene.items) std::visit([&](const auto& v) { write(out, v); }, item);
  out += "</svg>\n";
  return out;
}

}  // namespace poolscope::gui
