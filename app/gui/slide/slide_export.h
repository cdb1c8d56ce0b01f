// Exporting a slide of the recorded run: the window checked against the recording, the scene
// built from the snapshot's timeline, written as SVG or as PNG (at twice the slide's size) by
// the file's extension. What the GUI's "Export slide…" and `poolscope shot --slide` both call.
// UI thread; PNG needs the OpenGL context with ImGui's renderer (see slide_raster.h).
#pragma once

#include <string>

#include "poolscope/snapshot.h"
#include "slide/slide_scene.h"

namespace poolscope::gui {

// The PNG's pixels per slide unit.
inline constexpr float slide_png_scale = 2.0f;

// "" when [t0_s, t1_s] is a window the snapshot's recording covers; else why not, as
// "the window 1..9 s ends after the recording (0..3.02 s)".
std::string check_slide_window(const Snapshot& snap, double t0_s, double t1_s);

// "" when `path` ends in .svg or .png (any case); else the message.
std::string check_slide_path(const std::string& path);

// Builds the slide and writes it to `path` (.svg or .png). On failure returns false with
// `error` naming the file and the reason; a partly written file is removed.
bool export_slide(const Snapshot& snap, const SlideOptions& options, const std::string& path,
                  std::string& error);

}  // namespace poolscope::gui
