// An OpenGL 3.3 core context with no display and no window: EGL on Mesa's surfaceless platform,
// rendering into an RGBA8 framebuffer object. For `poolscope shot`, bench-ui and the GUI tests.
// Owns the context; one per thread; not thread-safe.
#pragma once

#include <memory>
#include <string>

namespace poolscope::gui {

class EglOffscreen {
 public:
  // nullptr with `error` set when EGL or the context is unavailable.
  static std::unique_ptr<EglOffscreen> create(int width, int height, std::string& error);
  ~EglOffscreen();
  EglOffscreen(const EglOffscreen&) = delete;
  EglOffscreen& operator=(const EglOffscreen&) = delete;

  int width() const { return width_; }
  int height() const { return height_; }
  void bind() const;  // the FBO as draw and read framebuffer, viewport set

 private:
  EglOffscreen() = default;
  void* display_ = nullptr;  // EGLDisplay
  void* context_ = nullptr;  // EGLContext
  unsigned int fbo_ = 0, color_ = 0;
  int width_ = 0, height_ = 0;
};

}  // namespace poolscope::gui
