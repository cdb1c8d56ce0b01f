// Frame read-back (glReadPixels, flipped to top-down rows), PNG writing through stb with its
// errors reported, and the timestamped screenshot file names.
#include "host/image.h"

#include <glad/gl.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>

namespace poolscope::gui {

Image read_framebuffer(int x, int y, int w, int h, int fb_height) {
  Image img;
  img.width = std::max(0, w);
  img.height = std::max(0, h);
  img.rgba.resize(static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height) * 4);
  if (img.rgba.empty()) return img;
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  // OpenGL's origin is bottom-left: read the flipped rectangle, then flip the rows.
  glReadPixels(x, fb_height - y - h, w, h, GL_RGBA, GL_UNSIGNED_BYTE, img.rgba.data());
  const std::size_t stride = static_cast<std::size_t>(w) * 4;
  std::vector<std::uint8_t> row(stride);
  for (int r = 0; r < h / 2; ++r) {
    auto* a = img.rgba.data() + static_cast<std::size_t>(r) * stride;
    auto* b = img.rgba.data() + static_cast<std::size_t>(h - 1 - r) * stride;
    std::copy_n(a, stride, row.data());
    std::copy_n(b, stride, a);
    std::copy_n(row.data(), stride, b);
  }
  // The UI is opaque; force alpha so that viewers do not show blended edges.
  for (std::size_t i = 3; i < img.rgba.size(); i += 4) img.rgba[i] = 255;
  return img;
}

bool write_png(const Image& img, const std::string& path, std::string& error) {
  if (img.width <= 0 || img.height <= 0) {
    error = "nothing to save (empty image)";
    return false;
  }
  std::error_code ec;
  const std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  if (ec) {
    error = "cannot create " + p.parent_path().string() + ": " + ec.message();
    return false;
  }
  // Encoded in memory, then written with every write and the close checked (stbi_write_png
  // ignores a failing fclose, so a full disk went unnoticed).
  std::vector<unsigned char> png;
  const auto append = [](void* context, void* data, int size) {
    auto* out = static_cast<std::vector<unsigned char>*>(context);
    const auto* bytes = static_cast<const unsigned char*>(data);
    out->insert(out->end(), bytes, bytes + size);
  };
  if (stbi_write_png_to_func(append, &png, img.width, img.height, 4, img.rgba.data(),
                             img.width * 4) == 0) {
    error = "cannot encode the PNG for " + path;
    return false;
  }
  return write_file(std::string_view(reinterpret_cast<const char*>(png.data()), png.size()), path,
                    error);
}

bool write_file(std::string_view bytes, const std::string& path, std::string& error) {
  errno = 0;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    error = "cannot write " + path + ": " + std::strerror(errno);
    return false;
  }
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  int err = errno;
  const bool flushed = std::fflush(f) == 0;
  if (err == 0) err = errno;
  const bool closed = std::fclose(f) == 0;
  if (err == 0) err = errno;
  if (!written || !flushed || !closed) {
    error = "cannot write " + path + ": " + (err != 0 ? std::strerror(err) : "write error");
    return false;
  }
  return true;
}

std::string screenshot_path(const std::string& dir, bool timeline_only) {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  const std::string base = dir + "/poolscope-" + (timeline_only ? "timeline-" : "") + stamp;
  std::string path = base + ".png";
  std::error_code ec;
  for (int i = 2; std::filesystem::exists(path, ec) && i < 1000; ++i) {
    path = base + "-" + std::to_string(i) + ".png";
  }
  return path;
}

}  // namespace poolscope::gui
