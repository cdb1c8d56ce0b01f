// Job flows for the Chrome trace: one pass over the timeline gathers each job's submit, start
// and take; then a slice per endpoint and the flow events bound to them.
#include "cli/trace_flows.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <vector>

namespace poolscope::cli {

namespace {

constexpr std::int64_t none = -1;

struct JobPath {
  std::int64_t submit = none;
  Lane worker = 0;
  std::int64_t start = none;
  std::int64_t taken = none;
};

double us(std::int64_t t_ns, std::int64_t t0) { return double(t_ns - t0) / 1e3; }

void slice(std::FILE* out, Lane lane, const char* what, std::uint64_t job, std::int64_t t,
           std::int64_t t0) {
  std::fprintf(out,
               ",\n{\"ph\":\"X\",\"pid\":1,\"tid\":%u,\"name\":\"%s %llu\",\"cat\":\"job flow\","
               "\"ts\":%.3f,\"dur\":0,\"args\":{\"job\":%llu}}",
               unsigned(lane), what, static_cast<unsigned long long>(job), us(t, t0),
               static_cast<unsigned long long>(job));
}

// ph: s (start), t (step), f (finish). Each lies on a slice of its own made for it: same row,
// category and time stamp. That one event is both the slice enclosing it (the rule of
// chrome://tracing and Perfetto, "bp":"e") and the slice with its exact (pid, tid, cat, ts) (the
// rule of Chrome DevTools' Performance panel).
void flow(std::FILE* out, char ph, Lane lane, std::uint64_t job, std::int64_t t, std::int64_t t0) {
  std::fprintf(out,
               ",\n{\"ph\":\"%c\",\"bp\":\"e\",\"id\":%llu,\"pid\":1,\"tid\":%u,\"name\":\"job "
               "%llu\",\"cat\":\"job flow\",\"ts\":%.3f}",
               ph, static_cast<unsigned long long>(job), unsigned(lane),
               static_cast<unsigned long long>(job), us(t, t0));
}

// Two jobs can pass one point in the same nanosecond (the consumer takes a batch of results at
// one instant). A viewer binds a flow event to the first slice with its time stamp on its row,
// so each endpoint gets a time of its own there: later ones move on by a nanosecond each.
class EndpointTimes {
 public:
  std::int64_t claim(Lane lane, std::int64_t t) {
    std::set<std::int64_t>& used = used_[lane];
    while (!used.insert(t).second) ++t;
    return t;
  }

 private:
  std::unordered_map<Lane, std::set<std::int64_t>> used_;
};

void endpoint(std::FILE* out, EndpointTimes& times, char ph, Lane lane, const char* what,
              std::uint64_t job, std::int64_t t, std::int64_t t0) {
  const std::int64_t at = times.claim(lane, t);
  slice(out, lane, what, job, at, t0);
  flow(out, ph, lane, job, at, t0);
}

}  // namespace

void write_job_flows(std::FILE* out, const TimelineData& tl, std::int64_t t0, std::int64_t from_ns,
                     std::int64_t to_ns) {
  std::unordered_map<std::uint64_t, JobPath> paths;
  for (const auto& b : tl.submits)
    for (const JobInstant& i : b->items) {
      JobPath& p = paths[i.job];
      if (p.submit == none) p.submit = i.t_ns;
    }
  for (const LaneTimeline& lane : tl.lanes) {
    if (lane.lane < first_worker_lane) continue;
    for (const auto& b : lane.blocks)
      for (const Segment& seg : b->segments) {
        if (seg.state != SegmentState::running) continue;
        const auto it = paths.find(seg.job);
        if (it == paths.end() || it->second.start != none) continue;
        it->second.worker = lane.lane;
        it->second.start = seg.start_ns;
      }
  }
  for (const auto& b : tl.consumed)
    for (const JobInstant& i : b->items) {
      const auto it = paths.find(i.job);
      if (it != paths.end() && it->second.taken == none) it->second.taken = i.t_ns;
    }
  // In job order, so that the trace reads (and diffs) the same from run to run.
  std::vector<std::uint64_t> jobs;
  jobs.reserve(paths.size());
  for (const auto& [job, p] : paths)
    if (p.submit != none && p.start != none && p.submit >= from_ns && p.start <= to_ns)
      jobs.push_back(job);
  std::sort(jobs.begin(), jobs.end());
  EndpointTimes times;
  for (std::uint64_t job : jobs) {
    const JobPath& p = paths[job];
    endpoint(out, times, 's', producer_lane, "submit", job, p.submit, t0);
    if (p.taken != none && p.taken <= to_ns) {
      endpoint(out, times, 't', p.worker, "start", job, p.start, t0);
      endpoint(out, times, 'f', consumer_lane, "taken", job, p.taken, t0);
    } else {
      endpoint(out, times, 'f', p.worker, "start", job, p.start, t0);
    }
  }
}

}  // namespace poolscope::cli
