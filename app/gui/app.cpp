// App: starting runs (old engines torn down off the UI thread), the frame's panels in their
// layout, the header and controls column, the classroom shortcuts, and carrying out commands.
#include "app.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <type_traits>

#include "ui/palette.h"

namespace poolscope::gui {
namespace {

constexpr ImGuiWindowFlags panel_flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                         ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoBringToFrontOnFocus;
constexpr ImGuiWindowFlags fixed_panel_flags =
    panel_flags | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;

bool begin_panel(const char* name, const PanelRect& r, ImGuiWindowFlags flags) {
  ImGui::SetNextWindowPos(r.pos);
  ImGui::SetNextWindowSize(r.size);
  return ImGui::Begin(name, nullptr, flags);
}

void panel_title(ImFont* bold, const char* title) {
  if (bold != nullptr) ImGui::PushFont(bold);
  fitted_text(title, colors::text);
  if (bold != nullptr) ImGui::PopFont();
}

// A time window that shows a handful of jobs per worker: the view a lesson wants at first,
// unless the lesson says how long its window should be.
double initial_span(const ScenarioSpec& spec) {
  if (spec.window_s) return *spec.window_s;
  return std::clamp(spec.job_ms * 10.0 / 1000.0, 1.0, 60.0);
}

std::optional<ScenarioSpec> load_file_spec(const std::string& path) {
  if (path.empty()) return std::nullopt;
  std::string err;
  return load_scenario(path, err);
}

ImU32 phase_color(RunPhase p) {
  switch (p) {
    case RunPhase::running:
      return colors::completed;
    case RunPhase::paused:
      return colors::capacity;
    case RunPhase::draining:
    case RunPhase::cancelling:
    case RunPhase::aborting:
      return colors::blocked;
    case RunPhase::not_started:
    case RunPhase::finished:
      break;
  }
  return colors::text_dim;
}

}  // namespace

App::App(AppConfig config)
    : config_(std::move(config)),
      picker_((std::filesystem::path(config_.assets_dir) / "scenarios").string(),
              config_.system_file_dialog) {
  if (config_.settings && !config_.remembered) config_.remembered = config_.settings->load();
  if (config_.remembered) remembered_ = *config_.remembered;
  settings_saved_ = remembered_;
  if (config_.restore_last_scenario && config_.remembered) {
    const std::string path =
        resolve_last_scenario(config_.remembered->last_scenario, config_.assets_dir);
    std::string err;
    if (!path.empty()) {
      if (auto spec = load_scenario(path, err)) {
        config_.spec = *spec;
        config_.scenario_path = path;
      } else {
        std::fprintf(stderr, "poolscope: not reopening %s: %s\n", path.c_str(), err.c_str());
      }
    }
  }
  loaded_spec_ = config_.spec;
  file_spec_ = load_file_spec(config_.scenario_path);
  controls_.set_spec(config_.spec);
  picker_.set_current(config_.scenario_path);
  lessons_.set_files(picker_.files());
  lessons_.set_current(config_.scenario_path);
  timeline_.set_job_lookup([this](std::uint64_t id) { return lookup_job(id); });
  if (config_.start_engine) start_run(config_.spec);
}

App::~App() {
  save_settings_now();
  if (TextLayout::current() == &text_layout_) TextLayout::set_current(nullptr);
  if (engine_) engine_->shutdown(ShutdownMode::abort);
  analysis_.reset();  // before the engine it reads
  engine_.reset();    // joins (the engine aborts within a second)
  engine_teardowns_.join_all();
}

void App::start_run(const ScenarioSpec& spec) {
  if (engine_) {
    engine_->shutdown(ShutdownMode::abort);
    // Joining an aborting engine can take up to a second: do it off the UI thread (start() also
    // joins the earlier teardowns that have finished).
    engine_teardowns_.start([analysis = std::move(analysis_), old = std::move(engine_)]() mutable {
      analysis.reset();  // before the engine it reads
      old.reset();
    });
  }
  frozen_snap_.reset();  // a new run is live from its first frame
  paused_by_freeze_ = false;
  cursor_.clear();
  engine_ = std::make_unique<Engine>(spec, config_.engine_options);
  engine_->start();
  analysis_ = std::make_unique<RecordAnalysis>(*engine_);
  ++run_serial_;
  analysed_.reset();
  analysis_asked_at_ = -1e9;
  records_wanted_ = false;
  theory_check_.reset();
}

void App::set_ui_scale(float scale) {
  ui_scale_ = scale;
  controls_.set_ui_scale(scale);
}

void App::set_status(std::string message, bool error) {
  status_ = std::move(message);
  status_error_ = error;
  status_until_ = ImGui::GetTime() + 6.0;
}

App::HostRequests App::take_host_requests() { return std::exchange(host_, HostRequests{}); }

bool App::animating() const {
  if (fixed_ || frozen_snap_) return false;
  return snap_ && (snap_->phase == RunPhase::running || snap_->phase == RunPhase::draining ||
                   snap_->phase == RunPhase::cancelling || snap_->phase == RunPhase::aborting ||
                   snap_->phase == RunPhase::not_started);
}

std::shared_ptr<const Snapshot> App::current_snapshot() {
  if (fixed_) return fixed_;
  if (engine_) {
    if (auto s = engine_->snapshot()) return s;
  }
  static const auto empty = std::make_shared<const Snapshot>();
  return empty;
}

void App::load_scenario_file(const std::string& path) {
  std::string err;
  std::optional<ScenarioSpec> spec = load_scenario(path, err);
  if (!spec) {
    error_ = "Could not load " + path + ":\n\n" + err + "\n\nThe current run goes on unchanged.";
    open_error_ = true;
    return;
  }
  loaded_spec_ = *spec;
  file_spec_ = *spec;
  changes_of_.reset();
  config_.scenario_path = path;
  controls_.set_spec(*spec);
  picker_.set_current(path);
  lessons_.set_current(path);
  if (!fixed_) start_run(*spec);
  std::error_code ec;
  const auto abs = std::filesystem::absolute(path, ec);
  remembered_.recent_files =
      push_recent(remembered_.recent_files, ec ? path : abs.lexically_normal().string());
  set_status("Loaded " + std::filesystem::path(path).filename().string());
}

const std::string& App::lesson_changes() {
  if (!file_spec_) {
    lesson_changes_.clear();
  } else if (!changes_of_ || !(*changes_of_ == controls_.spec())) {
    changes_of_ = controls_.spec();
    lesson_changes_ = describe_changes(*file_spec_, *changes_of_);
  }
  return lesson_changes_;
}

std::optional<JobRecord> App::lookup_job(std::uint64_t id) {
  if (analysed_) {
    const std::vector<JobRecord>& records = analysed_->records;
    const auto it = std::lower_bound(records.begin(), records.end(), id,
                                     [](const JobRecord& r, std::uint64_t v) { return r.id < v; });
    if (it != records.end() && it->id == id) return *it;
  }
  records_wanted_ = true;  // a copy made before this job ended: ask for a fresh one
  return std::nullopt;
}

void App::pick_up_analysis(const Snapshot& snap) {
  if (!analysis_) return;
  if (auto latest = analysis_->latest(); latest && latest != analysed_) {
    analysed_ = std::move(latest);
    if (analysed_->check) theory_check_ = analysed_->check;
  }
  // Ask again about once a second while a view wants it, and not at all once a finished run's
  // result is in: nothing changes any more.
  const bool final =
      analysed_ && analysed_->of_finished_run && (!check_wanted_ || analysed_->check.has_value());
  const double now = ImGui::GetTime();
  // A tooltip waiting for its job is refreshed sooner than the intervals.
  const double every = records_wanted_ ? 0.5 : 1.0;
  if ((check_wanted_ || records_wanted_) && !final && now - analysis_asked_at_ >= every &&
      !analysis_->busy()) {
    analysis_asked_at_ = now;
    analysis_->request(snap.spec, snap.start_ns, snap.phase == RunPhase::finished, check_wanted_);
    records_wanted_ = false;
  }
  check_wanted_ = false;  // set again by the Theory tab when it is drawn
}

const TheoryCheck* App::theory_check() {
  check_wanted_ = true;
  return theory_check_ ? &*theory_check_ : nullptr;
}

void App::settle_record_analysis() {
  if (analysis_) analysis_->wait_idle();
}

float App::presentation_scale(ImVec2 display) {
  // 24 px text on 1920×1080, 20 px on 1440×900's height but 18 px for its width, 16 px on
  // 1280×720: text as large as the window leaves room for, never below the normal 15 px.
  const float px = std::min(display.y / 45.0f, display.x / 80.0f);
  return std::clamp(px / base_font_px, 1.0f, 3.0f);
}

void App::set_presentation(bool on) {
  if (on == presentation_) return;
  presentation_ = on;
  controls_.set_simple(on);
  if (on) {
    scale_before_presentation_ = ui_scale_;
    host_.ui_scale = presentation_scale(ImGui::GetIO().DisplaySize);
  } else {
    host_.ui_scale = scale_before_presentation_;
  }
}

void App::set_frozen(bool on) {
  if (on == frozen()) return;
  if (on) {
    frozen_snap_ = snap_ ? snap_ : current_snapshot();
    if (pause_when_frozen_ && engine_ && frozen_snap_->phase == RunPhase::running) {
      engine_->pause();
      paused_by_freeze_ = true;
    }
  } else {
    frozen_snap_.reset();
    if (paused_by_freeze_ && engine_) engine_->resume();
    paused_by_freeze_ = false;
  }
}

void App::handle_shortcuts(const Snapshot& snap) {
  if (ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) return;  // a modal has the keys
  if (shortcut_pressed(key_help)) help_open_ = !help_open_;
  if (shortcut_pressed(key_presentation)) set_presentation(!presentation_);
  if (shortcut_pressed(key_freeze)) set_frozen(!frozen());
  if (shortcut_pressed(key_live)) {
    axis_.follow_live(axis_.span_s);
    cursor_.clear();
  }
  // Arrows step the rewind cursor from change to change (from the present: into the past);
  // with Shift, from change to change on the selected row; with Ctrl, from job to job on it.
  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantTextInput) {
    const double now = ImGui::GetTime();
    const cmd::StepScope scope = io.KeyCtrl    ? cmd::StepScope::row_job
                                 : io.KeyShift ? cmd::StepScope::row_change
                                               : cmd::StepScope::any;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow)))
      cursor_.step(record(), -1, now, scope);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow)))
      cursor_.step(record(), +1, now, scope);
  }
  if (shortcut_pressed(key_pause)) {
    if (snap.phase == RunPhase::running) cmds_.push(cmd::Pause{});
    if (snap.phase == RunPhase::paused) cmds_.push(cmd::Resume{});
  }
}

void App::draw_frame() {
  if (paused_for_sweep_ && !sweep_runner_.running()) {
    if (engine_) engine_->resume();
    paused_for_sweep_ = false;
  }
  text_layout_.clear();
  TextLayout::set_current(&text_layout_);
  if (presentation_) {
    // The window may have been resized: keep the text in proportion to it.
    const float want = presentation_scale(ImGui::GetIO().DisplaySize);
    if (std::fabs(want - ui_scale_) > 0.01f && !host_.ui_scale) host_.ui_scale = want;
  }
  snap_ = current_snapshot();
  const Snapshot& live = *snap_;
  pick_up_analysis(live);
  watch_flight(snap_);
  collect_flight_saves();
  handle_shortcuts(live);
  // Frozen: the views hold their picture; the controls and header stay live.
  const Snapshot& snap = frozen_snap_ ? *frozen_snap_ : live;
  // The rewind cursor: the views of an instant (pipeline, accounting, findings, code) show the
  // one at the cursor, rebuilt from the record; the views along the time axis show the record.
  const double now_s = ImGui::GetTime();
  const double dt = last_frame_s_ < 0 ? 0.0 : std::clamp(now_s - last_frame_s_, 0.0, 0.25);
  last_frame_s_ = now_s;
  const Snapshot* rewound = cursor_.update(record(), dt, now_s);
  const Snapshot& instant = rewound ? *rewound : snap;
  instant_ = &instant;
  axis_.cursor_s = rewound ? cursor_.at_s() : std::nullopt;
  axis_.cursor_speed = cursor_.speed();
  axis_.cursor_row = cursor_.row() ? std::optional<int>(int(*cursor_.row())) : std::nullopt;
  if (axis_run_ != run_serial_) {
    axis_run_ = run_serial_;
    axis_.follow_live(initial_span(controls_.spec()));
    fitted_ = false;
  }
  // A finished run fits whole in the views: lessons that end within a second or two would
  // otherwise have scrolled their key moment out of a live window. A zoomed or panned view
  // (not live) stays where the user put it.
  if (!fitted_ && snap.phase == RunPhase::finished && !fixed_) {
    fitted_ = true;
    if (axis_.live && snap.elapsed_s > 0) axis_.fit(0.0, snap.elapsed_s * 1.02);
  }
  axis_.gutter_px = ImGui::CalcTextSize("worker 000").x + 14.0f;
  axis_.resolve(snap.elapsed_s);
  layout_ = compute_layout(ImGui::GetIO().DisplaySize, ui_scale_);
  // Spawn mode has no job queue: its threads take the queue graph's place. A dynamic pool's
  // size gets a graph of its own above the timeline.
  const bool spawn = snap.spec.mode == PoolMode::spawn;
  const bool limit_graph = LimitGraph::wanted(snap.spec);
  if (limit_graph) {
    layout_ = with_limit_graph(layout_, ui_scale_);
  } else if (PopulationView::wanted(snap.spec) && !spawn) {
    layout_ = with_lesson_graph(layout_, ui_scale_);
  }

  if (begin_panel("Controls", layout_.controls, panel_flags)) draw_controls_column(live);
  ImGui::End();

  if (begin_panel("Pipeline", layout_.pipeline, fixed_panel_flags)) {
    if (rewound) {
      char title[64];
      std::snprintf(title, sizeof title, "Pipeline at %.4f s%s", *cursor_.at_s(),
                    cursor_.before_window() ? " (before the window: partial)" : "");
      panel_title(fonts_.bold, title);
    } else {
      panel_title(fonts_.bold, "Pipeline");
    }
    pipeline_.Draw(instant, ImGui::GetTime());
  }
  ImGui::End();
  if (begin_panel("Stats", layout_.stats, panel_flags)) {
    stats_.Draw(instant, baseline_.get());
  }
  ImGui::End();
  if (begin_panel("Queue depth", layout_.queue, fixed_panel_flags)) {
    if (spawn) {
      population_.Draw(snap, axis_);
    } else {
      queue_.Draw(snap, axis_, controls_.spec().markers);
    }
  }
  ImGui::End();
  if (layout_.lesson_graph.size.y > 0) {
    if (begin_panel("Lesson graph", layout_.lesson_graph, fixed_panel_flags)) {
      if (limit_graph) {
        limit_.Draw(snap, axis_);
      } else {
        population_.Draw(snap, axis_);
      }
    }
    ImGui::End();
  }
  if (begin_panel("Timeline", layout_.timeline, fixed_panel_flags)) {
    timeline_.set_markers(&controls_.spec().markers);
    timeline_.Draw(snap, axis_, cmds_);
  }
  ImGui::End();
  if (begin_panel("Throughput", layout_.throughput, fixed_panel_flags))
    throughput_.Draw(snap, baseline_.get());
  ImGui::End();

  // Across the top of the live views, over the pipeline: what the engine detected.
  const PanelRect& top = layout_.pipeline;
  const float right = layout_.stats.pos.x + layout_.stats.size.x;
  banner_.Draw(rewound ? instant : live, ImVec2(top.pos.x, top.pos.y + top.size.y * 0.55f),
               right - top.pos.x, cmds_);

  draw_help_overlay(help_open_);
  draw_error_modal();
  run_commands();
  track_settings();
}

void App::track_settings() {
  if (!config_.settings) return;
  RememberedSettings now = remembered_;
  // The window's size is taken when the display changes size (not from a Reset layout that the
  // window has not carried out yet).
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  if (display.x > 0 && display.y > 0 &&
      (display.x != last_display_.x || display.y != last_display_.y)) {
    last_display_ = display;
    now.window_width = static_cast<int>(display.x);
    now.window_height = static_cast<int>(display.y);
  }
  // The scale outside presentation mode (presentation's own follows the window); one the host
  // applies after this frame counts already.
  now.ui_scale = presentation_ ? scale_before_presentation_ : host_.ui_scale.value_or(ui_scale_);
  now.presentation = presentation_;
  if (!config_.scenario_path.empty()) {
    std::error_code ec;
    const auto abs = std::filesystem::absolute(config_.scenario_path, ec);
    now.last_scenario = ec ? config_.scenario_path : abs.lexically_normal().string();
  }
  const double t = ImGui::GetTime();
  if (!(now == remembered_)) {
    remembered_ = now;
    settings_changed_at_ = t;
  }
  // Saved once it has settled: dragging the window's edge changes the size every frame.
  constexpr double settle_s = 0.5;
  if (!(remembered_ == settings_saved_) && t - settings_changed_at_ >= settle_s) {
    save_settings_now();
  }
}

void App::watch_flight(const std::shared_ptr<const Snapshot>& live) {
  if (!flight_.enabled || fixed_ || !live) return;
  // Each run (a restart, another scenario) is an episode of its own; engines number their runs
  // from the same start, so the App's own count tells them apart.
  if (flight_run_ != run_serial_) {
    flight_run_ = run_serial_;
    flight_recorder_ = {};
  }
  for (const cli::FlightTrigger& t : flight_recorder_.observe(*live, flight_.p99_ms)) {
    const std::string stem = cli::flight_file_stem(config_.flight_dir, t.kind);
    char what[96];
    std::snprintf(what, sizeof what, "%s at %.1f s", t.kind.c_str(), t.at_s);
    flight_saves_.push_back({stem, what, 2, {}});
    // The trace is written from the immutable snapshot off the UI thread; the screenshot is read
    // from this frame by the host, then written off the UI thread too.
    saves_.start(stem + ".json", [snap = live, at = t.at_s, secs = flight_.seconds,
                                  dir = config_.flight_dir, path = stem + ".json"]() {
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
      return cli::write_flight_trace(*snap, at, secs, path);
    });
    host_.flight_shots.push_back(stem + ".png");
    set_status(std::string("Flight recorder: ") + what + ", saving " + stem + ".json/.png");
  }
}

void App::collect_flight_saves() {
  for (const BackgroundSaves::Done& d : saves_.take_finished()) {
    const std::string stem = std::filesystem::path(d.path).replace_extension().string();
    const auto it = std::find_if(flight_saves_.begin(), flight_saves_.end(),
                                 [&](const FlightSave& f) { return f.stem == stem; });
    if (it == flight_saves_.end()) continue;
    if (!d.error.empty() && it->error.empty()) it->error = d.error;
    if (--it->left > 0) continue;
    if (it->error.empty()) {
      flight_last_ = it->stem + ".json and .png";
      set_status("Flight recorder (" + it->what + "): saved " + flight_last_);
    } else {
      set_status("Flight recorder (" + it->what + ") failed: " + it->error, true);
    }
    flight_saves_.erase(it);
  }
}

void App::save_settings_now() {
  if (!config_.settings) return;
  config_.settings->save(remembered_);
  settings_saved_ = remembered_;
}

void App::reset_layout() {
  set_presentation(false);
  scale_before_presentation_ = 1.0f;
  host_.ui_scale = 1.0f;
  host_.window_size = ImVec2(float(kDefaultWidth), float(kDefaultHeight));
  axis_.follow_live(initial_span(controls_.spec()));
  cursor_.clear();
  remembered_.ui_scale = 1.0f;
  remembered_.presentation = false;
  remembered_.window_width = kDefaultWidth;
  remembered_.window_height = kDefaultHeight;
  save_settings_now();
  set_status("Layout reset: UI scale 1, presentation off, default window size, live view");
}

void App::draw_header(const Snapshot& snap) {
  if (fonts_.bold != nullptr) ImGui::PushFont(fonts_.bold);
  ImGui::TextUnformatted("poolscope");
  if (fonts_.bold != nullptr) ImGui::PopFont();
  ImGui::SameLine();
  const char* phase = to_string(snap.phase).data();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(phase_color(snap.phase)), "● %s  %.1f s", phase,
                     snap.elapsed_s);
  const float help_w = ImGui::CalcTextSize("?").x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - help_w);
  if (ImGui::Button("?")) help_open_ = !help_open_;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Keyboard shortcuts and help (H)");

  const float w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  if (ImGui::Button("Screenshot (F12)", ImVec2(w, 0))) {
    cmds_.push(cmd::Screenshot{cmd::ShotKind::window});
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Save the whole window as a PNG in ./screenshots");
  ImGui::SameLine();
  if (ImGui::Button("Timeline PNG", ImVec2(w, 0))) {
    cmds_.push(cmd::Screenshot{cmd::ShotKind::timeline});
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Save the timeline panel alone (for slides)");
  // One line, always there: a status that comes and goes must not move what is below it
  // (the pointer would land on another lesson). A recent status first, else the frozen notice.
  if (!status_.empty() && ImGui::GetTime() >= status_until_) status_.clear();
  if (!status_.empty()) {
    fitted_text(status_, status_error_ ? colors::failed : colors::completed);
  } else if (frozen_snap_) {
    char text[128];
    std::snprintf(text, sizeof text, "Views frozen at %.1f s (engine %s) · F to unfreeze",
                  frozen_snap_->elapsed_s, paused_by_freeze_ ? "paused" : "running on");
    fitted_text(text, colors::capacity);
  } else {
    ImGui::Dummy(ImVec2(1.0f, ImGui::GetTextLineHeight()));
  }
  if (!fonts_.warning.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::failed), "%s",
                       fonts_.warning.c_str());
    ImGui::PopTextWrapPos();
  }
}

void App::draw_classroom_options() {
  ImGui::Spacing();
  bool on = presentation_;
  if (ImGui::Checkbox("Presentation mode (P)", &on)) set_presentation(on);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Large text and high contrast for a projector; advanced controls that the "
        "lesson does not use are hidden");
  }
  bool frozen_now = frozen();
  if (ImGui::Checkbox("Freeze views (F)", &frozen_now)) set_frozen(frozen_now);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Hold the picture to explain it");
  ImGui::SameLine();
  ImGui::Checkbox("pause engine too", &pause_when_frozen_);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Off: the engine keeps running behind the frozen views.\n"
        "On: freezing also pauses the engine (unfreezing resumes it).");
  }
  if (baseline_ == nullptr) {
    if (ImGui::Button("Pin baseline")) pin_baseline();
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "Keep this run as a baseline: the graphs overlay it as a ghost and "
          "Accounting shows the differences");
  } else {
    if (ImGui::Button("Unpin baseline")) unpin_baseline();
    ImGui::SameLine();
    ImGui::TextDisabled("baseline: %d workers, %.1f jobs/s", baseline_->spec.workers,
                        baseline_->throughput_per_s);
  }
}

void App::draw_controls_column(const Snapshot& snap) {
  draw_header(snap);
  ImGui::Spacing();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::running), "Scenario");
  ImGui::Separator();
  picker_.Draw(controls_.spec(), remembered_.recent_files, cmds_);
  const ScenarioSpec& shown = snap.run_id != 0 ? snap.spec : controls_.spec();
  if (!shown.title.empty()) {
    if (fonts_.bold != nullptr) ImGui::PushFont(fonts_.bold);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(shown.title.c_str());
    ImGui::PopTextWrapPos();
    if (fonts_.bold != nullptr) ImGui::PopFont();
  }
  if (const std::string& changes = lesson_changes(); !changes.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colors::capacity),
                       "Changed from the lesson: %s", changes.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!shown.lesson.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colors::text_dim));
    ImGui::TextUnformatted(shown.lesson.c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
  }
  ImGui::Spacing();
  // A narrow column shortens the tabs' labels ("Contr…"): each names itself on hover.
  const auto tab = [&](const char* label, Tab t) {
    const bool open = ImGui::BeginTabItem(
        label, nullptr, pending_tab_ == t ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", label);
    return open;
  };
  if (ImGui::BeginTabBar("left")) {
    if (tab("Controls", Tab::controls)) {
      controls_.Draw(snap, cmds_);
      flight_panel_.Draw(flight_, config_.flight_dir, flight_last_);
      draw_classroom_options();
      ImGui::EndTabItem();
    }
    if (tab("Lessons", Tab::lessons)) {
      lessons_.Draw(cmds_);
      ImGui::EndTabItem();
    }
    if (tab("Theory", Tab::theory)) {
      // A frozen picture keeps the intervals of when it froze.
      theory_.Draw(frozen_snap_ ? *frozen_snap_ : snap,
                   frozen_snap_ ? (theory_check_ ? &*theory_check_ : nullptr) : theory_check());
      ImGui::EndTabItem();
    }
    if (tab("Sweep", Tab::sweep)) {
      sweep_view_.Draw(sweep_runner_, cmds_);
      size_view_.Draw(controls_.spec(), cmds_);
      ImGui::EndTabItem();
    }
    if (tab("Go", Tab::code)) {
      // At the rewind cursor, the lines the threads were on then.
      code_.Draw(instant_ != nullptr ? *instant_
                 : frozen_snap_      ? *frozen_snap_
                                     : snap,
                 fonts_.mono);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  pending_tab_.reset();
}

std::optional<App::Tab> App::parse_tab(std::string_view name) {
  if (name == "controls") return Tab::controls;
  if (name == "lessons") return Tab::lessons;
  if (name == "theory") return Tab::theory;
  if (name == "sweep") return Tab::sweep;
  if (name == "code") return Tab::code;
  return std::nullopt;
}

void App::draw_error_modal() {
  if (open_error_) {
    ImGui::OpenPopup("Scenario error");
    open_error_ = false;
  }
  const ImVec2 center(ImGui::GetIO().DisplaySize.x * 0.5f, ImGui::GetIO().DisplaySize.y * 0.5f);
  ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetFontSize() * 20, 0),
                                      ImVec2(ImGui::GetIO().DisplaySize.x * 0.6f, FLT_MAX));
  if (ImGui::BeginPopupModal("Scenario error", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::PushTextWrapPos(ImGui::GetIO().DisplaySize.x * 0.55f);
    ImGui::TextUnformatted(error_.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    if (ImGui::Button("OK", ImVec2(ImGui::GetFontSize() * 6, 0)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      error_.clear();
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

void App::run_commands() {
  std::vector<Command> list = std::exchange(cmds_.list, {});
  for (Command& c : list) {
    std::visit(
        [&](auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, cmd::Screenshot>) {
            host_.screenshot = v.kind;
          } else if constexpr (std::is_same_v<T, cmd::SetUiScale>) {
            host_.ui_scale = v.scale;
          } else if constexpr (std::is_same_v<T, cmd::ResetLayout>) {
            reset_layout();
          } else if constexpr (std::is_same_v<T, cmd::StartSweep>) {
            // The live run pauses so that the sweep's runs have the CPUs to themselves.
            if (engine_ && snap_ && snap_->phase == RunPhase::running) {
              engine_->pause();
              paused_for_sweep_ = true;
            }
            sweep_runner_.start(controls_.spec(), v.workers, v.seconds_per_point);
          } else if constexpr (std::is_same_v<T, cmd::SetCursor>) {
            if (v.t_s) {
              cursor_.set(*v.t_s);
            } else {
              cursor_.clear();
            }
          } else if constexpr (std::is_same_v<T, cmd::StepCursor>) {
            cursor_.step(record(), v.direction, ImGui::GetTime(), v.scope);
          } else if constexpr (std::is_same_v<T, cmd::SelectRow>) {
            cursor_.select_row(v.lane ? std::optional<Lane>(Lane(*v.lane)) : std::nullopt);
          } else if constexpr (std::is_same_v<T, cmd::PlayCursor>) {
            if (v.direction == 0) {
              cursor_.stop();
            } else {
              cursor_.play(v.direction);
            }
          } else if constexpr (std::is_same_v<T, cmd::CursorSpeed>) {
            cursor_.set_speed(v.speed);
          } else if constexpr (std::is_same_v<T, cmd::AddMarker>) {
            add_marker_note(v.t_s, v.text);
          } else if constexpr (std::is_same_v<T, cmd::RemoveMarker>) {
            remove_marker(v.index);
          } else if constexpr (std::is_same_v<T, cmd::ExportSlide>) {
            host_.slide = v;
          } else if constexpr (std::is_same_v<T, cmd::StopSweep>) {
            sweep_runner_.stop();
          } else if constexpr (std::is_same_v<T, cmd::LoadScenario>) {
            load_scenario_file(v.path);
          } else if constexpr (std::is_same_v<T, cmd::SaveScenario>) {
            std::string err;
            if (save_scenario(v.spec, v.path, err)) {
              set_status("Saved scenario to " + v.path);
            } else {
              error_ = "Could not save the scenario to " + v.path + ":\n\n" + err;
              open_error_ = true;
            }
          } else if constexpr (std::is_same_v<T, cmd::Restart>) {
            if (!fixed_) start_run(v.spec);
          } else if constexpr (std::is_same_v<T, cmd::Reset>) {
            controls_.set_spec(loaded_spec_);
            if (!fixed_) start_run(loaded_spec_);
          } else if (engine_) {
            if constexpr (std::is_same_v<T, cmd::Apply>) {
              engine_->apply(v.spec);
              // An Apply from another view (Size for a target) shows in the controls too.
              controls_.set_spec(v.spec);
            } else if constexpr (std::is_same_v<T, cmd::Pause>) {
              engine_->pause();
            } else if constexpr (std::is_same_v<T, cmd::Resume>) {
              engine_->resume();
            } else if constexpr (std::is_same_v<T, cmd::Shutdown>) {
              engine_->shutdown(v.mode);
            }
          }
        },
        c);
  }
}

// Markers are notes, not settings: they go into the spec being edited (what Save writes) and the
// loaded one (so that Reset keeps them), without restarting the run.
void App::add_marker_note(double t_s, const std::string& text) {
  ScenarioSpec edited = controls_.spec();
  add_marker(edited.markers, Marker{t_s, text});
  if (const std::string problem = check_markers(edited.markers); !problem.empty()) {
    error_ = "Could not add the marker:\n\n" + problem;
    open_error_ = true;
    return;
  }
  controls_.set_spec(edited);
  add_marker(loaded_spec_.markers, Marker{t_s, text});
  char at[32];
  std::snprintf(at, sizeof at, "%.3f s", t_s);
  set_status(std::string("Marker added at ") + at + " (Save scenario keeps it)");
}

void App::remove_marker(std::size_t index) {
  ScenarioSpec edited = controls_.spec();
  if (index >= edited.markers.size()) return;
  const Marker gone = edited.markers[index];
  edited.markers.erase(edited.markers.begin() + static_cast<std::ptrdiff_t>(index));
  controls_.set_spec(edited);
  const auto it = std::find(loaded_spec_.markers.begin(), loaded_spec_.markers.end(), gone);
  if (it != loaded_spec_.markers.end()) loaded_spec_.markers.erase(it);
  set_status("Marker removed");
}

}  // namespace poolscope::gui
