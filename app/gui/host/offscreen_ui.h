// The UI rendered with no display: an EGL offscreen context, an ImGui session with the OpenGL3
// renderer, and an App. Used by `poolscope shot`, `poolscope bench-ui` and the GUI tests, which
// can inject mouse input per frame (ImGui 1.86 has no input queue: set io.MousePos/MouseDown
// before ImGui::NewFrame). UI thread only.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "app.h"
#include "host/egl_offscreen.h"
#include "host/hatch_texture.h"
#include "host/image.h"
#include "host/ui_host.h"

namespace poolscope::gui {

class OffscreenUi {
 public:
  // nullptr with `error` set when no offscreen context can be had.
  static std::unique_ptr<OffscreenUi> create(AppConfig config, int width, int height,
                                             std::string& error, float ui_scale = 1.0f);
  ~OffscreenUi();
  OffscreenUi(const OffscreenUi&) = delete;
  OffscreenUi& operator=(const OffscreenUi&) = delete;

  using Inject = std::function<void(ImGuiIO&)>;
  // Renders one frame `dt` seconds after the previous one; `inject` runs before ImGui::NewFrame.
  // With `finish`, waits for the GPU (so that timings include rendering).
  void frame(float dt, const Inject& inject = {}, bool finish = false);
  Image read(int x, int y, int w, int h) const;
  Image read_all() const { return read(0, 0, gl_->width(), gl_->height()); }

  App& app() { return *app_; }

 private:
  OffscreenUi() = default;
  std::unique_ptr<EglOffscreen> gl_;
  std::unique_ptr<ImGuiSession> imgui_;
  std::unique_ptr<HatchTexture> hatch_;
  std::unique_ptr<App> app_;
  bool renderer_ = false;
};

}  // namespace poolscope::gui
