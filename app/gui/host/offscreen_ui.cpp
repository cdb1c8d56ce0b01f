// OffscreenUi: the EGL context, ImGui and its OpenGL3 renderer, and an App started together;
// one frame with injected input; reading the rendered pixels back.
#include "host/offscreen_ui.h"

#include <glad/gl.h>
#include <imgui_impl_opengl3.h>
// Key codes only (the window's backend maps keys to them): no GL header of its own.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace poolscope::gui {

std::unique_ptr<OffscreenUi> OffscreenUi::create(AppConfig config, int width, int height,
                                                 std::string& error, float ui_scale) {
  std::unique_ptr<OffscreenUi> self(new OffscreenUi());  // private constructor
  self->gl_ = EglOffscreen::create(width, height, error);
  if (!self->gl_) return nullptr;
  self->imgui_ = std::make_unique<ImGuiSession>();
  if (!ImGui_ImplOpenGL3_Init("#version 330 core")) {
    error = "ImGui: the OpenGL 3 renderer failed to start";
    return nullptr;
  }
  self->renderer_ = true;
  self->hatch_ = std::make_unique<HatchTexture>();
  self->app_ = std::make_unique<App>(std::move(config));
  self->app_->set_hatch_texture(self->hatch_->id());
  apply_ui_scale(*self->app_, ui_scale);
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(float(width), float(height));
  io.DisplayFramebufferScale = ImVec2(1, 1);
  // The keys the App reads by name, at the GLFW key codes the window's backend maps them to, so
  // that input injected into io.KeysDown means the same offscreen as in the window.
  io.KeyMap[ImGuiKey_Tab] = GLFW_KEY_TAB;
  io.KeyMap[ImGuiKey_LeftArrow] = GLFW_KEY_LEFT;
  io.KeyMap[ImGuiKey_RightArrow] = GLFW_KEY_RIGHT;
  io.KeyMap[ImGuiKey_UpArrow] = GLFW_KEY_UP;
  io.KeyMap[ImGuiKey_DownArrow] = GLFW_KEY_DOWN;
  io.KeyMap[ImGuiKey_Enter] = GLFW_KEY_ENTER;
  io.KeyMap[ImGuiKey_Escape] = GLFW_KEY_ESCAPE;
  io.KeyMap[ImGuiKey_Space] = GLFW_KEY_SPACE;
  io.KeyMap[ImGuiKey_Backspace] = GLFW_KEY_BACKSPACE;
  return self;
}

OffscreenUi::~OffscreenUi() {
  app_.reset();  // engine joined before the GL context goes
  hatch_.reset();
  if (renderer_) ImGui_ImplOpenGL3_Shutdown();
  imgui_.reset();
  gl_.reset();
}

void OffscreenUi::frame(float dt, const Inject& inject, bool finish) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(float(gl_->width()), float(gl_->height()));
  io.DeltaTime = dt > 0 ? dt : 1.0f / 60.0f;
  ImGui_ImplOpenGL3_NewFrame();
  if (inject) inject(io);
  ImGui::NewFrame();
  app_->draw_frame();
  ImGui::Render();
  gl_->bind();
  clear_to_panel_color();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (finish) glFinish();

  fulfil_host_requests(*app_, gl_->width(), gl_->height(), 1.0f);
}

Image OffscreenUi::read(int x, int y, int w, int h) const {
  gl_->bind();
  return read_framebuffer(x, y, w, h, gl_->height());
}

}  // namespace poolscope::gui
