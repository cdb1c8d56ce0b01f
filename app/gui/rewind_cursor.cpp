// The time cursor: playback, stepping, and the rebuilt picture (cached per record and instant).
#include "rewind_cursor.h"

#include <algorithm>
#include <cmath>

namespace poolscope::gui {

namespace {

// A running engine's record grows every frame; the rebuild reads the whole window, so it is
// redone at most this often (the cursor stays within what was recorded by then).
constexpr double rebuild_every_s = 0.5;

double seconds(const Snapshot& s, std::int64_t t_ns) { return double(t_ns - s.start_ns) * 1e-9; }

}  // namespace

void RewindCursor::set(double t_s) {
  at_s_ = std::max(0.0, t_s);
  direction_ = 0;
}

void RewindCursor::clear() {
  at_s_.reset();
  row_.reset();
  direction_ = 0;
  picture_.reset();
}

void RewindCursor::play(int direction) { direction_ = direction > 0 ? 1 : -1; }

const Rewind* RewindCursor::rewind_for(const std::shared_ptr<const Snapshot>& record,
                                       double now_s) {
  if (!record || !record->timeline) return nullptr;
  const bool stale =
      record_ != record &&
      (!rewind_ || record->phase == RunPhase::finished || now_s - built_at_s_ >= rebuild_every_s ||
       (at_s_ && *at_s_ > seconds(*record_, rewind_->end_ns())));
  if (!rewind_ || stale) {
    rewind_ = std::make_unique<Rewind>(*record);
    record_ = record;
    built_at_s_ = now_s;
  }
  return rewind_.get();
}

void RewindCursor::step(const std::shared_ptr<const Snapshot>& record, int direction,
                        double now_s, cmd::StepScope scope) {
  const Rewind* rw = rewind_for(record, now_s);
  if (!rw) return;
  const Snapshot& base = *record_;
  const std::int64_t t = at_s_ ? base.start_ns + std::llround(*at_s_ * 1e9) : rw->end_ns();
  std::int64_t to = 0;
  if (scope == cmd::StepScope::any || !row_) {
    to = direction > 0 ? rw->next_change(t) : rw->previous_change(t);
  } else {
    const auto steps = scope == cmd::StepScope::row_job ? Rewind::RowSteps::job_boundaries
                                               : Rewind::RowSteps::changes;
    to = direction > 0 ? rw->next_change(t, *row_, steps) : rw->previous_change(t, *row_, steps);
  }
  set(seconds(base, to));
}

const Snapshot* RewindCursor::update(const std::shared_ptr<const Snapshot>& record, double dt_s,
                                     double now_s) {
  if (!at_s_) return nullptr;
  const Rewind* rw = rewind_for(record, now_s);
  if (!rw) return nullptr;
  const Snapshot& base = *record_;
  const double end_s = seconds(base, rw->end_ns());
  if (direction_ != 0) {
    at_s_ = *at_s_ + double(direction_) * dt_s * speed_;
    // Playback stops at either end of the recording.
    if (*at_s_ <= 0.0 || *at_s_ >= end_s) direction_ = 0;
  }
  at_s_ = std::clamp(*at_s_, 0.0, std::max(0.0, end_s));
  before_window_ = base.start_ns + std::llround(*at_s_ * 1e9) < rw->window_start_ns();
  if (!picture_ || picture_at_s_ != *at_s_ || picture_record_ != &base) {
    picture_ = rewound_snapshot(base, rw->at_s(*at_s_));
    picture_at_s_ = *at_s_;
    picture_record_ = &base;
  }
  return &*picture_;
}

}  // namespace poolscope::gui
