// Loading the DejaVu fonts at a UI scale (ImGui's own font when they are missing) and the dark
// or high-contrast theme scaled with it.
#include "ui/style.h"

#include <cstdio>
#include <filesystem>

#include "ui/palette.h"

namespace poolscope::gui {
namespace {

constexpr const char* regular_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* bold_path = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
constexpr const char* mono_path = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

ImFont* add_font(const char* path, float px) {
  ImGuiIO& io = ImGui::GetIO();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return nullptr;
  ImFontConfig cfg;
  // Glyphs on whole pixels: the font texture is sampled NEAREST (much cheaper on llvmpipe),
  // which is exact only when quads land on the pixel grid.
  cfg.OversampleH = 1;
  cfg.PixelSnapH = true;
  cfg.OversampleV = 1;
  // Latin-1, Greek (λ, ρ in the theory panel) and the arrows, bullets and math signs drawn.
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0391, 0x03C9, 0x2013, 0x2030,
                                   0x2190, 0x21FF, 0x2212, 0x2265, 0x25A0, 0x25FF,
                                   0x26A0, 0x26A0, 0x2713, 0x2717, 0};
  return io.Fonts->AddFontFromFileTTF(path, px, &cfg, ranges);
}

}  // namespace

Fonts load_fonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  Fonts f;
  const float px = base_font_px * scale;
  f.regular = add_font(regular_path, px);
  if (f.regular == nullptr) {
    f.warning = std::string("font ") + regular_path +
                " is missing (install fonts-dejavu-core); using ImGui's default font";
    std::fprintf(stderr, "poolscope: warning: %s\n", f.warning.c_str());
    ImFontConfig cfg;
    cfg.SizePixels = 13.0f * scale;
    f.regular = io.Fonts->AddFontDefault(&cfg);
    f.bold = f.regular;
    f.small = f.regular;
    f.mono = f.regular;
  } else {
    f.bold = add_font(bold_path, px);
    if (f.bold == nullptr) f.bold = f.regular;
    f.small = add_font(regular_path, px * 0.85f);
    f.mono = add_font(mono_path, px * 0.93f);
    if (f.mono == nullptr) f.mono = f.regular;
  }
  io.FontDefault = f.regular;
  io.Fonts->Build();
  return f;
}

void apply_theme(float scale, bool high_contrast) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 4.0f;
  style.FrameRounding = 3.0f;
  style.GrabRounding = 3.0f;
  style.GrabMinSize = 8.0f;
  style.PopupRounding = 4.0f;
  style.WindowBorderSize = 1.0f;
  style.FramePadding = ImVec2(6.0f, 3.0f);
  style.ItemSpacing = ImVec2(8.0f, 5.0f);
  style.WindowPadding = ImVec2(8.0f, 6.0f);
  style.WindowTitleAlign = ImVec2(0.0f, 0.5f);
  style.AntiAliasedFill = false;
  ImVec4* c = style.Colors;
  // Panels draw no background: the host clears the frame to panel_bg instead. On llvmpipe every
  // covered pixel costs; full-screen backgrounds were a third of the frame time.
  c[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_PopupBg] = ImVec4(0.11f, 0.12f, 0.15f, 0.98f);
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_TitleBg] = ImVec4(0.13f, 0.15f, 0.19f, 1.0f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.15f, 0.19f, 0.25f, 1.0f);
  c[ImGuiCol_Border] = ImVec4(1, 1, 1, 0.10f);
  c[ImGuiCol_FrameBg] = ImVec4(0.16f, 0.18f, 0.22f, 1.0f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.20f, 0.24f, 0.30f, 1.0f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.22f, 0.28f, 0.36f, 1.0f);
  // A muted, narrow grab: the slider's value text is drawn over it and must stay legible.
  c[ImGuiCol_SliderGrab] = ImVec4(0.33f, 0.50f, 0.66f, 1.0f);
  c[ImGuiCol_SliderGrabActive] = ImVec4(0.42f, 0.62f, 0.80f, 1.0f);
  c[ImGuiCol_Button] = ImVec4(0.20f, 0.25f, 0.32f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.26f, 0.34f, 0.44f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.30f, 0.42f, 0.56f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.25f, 0.32f, 1.0f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.34f, 0.44f, 1.0f);
  c[ImGuiCol_CheckMark] = ImGui::ColorConvertU32ToFloat4(colors::running);
  c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(colors::text);
  c[ImGuiCol_TextDisabled] = ImGui::ColorConvertU32ToFloat4(colors::text_dim);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.55f);
  if (high_contrast) {
    c[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_TextDisabled] = ImVec4(0.82f, 0.84f, 0.88f, 1.0f);
    c[ImGuiCol_Border] = ImVec4(1, 1, 1, 0.35f);
    c[ImGuiCol_FrameBg] = ImVec4(0.22f, 0.25f, 0.31f, 1.0f);
    c[ImGuiCol_Separator] = ImVec4(1, 1, 1, 0.45f);
    style.FrameBorderSize = 1.0f;
  }
  style.ScaleAllSizes(scale);
}

}  // namespace poolscope::gui
