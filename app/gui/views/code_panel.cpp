// CodePanel's drawing: Go syntax colors line by line, the mistake's wrong line, each occupied
// line lit in its leading thread's state color with who is there, and Copy.
#include "views/code_panel.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <string_view>

#include "ui/palette.h"

namespace poolscope::gui {
namespace {

// Syntax colors, muted so that the state colors of the lit lines stand out.
constexpr ImU32 keyword_color = IM_COL32(198, 160, 246, 255);
constexpr ImU32 builtin_color = IM_COL32(120, 200, 220, 255);
constexpr ImU32 string_color = IM_COL32(160, 200, 120, 255);
constexpr ImU32 number_color = IM_COL32(222, 165, 110, 255);
constexpr ImU32 comment_color = IM_COL32(128, 136, 148, 255);
constexpr ImU32 bug_color = okabe_ito::yellow;

bool is_keyword(std::string_view w) {
  static constexpr std::string_view words[] = {
      "break",  "case",   "chan", "const", "continue", "default", "defer", "else",
      "for",    "func",   "go",   "if",    "import",   "package", "range", "return",
      "select", "struct", "type", "var",   "nil",      "true",    "false"};
  return std::find(std::begin(words), std::end(words), w) != std::end(words);
}

bool is_builtin(std::string_view w) {
  static constexpr std::string_view words[] = {"make", "close", "len",     "cap",   "int",
                                               "bool", "error", "float64", "string"};
  return std::find(std::begin(words), std::end(words), w) != std::end(words);
}

// Go indents with tabs; two spaces keep the narrow column readable (Copy keeps the tabs).
std::string display_text(const std::string& line) {
  std::string out;
  for (char c : line) {
    if (c == '\t')
      out += "  ";
    else
      out += c;
  }
  return out;
}

void text_span(std::string_view s, ImU32 color) {
  if (s.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(s.data(), s.data() + s.size());
  ImGui::PopStyleColor();
  ImGui::SameLine(0.0f, 0.0f);
}

// One line of Go in syntax colors: comments, strings, numbers, keywords and builtins.
void draw_go_line(std::string_view s) {
  std::size_t i = 0, plain = 0;
  auto flush = [&](std::size_t upto) {
    text_span(s.substr(plain, upto - plain), colors::text);
    plain = upto;
  };
  while (i < s.size()) {
    const char c = s[i];
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      flush(i);
      text_span(s.substr(i), comment_color);
      plain = i = s.size();
      break;
    }
    if (c == '"') {
      flush(i);
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != '"') j += s[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, s.size());
      text_span(s.substr(i, j - i), string_color);
      plain = i = j;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
      const std::string_view w = s.substr(i, j - i);
      const bool selector = i > 0 && s[i - 1] == '.';
      if (!selector && (is_keyword(w) || is_builtin(w))) {
        flush(i);
        text_span(w, is_keyword(w) ? keyword_color : builtin_color);
        plain = j;
      }
      i = j;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      flush(i);
      std::size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
      text_span(s.substr(i, j - i), number_color);
      plain = i = j;
      continue;
    }
    ++i;
  }
  flush(s.size());
  ImGui::NewLine();
}

// The thread whose color the whole line takes: a blocked one if any (that is the news).
const ThreadOnLine& leading_thread(const LineOccupancy& o) {
  for (const auto& t : o.threads) {
    const bool blocked = (t.who == ThreadOnLine::Who::producer &&
                          t.state_id == static_cast<std::uint8_t>(ProducerState::blocked)) ||
                         (t.who == ThreadOnLine::Who::worker &&
                          t.state_id == static_cast<std::uint8_t>(WorkerState::blocked_result));
    if (blocked) return t;
  }
  return o.threads.front();
}

// Text in a state color must read on the dark panel: the idle grays are lifted.
ImU32 readable(ImU32 c) {
  const ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
  return (v.x + v.y + v.z) / 3.0f < 0.4f ? lerp_color(c, colors::text, 0.55f) : c;
}

}  // namespace

ImU32 thread_color(const ThreadOnLine& t) {
  switch (t.who) {
    case ThreadOnLine::Who::worker:
      return worker_state_color(static_cast<WorkerState>(t.state_id));
    case ThreadOnLine::Who::producer:
      switch (static_cast<ProducerState>(t.state_id)) {
        case ProducerState::blocked:
          return colors::blocked;
        case ProducerState::running_job:
          return colors::running;
        case ProducerState::waiting_arrival:
          return colors::idle;
        default:
          return colors::queued;
      }
    case ThreadOnLine::Who::consumer:
      return static_cast<ConsumerState>(t.state_id) == ConsumerState::consuming ? colors::consuming
                                                                                : colors::idle;
  }
  return colors::idle;
}

void CodePanel::refresh(const ScenarioSpec& spec) {
  if (have_program_ && spec == spec_) return;
  spec_ = spec;
  program_ = go_program(spec);
  have_program_ = true;
}

void CodePanel::Draw(const Snapshot& snap, ImFont* mono) {
  refresh(snap.spec);
  lit_ = threads_on_lines(program_, snap);

  if (ImGui::Button("Copy")) ImGui::SetClipboardText(program_.text().c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Put the Go program on the clipboard");
  ImGui::SameLine();
  ImGui::Checkbox("Follow the threads", &follow_);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Keep the lines the threads are on in view.\n`poolscope code` prints this program.");

  // Where the threads are, even when their lines are scrolled out of sight.
  for (const auto& o : lit_) {
    const ImU32 c = readable(thread_color(leading_thread(o)));
    ImGui::PushStyleColor(ImGuiCol_Text, c);
    ImGui::Bullet();
    ImGui::SameLine();
    ImGui::TextWrapped("line %d: %s", o.line + 1, o.label.c_str());
    ImGui::PopStyleColor();
  }
  const int bug = program_.bug_line();
  if (bug >= 0) {
    ImGui::PushStyleColor(ImGuiCol_Text, bug_color);
    ImGui::Bullet();
    ImGui::SameLine();
    ImGui::Text("line %d: the mistake (BUG)", bug + 1);
    ImGui::PopStyleColor();
  }
  ImGui::Spacing();

  ImGui::PushStyleColor(ImGuiCol_ChildBg, colors::plot_bg);
  // At least a dozen lines of program, even when the column is short (the column scrolls then).
  const float min_h = 12.0f * ImGui::GetTextLineHeightWithSpacing();
  const float child_h = std::max(ImGui::GetContentRegionAvail().y, min_h);
  if (ImGui::BeginChild("go-program", ImVec2(0, child_h), true,
                        ImGuiWindowFlags_HorizontalScrollbar)) {
    if (mono != nullptr) ImGui::PushFont(mono);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0.0f, 1.0f));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    const float gutter = ImGui::CalcTextSize("000 ").x;
    const float row_w = std::max(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionMax().x);
    char num[32];
    float lit_top = -1.0f, lit_bottom = -1.0f;  // content y of the first and last lit line
    float blocked_y = -1.0f;                    // content y of a line with a blocked thread
    float bug_y = -1.0f;                        // content y of the mistake's line
    for (std::size_t i = 0; i < program_.lines.size(); ++i) {
      const GoLine& line = program_.lines[i];
      const LineOccupancy* here = nullptr;
      for (const auto& o : lit_)
        if (o.line == static_cast<int>(i)) here = &o;
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const ImVec2 q(p.x + row_w, p.y + line_h);
      if (here != nullptr) {
        if (lit_top < 0) lit_top = ImGui::GetCursorPosY();
        lit_bottom = ImGui::GetCursorPosY() + 2.0f * line_h;
        const ImU32 c = thread_color(leading_thread(*here));
        if (c == colors::blocked || c == colors::blocked_result) blocked_y = ImGui::GetCursorPosY();
        // A dark state color (idle) needs more of itself to show on the dark panel.
        dl->AddRectFilled(p, q, with_alpha(c, readable(c) == c ? 0.30f : 0.85f));
        dl->AddRectFilled(p, ImVec2(p.x + 3.0f, q.y), c);
      } else if (line.bug) {
        dl->AddRectFilled(p, q, with_alpha(bug_color, 0.12f));
      }
      if (line.bug) {
        dl->AddRect(p, q, bug_color);
        bug_y = ImGui::GetCursorPosY();
      }
      std::snprintf(num, sizeof num, "%3zu ", i + 1);
      text_span(num, line.bug ? bug_color : with_alpha(colors::text_dim, 0.7f));
      draw_go_line(display_text(line.text));
      if (here != nullptr) {
        // Who is there, under the line, indented like it: one dot per thread in its color.
        const auto indent = line.text.find_first_not_of('\t');
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + gutter +
                             ImGui::CalcTextSize("  ").x *
                                 static_cast<float>(indent == std::string::npos ? 0 : indent));
        for (const auto& t : here->threads) {
          text_span("●", readable(thread_color(t)));
          if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s %s %.1f s", t.name.c_str(), t.state.c_str(), t.for_s);
        }
        text_span(" ", colors::text);
        text_span(here->label, readable(thread_color(leading_thread(*here))));
        ImGui::NewLine();
      }
    }
    if (ImGui::IsWindowHovered() && ImGui::GetIO().MouseWheel != 0.0f) follow_ = false;
    if (follow_ && lit_top < 0 && bug_y >= 0) {
      // Nobody on a line (the run ended): the mistake in view.
      ImGui::SetScrollY(
          std::clamp(bug_y - ImGui::GetWindowHeight() / 2.0f, 0.0f, ImGui::GetScrollMaxY()));
    } else if (follow_ && lit_top >= 0) {
      // The lit span centered; when it is taller than the window, a blocked thread's line (the
      // news), else the span's top.
      const float view = ImGui::GetWindowHeight();
      const float span = lit_bottom - lit_top;
      const float target = span <= view     ? (lit_top + lit_bottom - view) / 2.0f
                           : blocked_y >= 0 ? blocked_y - view / 2.0f
                                            : lit_top - line_h;
      ImGui::SetScrollY(std::clamp(target, 0.0f, ImGui::GetScrollMaxY()));
    }
    ImGui::PopStyleVar();
    if (mono != nullptr) ImGui::PopFont();
  }
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

}  // namespace poolscope::gui
