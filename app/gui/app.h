// App: wires the engine to the views. Owns the Engine of the current run, the spec being edited,
// the shared time axis and every view; reads one snapshot per frame, lets each view draw it,
// then carries out the commands the views pushed (engine calls, loading and saving scenarios).
// Requests only the host can fulfil (a screenshot, a new UI scale) are handed back to it.
// UI thread only: the engine's own threads never reach this class.
#pragma once

#include <imgui.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "background_saves.h"
#include "classroom.h"
#include "cli/flight_recorder.h"
#include "commands.h"
#include "layout.h"
#include "poolscope/engine.h"
#include "poolscope/run_confidence.h"
#include "poolscope/theory_check.h"
#include "record_analysis.h"
#include "remembered_settings.h"
#include "rewind_cursor.h"
#include "sweep_runner.h"
#include "teardown_threads.h"
#include "ui/style.h"
#include "ui/text_layout.h"
#include "ui/time_axis.h"
#include "views/code_panel.h"
#include "views/controls_panel.h"
#include "views/findings_banner.h"
#include "views/flight_panel.h"
#include "views/lessons_panel.h"
#include "views/limit_view.h"
#include "views/pipeline_view.h"
#include "views/population_view.h"
#include "views/queue_depth_view.h"
#include "views/scenario_picker.h"
#include "views/size_view.h"
#include "views/stats_panel.h"
#include "views/sweep_view.h"
#include "views/theory_panel.h"
#include "views/throughput_view.h"
#include "views/timeline_view.h"

namespace poolscope::gui {

struct AppConfig {
  ScenarioSpec spec;
  std::string scenario_path;  // where spec came from ("" for command-line options)
  std::string assets_dir;     // holds scenarios/
  bool start_engine = true;   // false: no engine (bench-ui and view tests feed a snapshot)
  EngineOptions engine_options;
  // The interactive window's remembered settings (null elsewhere: shots, bench-ui and tests
  // that do not ask for one neither read nor write them). The App owns the store and saves what
  // changed, a moment after it settles, and on exit.
  std::shared_ptr<SettingsStore> settings = nullptr;  // shared only so that configs copy
  // What the store held at start, when the host read it already (the window, for its size);
  // otherwise the App reads it.
  std::optional<RememberedSettings> remembered = std::nullopt;
  // Start with the remembered last scenario, if it still exists (the command line named none).
  bool restore_last_scenario = false;
  // Where the flight recorder saves its traces and screenshots (tests give a temporary one).
  std::string flight_dir = "screenshots";
  // "Open file…" may offer the desktop's own chooser (zenity/kdialog): the window only.
  bool system_file_dialog = false;
};

class App {
 public:
  explicit App(AppConfig config);
  ~App();  // aborts the run and waits for every engine thread
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Builds the whole UI for one frame; call between ImGui::NewFrame() and ImGui::Render().
  void draw_frame();

  // What the host must do after rendering this frame.
  struct HostRequests {
    std::optional<cmd::ShotKind> screenshot;
    std::optional<float> ui_scale;
    std::optional<ImVec2> window_size;  // Reset layout: the window back to its default size
    // Flight recordings: the whole frame to save at each of these PNG paths. The host reads the
    // framebuffer and hands the writing to background_saves().
    std::vector<std::string> flight_shots;
    // Export slide: the files to write from the record.
    std::optional<cmd::ExportSlide> slide;
  };
  HostRequests take_host_requests();
  // What a view would push (tests and hosts): carried out at the end of the next frame.
  void push_command(Command c) { cmds_.list.push_back(std::move(c)); }
  // F12 and the like: the host saves a screenshot after this frame.
  void request_screenshot(cmd::ShotKind kind) { cmds_.push(cmd::Screenshot{kind}); }

  // The flight recorder: its settings (Controls tab), and the writes still going on.
  cli::FlightSettings& flight_settings() { return flight_; }
  BackgroundSaves& background_saves() { return saves_; }
  // The files of the last flight recording that finished ("" before the first).
  const std::string& last_flight_recording() const { return flight_last_; }
  const FlightPanel& flight_panel() const { return flight_panel_; }

  // The host tells the app what happened (a saved screenshot, an error): shown for a few seconds.
  void set_status(std::string message, bool error = false);
  void set_fonts(const Fonts& fonts) { fonts_ = fonts; }
  void set_ui_scale(float scale);
  float ui_scale() const { return ui_scale_; }
  void set_hatch_texture(ImTextureID texture) { timeline_.set_hatch_texture(texture); }

  // No engine: draw this snapshot every frame (bench-ui, tests).
  void use_fixed_snapshot(std::shared_ptr<const Snapshot> snap) { fixed_ = std::move(snap); }
  // Loads a scenario as the picker does: on success a new run starts; on failure an error modal
  // opens and the current run goes on.
  void load_scenario_file(const std::string& path);

  Engine* engine() { return engine_.get(); }
  const Snapshot* last_snapshot() const { return snap_.get(); }
  TimeAxis& time_axis() { return axis_; }
  const Layout& layout() const { return layout_; }
  const TimelineView& timeline_view() const { return timeline_; }
  const TheoryPanel& theory_panel() const { return theory_; }
  const ThroughputView& throughput_view() const { return throughput_; }
  // A baseline run to compare against: the graphs overlay it as a ghost and Accounting shows
  // the differences. Pinning keeps the current snapshot (it survives Reset and new scenarios).
  void pin_baseline() { baseline_ = snap_; }
  void unpin_baseline() { baseline_.reset(); }
  const Snapshot* baseline() const { return baseline_.get(); }
  // The models against the run's intervals, as the Theory tab last showed them.
  const TheoryCheck* last_theory_check() const { return theory_check_ ? &*theory_check_ : nullptr; }
  // Waits until the record analysis under way (if any) has finished, so that the next frame
  // shows its result: for headless shots, which draw once.
  void settle_record_analysis();
  const QueueDepthView& queue_view() const { return queue_; }
  QueueDepthView& queue_view() { return queue_; }
  const ControlsPanel& controls() const { return controls_; }
  const std::string& error_message() const { return error_; }
  const LessonsPanel& lessons() const { return lessons_; }
  const SweepRunner& sweep() const { return sweep_runner_; }
  const SizeView& size_view() const { return size_view_; }
  const SweepView& sweep_view() const { return sweep_view_; }
  // How the settings differ from the scenario file they came from ("workers 3→4, ..."), or
  // empty: command-line options and edits show beside the lesson's title.
  const std::string& lesson_changes();
  // Every text the views placed in the last frame, where, and whether it was cut.
  const TextLayout& text_layout() const { return text_layout_; }
  // The status line ("Loaded …", "Saved …") shown now, "" when none.
  const std::string& status() const { return status_; }
  const CodePanel& code_panel() const { return code_; }
  // The scenario picker and its file browser ("Open file…"); open_file_browser() opens it as
  // the button does.
  const ScenarioPicker& picker() const { return picker_; }
  void open_file_browser() { picker_.open_browser(); }
  // The teacher's markers on the timeline: the scenario's, and those added since (saved with it).
  const std::vector<Marker>& markers() const { return controls_.spec().markers; }
  // The rewind cursor, and the picture the instant views showed last frame (the rewound one
  // while the cursor is set).
  const RewindCursor& cursor() const { return cursor_; }
  RewindCursor& cursor() { return cursor_; }
  const Snapshot* instant_snapshot() const { return instant_; }
  // Threads the App holds that destroy replaced engines: the one the last restart started and any
  // still running then, not one per restart.
  std::size_t engine_teardowns_held() const { return engine_teardowns_.held(); }

  // Classroom: presentation mode (larger text, high contrast, advanced controls hidden), frozen
  // views (the picture holds while the engine goes on, or pauses when pause_when_frozen), and
  // the help overlay. Shortcuts P, F and H toggle them.
  // Presentation text grows with the display (24 px at 1920×1080) and so does everything else
  // in proportion, so that each panel keeps room for its content.
  void set_presentation(bool on);
  static float presentation_scale(ImVec2 display);
  bool presentation() const { return presentation_; }
  void set_frozen(bool on);
  bool frozen() const { return frozen_snap_ != nullptr; }
  void set_pause_when_frozen(bool on) { pause_when_frozen_ = on; }
  bool help_open() const { return help_open_; }
  void set_help_open(bool open) { help_open_ = open; }
  // The tabs of the controls column; select_tab() opens one on the next frame.
  enum class Tab { controls, lessons, theory, sweep, code };
  static std::optional<Tab> parse_tab(std::string_view name);
  void select_tab(Tab tab) { pending_tab_ = tab; }
  // Remembered settings: what the store held at start (nullopt: no store, or nothing usable in
  // it), what would be saved now, and saving it at once (also done on exit).
  const std::optional<RememberedSettings>& remembered_at_start() const {
    return config_.remembered;
  }
  const RememberedSettings& remembered() const { return remembered_; }
  void save_settings_now();
  // Reset layout: UI scale 1, presentation off, the default window size, the time axis live;
  // saved at once.
  void reset_layout();
  // True while the picture changes by itself (a live run): the host renders continuously;
  // otherwise it may wait for input.
  bool animating() const;

 private:
  void start_run(const ScenarioSpec& spec);
  void add_marker_note(double t_s, const std::string& text);
  void remove_marker(std::size_t index);
  void run_commands();
  void draw_controls_column(const Snapshot& snap);
  void draw_error_modal();
  void draw_header(const Snapshot& snap);
  void draw_classroom_options();
  void track_settings();
  void watch_flight(const std::shared_ptr<const Snapshot>& live);
  void collect_flight_saves();
  void handle_shortcuts(const Snapshot& snap);
  std::optional<JobRecord> lookup_job(std::uint64_t id);
  std::shared_ptr<const Snapshot> current_snapshot();

  AppConfig config_;
  ScenarioSpec loaded_spec_;                // the scenario as loaded (Reset goes back to it)
  std::optional<ScenarioSpec> file_spec_;   // the scenario file as written (no options applied)
  std::optional<ScenarioSpec> changes_of_;  // lesson_changes_ describes this spec
  std::string lesson_changes_;
  bool fitted_ = false;  // the finished run has been fitted into the views
  std::unique_ptr<Engine> engine_;
  TeardownThreads engine_teardowns_;  // destroy aborted engines off the UI thread
  std::shared_ptr<const Snapshot> fixed_;
  std::shared_ptr<const Snapshot> snap_;
  std::shared_ptr<const Snapshot> baseline_;  // pinned by the user; nullptr when none
  std::uint64_t run_serial_ =
      0;  // our own count of runs started (the engine's run_id is per engine)
  std::uint64_t axis_run_ = ~0ull;

  Fonts fonts_;
  float ui_scale_ = 1.0f;
  Layout layout_;
  TextLayout text_layout_;
  TimeAxis axis_;
  Commands cmds_;
  HostRequests host_;
  ControlsPanel controls_;
  ScenarioPicker picker_;
  LessonsPanel lessons_;
  FindingsBanner banner_;
  TheoryPanel theory_;
  SweepView sweep_view_;
  SizeView size_view_;
  CodePanel code_;
  SweepRunner sweep_runner_;  // after the engine it pauses: destroyed (stopped) first
  bool paused_for_sweep_ = false;
  PipelineView pipeline_;
  QueueDepthView queue_;
  PopulationView population_;
  LimitGraph limit_;
  TimelineView timeline_;
  ThroughputView throughput_;
  StatsPanel stats_;

  bool presentation_ = false;
  float scale_before_presentation_ = 1.0f;
  std::shared_ptr<const Snapshot> frozen_snap_;  // what the views show while frozen
  RewindCursor cursor_;
  // What the views' record is: the frozen picture while frozen, else the latest snapshot.
  const std::shared_ptr<const Snapshot>& record() const {
    return frozen_snap_ ? frozen_snap_ : snap_;
  }
  const Snapshot* instant_ = nullptr;  // this frame's picture for the instant views
  double last_frame_s_ = -1.0;         // the UI clock at the previous frame (playback)
  bool pause_when_frozen_ = false;
  bool paused_by_freeze_ = false;
  bool help_open_ = false;
  std::optional<Tab> pending_tab_;

  std::string status_;
  bool status_error_ = false;
  double status_until_ = 0;
  std::string error_;  // the open error modal's message
  bool open_error_ = false;

  RememberedSettings remembered_;      // the settings as they are now
  RememberedSettings settings_saved_;  // as last handed to the store
  double settings_changed_at_ = 0;     // the UI clock when remembered_ last changed
  ImVec2 last_display_{0, 0};          // the display size the window size was taken from

  cli::FlightSettings flight_;
  cli::FlightRecorder flight_recorder_;
  std::uint64_t flight_run_ = 0;  // the run_serial_ flight_recorder_ watches
  FlightPanel flight_panel_;
  struct FlightSave {
    std::string stem;  // the files are stem + ".json" and stem + ".png"
    std::string what;  // "leak at 1.4 s"
    int left = 2;      // files not written yet
    std::string error;
  };
  std::vector<FlightSave> flight_saves_;
  std::string flight_last_;
  BackgroundSaves saves_;  // after what its threads read: destroyed (joined) first

  // The job records (timeline tooltip) and the models against the run's 95% intervals (Theory
  // tab), computed off the UI thread and refreshed about once a second while asked for. Declared
  // after engine_: destroyed before the engine it reads.
  std::unique_ptr<RecordAnalysis> analysis_;
  std::shared_ptr<const RecordAnalysis::Result> analysed_;  // what the views use this frame
  double analysis_asked_at_ = -1e9;
  bool check_wanted_ = false;    // the Theory tab was drawn: keep its intervals fresh
  bool records_wanted_ = false;  // a tooltip missed a job: refresh the records
  void pick_up_analysis(const Snapshot& snap);
  const TheoryCheck* theory_check();
  std::optional<TheoryCheck> theory_check_;
};

}  // namespace poolscope::gui
