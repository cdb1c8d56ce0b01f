// GlfwWindow: GLFW's window sized to the screen, the F12 key, glad, ImGui's GLFW and OpenGL3
// backends, and tearing them all down in reverse order.
#include "host/glfw_window.h"

#include <glad/gl.h>
// glad before GLFW, so that GLFW does not pull in the system GL header.
#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdio>

#include "host/gui_main.h"

namespace poolscope::gui {
namespace {

// GLFW reports errors through a callback; keep the last one for the caller's message.
void on_glfw_error(int code, const char* description) {
  std::fprintf(stderr, "poolscope: GLFW error %d: %s\n", code, description);
}

// A wanted size kept sane: at least the default minimum (1280×720) and at most the primary
// monitor's work area. No size wanted: the default when the screen has room, otherwise most of
// the screen (but not below the minimum unless the screen itself is smaller).
std::pair<int, int> fit_to_screen(std::optional<std::pair<int, int>> wanted) {
  constexpr int min_w = 1280, min_h = 720;
  int w = kDefaultWidth, h = kDefaultHeight;
  int mw = 0, mh = 0;
  if (GLFWmonitor* mon = glfwGetPrimaryMonitor()) {
    int mx = 0, my = 0;
    glfwGetMonitorWorkarea(mon, &mx, &my, &mw, &mh);
  }
  if (wanted) {
    w = std::max(wanted->first, min_w);
    h = std::max(wanted->second, min_h);
    if (mw > 0 && mh > 0) {
      w = std::min(w, mw);
      h = std::min(h, mh);
    }
  } else if (mw > 0 && mh > 0) {
    w = std::min(w, std::max(std::min(min_w, mw), mw * 9 / 10));
    h = std::min(h, std::max(std::min(min_h, mh), mh * 9 / 10));
  }
  return {w, h};
}

}  // namespace

void GlfwWindow::resize(int w, int h) {
  const auto [fw, fh] = fit_to_screen(std::pair{w, h});
  glfwSetWindowSize(window_, fw, fh);
}

std::unique_ptr<GlfwWindow> GlfwWindow::create(const std::string& title, std::string& error,
                                               std::optional<std::pair<int, int>> size) {
  glfwSetErrorCallback(on_glfw_error);
  std::unique_ptr<GlfwWindow> self(new GlfwWindow());  // private constructor
  if (glfwInit() == GLFW_FALSE) {
    error = "cannot open a window: no display (is DISPLAY set?). Try `poolscope shot` instead.";
    return nullptr;
  }
  self->glfw_ = true;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  // WM_CLASS "poolscope": the desktop matches the window to poolscope.desktop (its icon).
  glfwWindowHintString(GLFW_X11_CLASS_NAME, "poolscope");
  glfwWindowHintString(GLFW_X11_INSTANCE_NAME, "poolscope");
  const auto [w, h] = fit_to_screen(size);
  self->window_ = glfwCreateWindow(w, h, title.c_str(), nullptr, nullptr);
  if (self->window_ == nullptr) {
    error = "cannot create an OpenGL 3.3 window";
    return nullptr;
  }
  // Before ImGui installs its callbacks, which chain to this one.
  glfwSetWindowUserPointer(self->window_, self.get());
  glfwSetKeyCallback(self->window_, [](GLFWwindow* window, int key, int, int action, int) {
    if (key == GLFW_KEY_F12 && action == GLFW_PRESS) {
      static_cast<GlfwWindow*>(glfwGetWindowUserPointer(window))->screenshot_key_ = true;
    }
  });
  glfwMakeContextCurrent(self->window_);
  glfwSwapInterval(1);  // vsync: a live run redraws at the display's rate, no faster
  if (gladLoadGL(reinterpret_cast<GLADloadfunc>(glfwGetProcAddress)) == 0) {
    error = "glad: cannot load the OpenGL functions";
    return nullptr;
  }
  return self;
}

bool GlfwWindow::init_imgui_backends() {
  if (!ImGui_ImplGlfw_InitForOpenGL(window_, true)) return false;
  if (!ImGui_ImplOpenGL3_Init("#version 330 core")) {
    ImGui_ImplGlfw_Shutdown();
    return false;
  }
  imgui_ = true;
  return true;
}

GlfwWindow::~GlfwWindow() {
  if (imgui_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
  }
  if (window_ != nullptr) glfwDestroyWindow(window_);
  if (glfw_) glfwTerminate();
}

}  // namespace poolscope::gui
