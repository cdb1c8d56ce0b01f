// finish_stdout: the final flush of standard output, and the exit status when it failed.
#include "cli/stdout_check.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace poolscope::cli {

int finish_stdout(int status) {
  errno = 0;
  std::cout.flush();
  const bool flushed = std::fflush(stdout) == 0;
  const int err = errno;
  if (flushed && !std::ferror(stdout) && !std::cout.fail()) return status;
  if (err == EPIPE) return status ? status : 141;
  std::fprintf(stderr, "poolscope: cannot write standard output: %s\n",
               err != 0 ? std::strerror(err) : "write error");
  return status ? status : 1;
}

}  // namespace poolscope::cli
