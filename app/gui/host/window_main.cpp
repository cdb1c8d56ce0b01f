// run_window: the interactive window's main loop.
#include <glad/gl.h>
// glad before GLFW.
#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <utility>

#include "app.h"
#include "host/glfw_window.h"
#include "host/gui_main.h"
#include "host/hatch_texture.h"
#include "host/ui_host.h"

namespace poolscope::gui {
namespace {

bool stop_requested(const WindowRequest& r) {
  return r.stop_requested != nullptr && r.stop_requested->load(std::memory_order_relaxed);
}

}  // namespace

int run_window(const WindowRequest& request) {
  ImGuiSession imgui;  // first: the backends below shut down before the context goes
  std::string error;
  // Only the window remembers its settings (shots and benchmarks stay reproducible).
  std::shared_ptr<SettingsStore> settings;
  std::optional<RememberedSettings> remembered;
  if (const auto file = SettingsStore::default_file()) {
    settings = std::make_shared<SettingsStore>(*file);
    remembered = settings->load();
  }
  std::optional<std::pair<int, int>> size;
  if (remembered) size = std::pair{remembered->window_width, remembered->window_height};
  auto window = GlfwWindow::create("poolscope", error, size);
  if (!window) {
    std::fprintf(stderr, "poolscope: %s\n", error.c_str());
    return 1;
  }
  if (!window->init_imgui_backends()) {
    std::fprintf(stderr, "poolscope: ImGui could not start on this OpenGL context\n");
    return 1;
  }
  HatchTexture hatch;
  EngineOptions engine_options;
  // In the window a stuck run stays stuck, under the findings banner, until the user cancels it:
  // seeing Cancel recover is part of the lesson.
  engine_options.end_on_stall = false;
  App app(AppConfig{request.spec, request.scenario_path, request.assets_dir, true, engine_options,
                    std::move(settings), remembered, !request.scenario_given, "screenshots",
                    /*system_file_dialog=*/true});
  app.set_hatch_texture(hatch.id());
  const std::string& shown = app.controls().spec().title;  // the remembered scenario's, maybe
  const std::string title = "poolscope" + (shown.empty() ? std::string() : " — " + shown);
  glfwSetWindowTitle(window->handle(), title.c_str());
  if (!apply_remembered_view(app)) {
    float xscale = 1.0f, yscale = 1.0f;
    glfwGetWindowContentScale(window->handle(), &xscale, &yscale);
    apply_ui_scale(app, xscale > 1.0f ? xscale : 1.0f);
  }

  GLFWwindow* win = window->handle();
  while (!glfwWindowShouldClose(win) && !stop_requested(request)) {
    const bool iconified = glfwGetWindowAttrib(win, GLFW_ICONIFIED) == GLFW_TRUE;
    if (app.animating() && !iconified) {
      glfwPollEvents();  // vsync paces the frames
    } else {
      // Idle: sleep until input arrives, but wake a few times a second for the stop flag,
      // status messages and tooltips.
      glfwWaitEventsTimeout(0.1);
    }
    if (iconified) continue;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    if (window->take_screenshot_key()) app.request_screenshot(cmd::ShotKind::window);
    app.draw_frame();
    ImGui::Render();
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(win, &fb_w, &fb_h);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, fb_w, fb_h);
    clear_to_panel_color();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glReadBuffer(GL_BACK);
    const App::HostRequests done =
        fulfil_host_requests(app, fb_w, fb_h, ImGui::GetIO().DisplayFramebufferScale.x);
    if (done.window_size) {
      window->resize(static_cast<int>(done.window_size->x), static_cast<int>(done.window_size->y));
    }
    glfwSwapBuffers(win);
  }
  if (stop_requested(request)) std::fprintf(stderr, "poolscope: interrupted; closing the window\n");
  // Closing: abort the run at once; App's destructor joins the engine (within a second).
  if (Engine* e = app.engine()) e->shutdown(ShutdownMode::abort);
  return 0;
}

}  // namespace poolscope::gui
