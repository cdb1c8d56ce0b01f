// A small repeating diagonal-stripe texture that marks merged timeline runs. Owns a GL texture;
// create and destroy it with the GL context current. UI thread only.
#pragma once

#include <imgui.h>

namespace poolscope::gui {

class HatchTexture {
 public:
  HatchTexture();  // needs a current GL context
  ~HatchTexture();
  HatchTexture(const HatchTexture&) = delete;
  HatchTexture& operator=(const HatchTexture&) = delete;
  ImTextureID id() const;

 private:
  unsigned int tex_ = 0;
};

}  // namespace poolscope::gui
