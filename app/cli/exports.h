// File exports of a finished run: Chrome Trace Event Format (opens in Perfetto and
// chrome://tracing) and one CSV row per job. The files are opened before the run (so that an
// unwritable path is refused at once) and written after it; every write, the flush and the close
// are checked.
#pragma once

#include <cstdio>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "poolscope/engine.h"
#include "poolscope/snapshot.h"

namespace poolscope::cli {

// A file opened for writing, closed (and its errors reported) by finish().
class OutputFile {
 public:
  // Creates or truncates `path`; empty with `error` ("cannot write \"x\": reason") on failure.
  static std::optional<OutputFile> open(const std::string& path, std::string& error);

  std::FILE* get() const { return file_.get(); }
  const std::string& path() const { return path_; }
  // Flushes and closes; returns "" or what went wrong (the first write error, or the close's).
  std::string finish();

 private:
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  OutputFile(std::FILE* f, std::string path) : file_(f), path_(std::move(path)) {}
  std::unique_ptr<std::FILE, Closer> file_;
  std::string path_;
};

// Whether `path` can be created or overwritten, without touching it: "" or why not. Its directory
// must exist (nothing creates directories for an output).
std::string check_writable(const std::string& path);

// The part of a run a trace covers, in steady-clock ns: slices are clipped to it, and marks,
// flows and depth readings outside it are left out. The default is the whole run.
struct TraceWindow {
  std::int64_t from_ns = std::numeric_limits<std::int64_t>::min();
  std::int64_t to_ns = std::numeric_limits<std::int64_t>::max();
};

// Return an empty string on success, else what went wrong (naming the path).
std::string write_chrome_trace(OutputFile& out, const Snapshot& s,
                               const std::vector<std::pair<std::int64_t, std::uint32_t>>& depth,
                               const TraceWindow& window = {});
std::string write_jobs_csv(OutputFile& out, const std::vector<JobRecord>& records,
                           std::int64_t start_ns);

}  // namespace poolscope::cli
