// EglOffscreen: Mesa's surfaceless EGL display, a 3.3 core context with no config, glad loaded
// through eglGetProcAddress, and the RGBA8 framebuffer object everything is drawn into.
#include "host/egl_offscreen.h"

#include <glad/gl.h>
// glad first: it must define the GL API before anything else might.
#include <EGL/egl.h>
#include <EGL/eglext.h>

namespace poolscope::gui {

std::unique_ptr<EglOffscreen> EglOffscreen::create(int width, int height, std::string& error) {
  auto get_platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
      eglGetProcAddress("eglGetPlatformDisplayEXT"));
  if (get_platform_display == nullptr) {
    error = "EGL: eglGetPlatformDisplayEXT is missing (install libegl-mesa0)";
    return nullptr;
  }
  // Surfaceless: Mesa renders with no X server or Wayland compositor at all.
  EGLDisplay dpy =
      get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
  EGLint major = 0, minor = 0;
  if (dpy == EGL_NO_DISPLAY || eglInitialize(dpy, &major, &minor) == EGL_FALSE) {
    error = "EGL: cannot open Mesa's surfaceless display (install libegl-mesa0, libgl1-mesa-dri)";
    return nullptr;
  }
  std::unique_ptr<EglOffscreen> self(new EglOffscreen());  // private constructor
  self->display_ = dpy;
  self->width_ = width;
  self->height_ = height;
  if (eglBindAPI(EGL_OPENGL_API) == EGL_FALSE) {
    error = "EGL: desktop OpenGL is not available";
    return nullptr;
  }
  const EGLint attribs[] = {EGL_CONTEXT_MAJOR_VERSION,
                            3,
                            EGL_CONTEXT_MINOR_VERSION,
                            3,
                            EGL_CONTEXT_OPENGL_PROFILE_MASK,
                            EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                            EGL_NONE};
  EGLContext ctx = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attribs);
  if (ctx == EGL_NO_CONTEXT) {
    error = "EGL: cannot create an OpenGL 3.3 core context";
    return nullptr;
  }
  self->context_ = ctx;
  if (eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx) == EGL_FALSE) {
    error = "EGL: cannot make the context current without a surface";
    return nullptr;
  }
  if (gladLoadGL(reinterpret_cast<GLADloadfunc>(eglGetProcAddress)) == 0) {
    error = "glad: cannot load the OpenGL functions";
    return nullptr;
  }
  glGenFramebuffers(1, &self->fbo_);
  glGenRenderbuffers(1, &self->color_);
  glBindRenderbuffer(GL_RENDERBUFFER, self->color_);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
  glBindFramebuffer(GL_FRAMEBUFFER, self->fbo_);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, self->color_);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    error = "OpenGL: the offscreen framebuffer is incomplete";
    return nullptr;
  }
  self->bind();
  return self;
}

EglOffscreen::~EglOffscreen() {
  if (context_ != nullptr) {
    if (fbo_ != 0) glDeleteFramebuffers(1, &fbo_);
    if (color_ != 0) glDeleteRenderbuffers(1, &color_);
    eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(display_, context_);
  }
  if (display_ != nullptr) eglTerminate(display_);
}

void EglOffscreen::bind() const {
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glViewport(0, 0, width_, height_);
}

}  // namespace poolscope::gui
