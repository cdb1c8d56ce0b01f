// The Export slide dialog: fields, their checks (said before exporting, not after), and the
// command.
#include "views/slide_dialog.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "ui/palette.h"
#include "ui/text_layout.h"

namespace poolscope::gui {

void SlideDialog::open(const TimeAxis& axis, double recorded_s) {
  view_t0_ = std::clamp(axis.t0, 0.0, recorded_s);
  view_t1_ = std::clamp(axis.t1, 0.0, recorded_s);
  t0_ = view_t0_;
  t1_ = view_t1_;
  if (path_[0] == '\0') std::snprintf(path_.data(), path_.size(), "screenshots/slide");
  open_ = true;
}

void SlideDialog::draw(double recorded_s, Commands& cmds) {
  if (open_) {
    ImGui::OpenPopup("Export slide");
    open_ = false;
  }
  if (!ImGui::BeginPopupModal("Export slide", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::TextUnformatted("The timeline of a window of the run, for a slide: a title, the legend,");
  ImGui::TextUnformatted("the time axis and your markers; no buttons or hints.");
  ImGui::Spacing();
  const float field = ImGui::GetFontSize() * 7;
  ImGui::SetNextItemWidth(field);
  ImGui::InputDouble("start (s)", &t0_, 0.1, 1.0, "%.3f");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field);
  ImGui::InputDouble("end (s)", &t1_, 0.1, 1.0, "%.3f");
  ImGui::SameLine();
  if (ImGui::Button("Current view")) {
    t0_ = view_t0_;
    t1_ = view_t1_;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The seconds the timeline shows now");
  ImGui::Checkbox("Job queue depth above the timeline", &depth_);
  ImGui::Checkbox("Pipeline at the window's end, at the top", &pipeline_);
  record_last_item("Pipeline at the window's end, at the top");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24);
  ImGui::InputText("file (no extension)", path_.data(), path_.size());
  ImGui::Checkbox("SVG (vector)", &svg_);
  ImGui::SameLine();
  ImGui::Checkbox("PNG (2× size)", &png_);

  // What is wrong, in words, before anything is written.
  char problem[160] = "";
  if (t1_ <= t0_) {
    std::snprintf(problem, sizeof problem, "The end must be after the start.");
  } else if (t0_ < 0 || t1_ > recorded_s + 1e-6) {
    std::snprintf(problem, sizeof problem, "The window must lie within the recording (0..%.3f s).",
                  recorded_s);
  } else if (!svg_ && !png_) {
    std::snprintf(problem, sizeof problem, "Choose SVG, PNG or both.");
  } else if (path_[0] == '\0') {
    std::snprintf(problem, sizeof problem, "Name the file.");
  }
  if (problem[0] != '\0')
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::blocked), "%s", problem);
  ImGui::BeginDisabled(problem[0] != '\0');
  if (ImGui::Button("Export")) {
    cmds.push(cmd::ExportSlide{t0_, t1_, depth_, pipeline_, path_.data(), svg_, png_});
    ImGui::CloseCurrentPopup();
  }
  record_last_item("Export");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
    ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace poolscope::gui
