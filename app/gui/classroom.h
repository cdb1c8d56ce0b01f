// Classroom aids: the keyboard shortcuts (one table, shown by the help overlay and read by the
// App), and the help overlay itself. UI thread only.
#pragma once

#include <span>

namespace poolscope::gui {

// ImGui 1.86's GLFW backend fills io.KeysDown by GLFW key code, and GLFW codes a letter key by its
// upper-case ASCII value: so a letter's index is the letter itself (tests inject the same way).
inline constexpr int key_freeze = 'F';
inline constexpr int key_help = 'H';
inline constexpr int key_live = 'L';
inline constexpr int key_presentation = 'P';
inline constexpr int key_pause = ' ';  // GLFW_KEY_SPACE is 32, the ASCII space

struct Shortcut {
  const char* keys;
  const char* what;
};
// Every shortcut the window understands, for the help overlay.
std::span<const Shortcut> shortcuts();

// True once per press of `key` (an io.KeysDown index), unless a text field has the keyboard.
bool shortcut_pressed(int key);

// A centered overlay listing the shortcuts and what the views show; closes on Esc, H or a click
// on "Close". `open` is cleared when it closes.
void draw_help_overlay(bool& open);

}  // namespace poolscope::gui
