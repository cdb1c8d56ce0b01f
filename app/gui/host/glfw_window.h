// The on-screen window: GLFW with an OpenGL 3.3 core context loaded by glad, and ImGui's GLFW and
// OpenGL3 backends on it. Owns them all (RAII). UI thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

struct GLFWwindow;

namespace poolscope::gui {

class GlfwWindow {
 public:
  // nullptr with `error` set when there is no display or no suitable OpenGL. `size`: the size
  // wanted (remembered), kept within the screen; none: the default size.
  static std::unique_ptr<GlfwWindow> create(const std::string& title, std::string& error,
                                            std::optional<std::pair<int, int>> size = {});
  ~GlfwWindow();
  GlfwWindow(const GlfwWindow&) = delete;
  GlfwWindow& operator=(const GlfwWindow&) = delete;

  GLFWwindow* handle() const { return window_; }
  // Resizes the window to w×h, kept within the screen as at creation.
  void resize(int w, int h);
  // Call after the ImGui context exists; installs ImGui's GLFW callbacks and GL3 renderer.
  bool init_imgui_backends();
  // True once per press of F12 since the last call. Seen in GLFW's key callback: ImGui 1.86
  // keeps only key state, so a press and release within one frame would be lost.
  bool take_screenshot_key() { return std::exchange(screenshot_key_, false); }

 private:
  GlfwWindow() = default;
  GLFWwindow* window_ = nullptr;
  bool glfw_ = false;
  bool imgui_ = false;
  bool screenshot_key_ = false;
};

}  // namespace poolscope::gui
