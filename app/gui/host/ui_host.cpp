// What both hosts share: the ImGui context, applying a UI scale (fonts, theme, font texture),
// clearing to the panel color, and screenshots and rescaling after a frame.
#include "host/ui_host.h"

#include <glad/gl.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>

#include "slide/slide_export.h"
#include "ui/palette.h"

namespace poolscope::gui {

ImGuiSession::ImGuiSession() {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is computed; nothing to remember between runs
  io.LogFilename = nullptr;
}

ImGuiSession::~ImGuiSession() { ImGui::DestroyContext(); }

void apply_ui_scale(App& app, float scale) {
  scale = std::clamp(scale, 0.5f, 3.0f);
  const bool renderer_ready = ImGui::GetIO().Fonts->TexID != nullptr;
  app.set_fonts(load_fonts(scale));
  apply_theme(scale, app.presentation());
  app.set_ui_scale(scale);
  // Create the renderer's objects now (NewFrame would otherwise create the font texture itself,
  // with LINEAR filtering); later calls replace the font texture only: ImGui 1.86's backend keeps
  // its buffer sizes across DestroyDeviceObjects, so recreated (empty) buffers would then reject
  // every upload and the next frames would draw nothing.
  if (renderer_ready) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  } else {
    ImGui_ImplOpenGL3_CreateDeviceObjects();
  }
  // Sample the font NEAREST: glyphs sit on whole pixels (PixelSnapH) so text looks the same, and
  // llvmpipe fills text and every solid shape much faster.
  GLint last = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &last);
  glBindTexture(GL_TEXTURE_2D,
                static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(ImGui::GetIO().Fonts->TexID)));
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last));
}

void clear_to_panel_color() {
  const ImVec4 c = ImGui::ColorConvertU32ToFloat4(colors::panel_bg);
  glClearColor(c.x, c.y, c.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
}

std::string save_screenshot(App& app, bool timeline_only, int fb_width, int fb_height,
                            float fb_scale, const std::string& dir, std::string& error) {
  int x = 0, y = 0, w = fb_width, h = fb_height;
  if (timeline_only) {
    const PanelRect& r = app.layout().timeline;
    x = static_cast<int>(std::floor(r.pos.x * fb_scale));
    y = static_cast<int>(std::floor(r.pos.y * fb_scale));
    w = std::min(fb_width - x, static_cast<int>(std::ceil(r.size.x * fb_scale)));
    h = std::min(fb_height - y, static_cast<int>(std::ceil(r.size.y * fb_scale)));
  }
  const Image img = read_framebuffer(x, y, w, h, fb_height);
  const std::string path = screenshot_path(dir, timeline_only);
  if (!write_png(img, path, error)) return {};
  return path;
}

namespace {

// Export slide: the files asked for, from the run as recorded; what was written (or why not)
// in the status line.
void export_slides(App& app, const cmd::ExportSlide& request) {
  const Snapshot* snap = app.last_snapshot();
  if (snap == nullptr) {
    app.set_status("Export slide failed: nothing recorded yet", true);
    return;
  }
  SlideOptions options;
  options.t0_s = request.t0_s;
  options.t1_s = request.t1_s;
  options.depth = request.depth;
  options.pipeline = request.pipeline;
  options.title = snap->spec.title;
  options.markers = app.markers();
  std::string written;
  for (const char* ext : {".svg", ".png"}) {
    if ((ext[1] == 's' && !request.svg) || (ext[1] == 'p' && !request.png)) continue;
    const std::string path = request.path + ext;
    std::error_code ec;
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    std::string error;
    if (!export_slide(*snap, options, path, error)) {
      app.set_status("Export slide failed: " + error, true);
      return;
    }
    written += (written.empty() ? "" : " and ") + path;
  }
  app.set_status("Saved slide " + written);
}

}  // namespace

App::HostRequests fulfil_host_requests(App& app, int fb_width, int fb_height, float fb_scale) {
  const App::HostRequests req = app.take_host_requests();
  if (req.screenshot) {
    std::string error;
    const std::string path = save_screenshot(app, *req.screenshot == cmd::ShotKind::timeline,
                                             fb_width, fb_height, fb_scale, "screenshots", error);
    if (path.empty()) {
      app.set_status("Screenshot failed: " + error, true);
    } else {
      app.set_status("Saved " + path);
    }
  }
  for (const std::string& path : req.flight_shots) {
    // Read now, from this frame; written off the UI thread.
    app.background_saves().start(
        path, [img = read_framebuffer(0, 0, fb_width, fb_height, fb_height), path]() {
          std::string error;
          write_png(img, path, error);
          return error;
        });
  }
  if (req.slide) export_slides(app, *req.slide);
  if (req.ui_scale) apply_ui_scale(app, *req.ui_scale);
  return req;
}

bool apply_remembered_view(App& app) {
  const auto& r = app.remembered_at_start();
  if (!r) return false;
  apply_ui_scale(app, r->ui_scale);
  // Presentation's own scale follows the display: applied after the first frame.
  if (r->presentation) app.set_presentation(true);
  return true;
}

}  // namespace poolscope::gui
