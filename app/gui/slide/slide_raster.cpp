// rasterize_slide: a texture for the slide's atlas, a framebuffer of the slide's size times the
// scale, one draw list filled from the scene (same order, same colors as the SVG), rendered by
// ImGui's OpenGL3 backend, read back.
#include "slide/slide_raster.h"

#include <glad/gl.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h>

#include <cmath>
#include <cstdint>

namespace poolscope::gui {
namespace {

// GL objects released whatever way the function leaves.
struct GlObjects {
  GLuint texture = 0, fbo = 0, color = 0;
  GLint previous_fbo = 0;
  GlObjects() { glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous_fbo); }
  ~GlObjects() {
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous_fbo));
    if (fbo != 0) glDeleteFramebuffers(1, &fbo);
    if (color != 0) glDeleteRenderbuffers(1, &color);
    if (texture != 0) glDeleteTextures(1, &texture);
  }
  GlObjects(const GlObjects&) = delete;
  GlObjects& operator=(const GlObjects&) = delete;
};

class Painter {
 public:
  Painter(ImDrawList& dl, SlideFonts& fonts) : dl_(dl), fonts_(fonts), s_(fonts.scale()) {}
  ImVec2 p(float x, float y) const { return ImVec2(x * s_, y * s_); }
  void operator()(const SlideRect& r) { dl_.AddRectFilled(p(r.x0, r.y0), p(r.x1, r.y1), r.color); }
  void operator()(const SlideLine& l) {
    dl_.AddLine(p(l.x0, l.y0), p(l.x1, l.y1), l.color, l.width * s_);
  }
  void operator()(const SlideTriangle& t) {
    dl_.AddTriangleFilled(p(t.x0, t.y0), p(t.x1, t.y1), p(t.x2, t.y2), t.color);
  }
  void operator()(const SlideText& t) {
    ImFont* font = fonts_.font(t.font);
    const float w = fonts_.measure(t.text, t.font) * s_;
    float x = t.x * s_;
    if (t.anchor == TextAnchor::middle) x -= w * 0.5f;
    if (t.anchor == TextAnchor::end) x -= w;
    // The scene gives the baseline (as SVG does); ImGui places a line's top.
    const float top = t.baseline * s_ - font->Ascent;
    dl_.AddText(font, font->FontSize, ImVec2(std::round(x), std::round(top)), t.color,
                t.text.data(), t.text.data() + t.text.size());
  }

 private:
  ImDrawList& dl_;
  SlideFonts& fonts_;
  float s_;
};

}  // namespace

bool rasterize_slide(const SlideScene& scene, SlideFonts& fonts, Image& out, std::string& error) {
  const int w = static_cast<int>(std::lround(scene.width * fonts.scale()));
  const int h = static_cast<int>(std::lround(scene.height * fonts.scale()));
  GlObjects gl;
  GLint max_size = 0;
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_size);
  if (w <= 0 || h <= 0 || w > max_size || h > max_size) {
    error = "the slide's size " + std::to_string(w) + "x" + std::to_string(h) +
            " is more than this OpenGL allows";
    return false;
  }
  ImFontAtlas& atlas = fonts.atlas();
  unsigned char* pixels = nullptr;
  int tw = 0, th = 0;
  atlas.GetTexDataAsRGBA32(&pixels, &tw, &th);
  GLint last_texture = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &last_texture);
  glGenTextures(1, &gl.texture);
  glBindTexture(GL_TEXTURE_2D, gl.texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, tw, th, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last_texture));
  atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(gl.texture)));

  glGenRenderbuffers(1, &gl.color);
  glBindRenderbuffer(GL_RENDERBUFFER, gl.color);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
  glGenFramebuffers(1, &gl.fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, gl.fbo);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, gl.color);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    error = "cannot make a framebuffer for the slide";
    return false;
  }

  // The draw list's shared data from the slide's atlas (its white pixel, its line texture), not
  // from the UI's.
  ImDrawListSharedData shared;
  shared.TexUvWhitePixel = atlas.TexUvWhitePixel;
  shared.TexUvLines = atlas.TexUvLines;
  shared.Font = fonts.font(SlideFont::body);
  shared.FontSize = shared.Font->FontSize;
  shared.CurveTessellationTol = 1.25f;
  shared.SetCircleTessellationMaxError(0.3f);
  shared.ClipRectFullscreen = ImVec4(0, 0, float(w), float(h));
  shared.InitialFlags = ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex |
                        ImDrawListFlags_AntiAliasedFill | ImDrawListFlags_AllowVtxOffset;
  ImDrawList dl(&shared);
  dl._ResetForNewFrame();
  dl.PushClipRect(ImVec2(0, 0), ImVec2(float(w), float(h)));
  dl.PushTextureID(atlas.TexID);
  Painter paint(dl, fonts);
  for (const SlideItem& item : scene.items) std::visit(paint, item);

  ImDrawList* lists[] = {&dl};
  ImDrawData data;
  data.Valid = true;
  data.CmdLists = lists;
  data.CmdListsCount = 1;
  data.TotalVtxCount = dl.VtxBuffer.Size;
  data.TotalIdxCount = dl.IdxBuffer.Size;
  data.DisplayPos = ImVec2(0, 0);
  data.DisplaySize = ImVec2(float(w), float(h));
  data.FramebufferScale = ImVec2(1, 1);
  glViewport(0, 0, w, h);
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(scene.background);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(&data);
  glFinish();
  out = read_framebuffer(0, 0, w, h, h);
  atlas.SetTexID(nullptr);
  return true;
}

}  // namespace poolscope::gui
