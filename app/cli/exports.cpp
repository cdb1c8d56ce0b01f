// Run exports: the writability check, OutputFile's checked open and close, the Chrome trace
// (thread states as slices, each job's flow, job marks, queue depth as a counter) and the
// per-job CSV.
#include "cli/exports.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "cli/trace_flows.h"
#include "poolscope/printable.h"

namespace poolscope::cli {

namespace {

// Microseconds since the run started, as Chrome's trace format wants.
double us(std::int64_t t_ns, std::int64_t start_ns) { return double(t_ns - start_ns) / 1e3; }

std::string write_error(const std::string& path, int err) {
  return "cannot write " + printable_quoted(path, 200) + ": " +
         (err != 0 ? std::strerror(err) : "write error");
}

const char* mark_name(EventKind k) {
  switch (k) {
    case EventKind::job_rejected:
      return "rejected";
    case EventKind::job_dropped:
      return "dropped";
    default:
      return "cancelled";
  }
}

}  // namespace

std::string check_writable(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path p(path);
  if (fs::is_directory(p, ec))
    return "cannot write " + printable_quoted(path, 200) + ": it is a directory";
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::is_directory(dir, ec)) {
    return "cannot write " + printable_quoted(path, 200) + ": the directory " +
           printable_quoted(dir.string(), 200) + " does not exist (it is not created)";
  }
  const bool exists = fs::exists(p, ec);
  if (::access(exists ? path.c_str() : dir.c_str(), exists ? W_OK : W_OK | X_OK) != 0)
    return write_error(path, errno);
  return {};
}

std::optional<OutputFile> OutputFile::open(const std::string& path, std::string& error) {
  errno = 0;
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) {
    error = write_error(path, errno);
    return std::nullopt;
  }
  return OutputFile(f, path);
}

std::string OutputFile::finish() {
  if (!file_) return {};
  errno = 0;
  const bool flushed = std::fflush(file_.get()) == 0;
  int err = errno;
  const bool clean = !std::ferror(file_.get());
  errno = 0;
  const bool closed = std::fclose(file_.release()) == 0;
  if (flushed && clean && closed) return {};
  if (err == 0) err = errno;
  return write_error(path_, err);
}

std::string write_chrome_trace(OutputFile& file, const Snapshot& s,
                               const std::vector<std::pair<std::int64_t, std::uint32_t>>& depth,
                               const TraceWindow& window) {
  std::FILE* out = file.get();
  const std::int64_t t0 = s.start_ns;
  std::fputs("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n", out);
  std::fputs(R"({"ph":"M","pid":1,"tid":0,"name":"process_name","args":{"name":"poolscope"}})",
             out);
  if (s.timeline) {
    for (const LaneTimeline& lane : s.timeline->lanes) {
      // Names are ours ("worker 3"): no escaping needed.
      std::fprintf(out,
                   ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"name\":\"thread_name\",\"args\":{"
                   "\"name\":\"%s\"}}"
                   ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"name\":\"thread_sort_index\",\"args\":{"
                   "\"sort_index\":%u}}",
                   unsigned(lane.lane), lane.name.c_str(), unsigned(lane.lane),
                   unsigned(lane.lane));
    }
    for (const LaneTimeline& lane : s.timeline->lanes) {
      for (const auto& block : lane.blocks) {
        for (Segment seg : block->segments) {
          if (seg.end_ns < window.from_ns || seg.start_ns > window.to_ns) continue;
          seg.start_ns = std::max(seg.start_ns, window.from_ns);
          seg.end_ns = std::min(seg.end_ns, window.to_ns);
          const bool has_job =
              seg.state == SegmentState::running || seg.state == SegmentState::consuming;
          char name[64];
          if (has_job)
            std::snprintf(name, sizeof name, "%s %llu",
                          seg.state == SegmentState::running ? "job" : "consume",
                          static_cast<unsigned long long>(seg.job));
          else
            std::snprintf(name, sizeof name, "%s", to_string(seg.state).data());
          std::fprintf(out,
                       ",\n{\"ph\":\"X\",\"pid\":1,\"tid\":%u,\"name\":\"%s\",\"cat\":\"%s\","
                       "\"ts\":%.3f,\"dur\":%.3f,\"args\":{\"job\":%llu,\"outcome\":\"%s\"}}",
                       unsigned(lane.lane), name, to_string(seg.state).data(), us(seg.start_ns, t0),
                       double(seg.end_ns - seg.start_ns) / 1e3,
                       static_cast<unsigned long long>(seg.job), to_string(seg.outcome).data());
        }
      }
    }
    write_job_flows(out, *s.timeline, t0, window.from_ns, window.to_ns);
    for (const Mark& m : s.timeline->marks) {
      if (m.t_ns < window.from_ns || m.t_ns > window.to_ns) continue;
      std::fprintf(out,
                   ",\n{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":0,\"name\":\"%s job %llu\","
                   "\"ts\":%.3f,\"args\":{\"job\":%llu}}",
                   mark_name(m.kind), static_cast<unsigned long long>(m.job), us(m.t_ns, t0),
                   static_cast<unsigned long long>(m.job));
    }
  }
  for (const auto& [t, d] : depth) {
    if (t < t0 || t > window.to_ns) continue;
    std::fprintf(out,
                 ",\n{\"ph\":\"C\",\"pid\":1,\"tid\":0,\"name\":\"queue depth\",\"ts\":%.3f,"
                 "\"args\":{\"depth\":%u}}",
                 us(t, t0), d);
  }
  std::fputs("\n]}\n", out);
  return file.finish();
}

std::string write_jobs_csv(OutputFile& file, const std::vector<JobRecord>& records,
                           std::int64_t start_ns) {
  std::FILE* out = file.get();
  std::fputs("id,submit_ms,start_ms,end_ms,worker,outcome,wait_ms,service_ms\n", out);
  auto ms = [&](std::int64_t t) { return double(t - start_ns) / 1e6; };
  for (const JobRecord& r : records) {
    const bool ran = r.start_ns != 0;
    const char* outcome = r.ended_by == EventKind::job_rejected    ? "rejected"
                          : r.ended_by == EventKind::job_dropped   ? "dropped"
                          : r.ended_by == EventKind::job_cancelled ? "cancelled"
                                                                   : to_string(r.outcome).data();
    if (ran) {
      std::fprintf(out, "%llu,%.3f,%.3f,%.3f,%s,%s,%.3f,%.3f\n",
                   static_cast<unsigned long long>(r.id), ms(r.submit_ns), ms(r.start_ns),
                   ms(r.end_ns), r.worker == -2 ? "producer" : std::to_string(r.worker).c_str(),
                   outcome, double(r.start_ns - r.submit_ns) / 1e6,
                   double(r.end_ns - r.start_ns) / 1e6);
    } else {
      std::fprintf(out, "%llu,%.3f,,%.3f,,%s,,\n", static_cast<unsigned long long>(r.id),
                   ms(r.submit_ns), ms(r.end_ns), outcome);
    }
  }
  return file.finish();
}

}  // namespace poolscope::cli
