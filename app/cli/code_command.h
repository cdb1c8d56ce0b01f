// `poolscope code`: prints the Go program a scenario describes (the code panel's text).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/run_options.h"

namespace poolscope::cli {

struct CodeCommand {
  RunOptions run;
};

void add_code_command(CLI::App& app, CodeCommand& cmd, CLI::App*& sub);
int execute_code(const CodeCommand& cmd);

}  // namespace poolscope::cli
