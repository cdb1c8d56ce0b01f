// export_slide: checks, the scene, the writer chosen by extension, and careful file writing
// (every write and the close checked; nothing half-written left behind).
#include "slide/slide_export.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

#include "host/image.h"
#include "slide/slide_fonts.h"
#include "slide/slide_raster.h"
#include "slide/svg_writer.h"

namespace poolscope::gui {
namespace {

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// A failed write may leave part of a file: remove it (a regular file only; never /dev/full).
void remove_partial(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) std::filesystem::remove(path, ec);
}

}  // namespace

std::string check_slide_window(const Snapshot& snap, double t0_s, double t1_s) {
  const std::string window = seconds_text(t0_s) + ".." + seconds_text(t1_s) + " s";
  if (!std::isfinite(t0_s) || !std::isfinite(t1_s)) return "the window is not two numbers";
  if (t0_s < 0) return "the window " + window + " starts before the run (at 0 s)";
  if (t1_s <= t0_s)
    return "the window " + window + " ends before it starts (the end must be after the start)";
  if (!snap.timeline) return "no timeline was recorded";
  const double end_s = std::max(0.0, double(snap.taken_ns - snap.start_ns) * 1e-9);
  const double from_s = snap.timeline->complete_from_ns > snap.start_ns
                            ? double(snap.timeline->complete_from_ns - snap.start_ns) * 1e-9
                            : 0.0;
  // A microsecond of slack: a window typed as the run's last instant is inside it.
  if (t1_s > end_s + 1e-6 || t0_s < from_s - 1e-6) {
    return "the window " + window + " is outside the recording (" + seconds_text(from_s) + ".." +
           seconds_text(std::floor(end_s * 1000.0) / 1000.0) + " s)";
  }
  return {};
}

std::string check_slide_path(const std::string& path) {
  const std::string ext = lower_extension(path);
  if (ext == ".svg" || ext == ".png") return {};
  return "\"" + path + "\" does not end in .svg or .png (the file's type is taken from it)";
}

bool export_slide(const Snapshot& snap, const SlideOptions& options, const std::string& path,
                  std::string& error) {
  if (error = check_slide_path(path); !error.empty()) return false;
  if (error = check_slide_window(snap, options.t0_s, options.t1_s); !error.empty()) return false;
  const bool png = lower_extension(path) == ".png";
  auto fonts = SlideFonts::load(png ? slide_png_scale : 1.0f, error);
  if (!fonts) return false;
  const SlideScene scene = build_slide(
      snap, options, [&](std::string_view text, SlideFont f) { return fonts->measure(text, f); });
  bool ok = false;
  if (png) {
    Image img;
    ok = rasterize_slide(scene, *fonts, img, error) && write_png(img, path, error);
  } else {
    ok = write_file(slide_to_svg(scene), path, error);
  }
  if (!ok) {
    remove_partial(path);
    error += " (no slide written)";
  }
  return ok;
}

}  // namespace poolscope::gui
