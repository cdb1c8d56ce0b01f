// `poolscope code`: its options, and printing the Go program of the resolved scenario.
#include "cli/code_command.h"

#include <iostream>

#include "poolscope/go_program.h"

namespace poolscope::cli {

void add_code_command(CLI::App& app, CodeCommand& cmd, CLI::App*& sub) {
  sub = app.add_subcommand("code", "Print the Go program the scenario describes");
  add_run_options(*sub, cmd.run);
}

int execute_code(const CodeCommand& cmd) {
  std::string error;
  const auto spec = resolve_spec(cmd.run, error);
  if (!spec) {
    std::cerr << "poolscope code: " << error << "\n";
    return 2;
  }
  std::cout << go_program(*spec).text() << std::flush;
  return 0;
}

}  // namespace poolscope::cli
