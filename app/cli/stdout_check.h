// The end of a command's output: standard output is flushed and checked, since a summary that
// never reached its reader (a full disk, a closed descriptor) must not end in exit status 0.
#pragma once

namespace poolscope::cli {

// Flushes stdout. On a write error prints "poolscope: cannot write standard output: <error>"
// and returns `status` or, when that is 0, 1. A reader that went away (EPIPE, as in
// `poolscope run | true`) is not an error worth a message: then 141 (128 + SIGPIPE) quietly.
int finish_stdout(int status);

}  // namespace poolscope::cli
