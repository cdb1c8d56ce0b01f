// Reading the rendered frame back and saving it as PNG (stb_image_write), and the timestamped
// screenshot names. Needs a current OpenGL context for read_framebuffer; the rest is plain.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace poolscope::gui {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;  // top row first
};

// Reads the rectangle (x, y, w, h), in framebuffer pixels with y down from the top, of the
// currently bound read framebuffer of height `fb_height`; rows come back top first.
Image read_framebuffer(int x, int y, int w, int h, int fb_height);

// Writes `img` as PNG, creating parent directories; false with `error` set on failure.
bool write_png(const Image& img, const std::string& path, std::string& error);
// Writes `bytes` to `path` (parent directories must exist), every write, the flush and the close
// checked; false with `error` set on failure.
bool write_file(std::string_view bytes, const std::string& path, std::string& error);

// "screenshots/poolscope-20250101-120000.png" (or poolscope-timeline-…); a numeric suffix keeps
// two shots in the same second apart.
std::string screenshot_path(const std::string& dir, bool timeline_only);

}  // namespace poolscope::gui
