// What every host of the UI (the GLFW window, the offscreen renderer) does the same way: own the
// ImGui context, load fonts and theme for a UI scale, and fulfil the App's requests after a frame
// is rendered (screenshots, a new scale). UI thread only.
#pragma once

#include <string>

#include "app.h"
#include "host/image.h"

namespace poolscope::gui {

// The ImGui context of one host, with no .ini or log files.
class ImGuiSession {
 public:
  ImGuiSession();
  ~ImGuiSession();
  ImGuiSession(const ImGuiSession&) = delete;
  ImGuiSession& operator=(const ImGuiSession&) = delete;
};

// Fonts and theme for `scale`, and the renderer's font texture rebuilt for them (between frames
// only; the OpenGL3 backend must be initialised).
void apply_ui_scale(App& app, float scale);
// Clears the bound framebuffer to the panels' background color.
void clear_to_panel_color();

// After rendering a frame, while its framebuffer is still bound: screenshots and rescaling.
// `fb_scale` converts ImGui's display coordinates to framebuffer pixels. Returns the requests,
// for what only this host can do (the window resizes itself).
App::HostRequests fulfil_host_requests(App& app, int fb_width, int fb_height, float fb_scale);

// The remembered UI scale and presentation mode, if the app's store held any; false if not.
bool apply_remembered_view(App& app);

// Saves the whole frame (or the timeline panel) now; returns the path, or "" with `error` set.
std::string save_screenshot(App& app, bool timeline_only, int fb_width, int fb_height,
                            float fb_scale, const std::string& dir, std::string& error);

}  // namespace poolscope::gui
