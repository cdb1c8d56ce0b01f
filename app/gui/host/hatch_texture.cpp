// HatchTexture: the 8x8 diagonal-stripe texels uploaded as a repeating GL texture.
#include "host/hatch_texture.h"

#include <glad/gl.h>

#include <array>
#include <cstdint>

namespace poolscope::gui {

HatchTexture::HatchTexture() {
  // 8x8 white texels, opaque on a diagonal band and faint elsewhere; the vertex color tints it.
  constexpr int n = 8;
  std::array<std::uint8_t, n * n * 4> px{};
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      const std::size_t i = static_cast<std::size_t>(y * n + x) * 4;
      const bool stripe = ((x + y) % n) < 4;
      px[i] = px[i + 1] = px[i + 2] = 255;
      px[i + 3] = stripe ? 255 : 90;
    }
  }
  GLint last = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &last);
  glGenTextures(1, &tex_);
  glBindTexture(GL_TEXTURE_2D, tex_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_REPEAT);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_REPEAT);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, n, n, 0, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last));
}

HatchTexture::~HatchTexture() {
  if (tex_ != 0) glDeleteTextures(1, &tex_);
}

ImTextureID HatchTexture::id() const {
  return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(tex_));
}

}  // namespace poolscope::gui
