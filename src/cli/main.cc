// ds01: the command-line client of ds01d (DESIGN.md §9). Everything happens in run.cc; this
// only connects it to the real process.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/daemon_client.h"
#include "cli/pacer.h"
#include "cli/run.h"
#include "cli/session.h"
#include "common/clock.h"

int main(int argc, char** argv) {
  using namespace ds01;
  std::ios::sync_with_stdio(false);
  cli::DaemonClient daemon(cli::DaemonSocket(std::getenv("DS01_SOCKET")));
  SystemClock clock;
  cli::InterruptiblePacer pacer;
  cli::Session session{daemon,
                       std::cin,
                       std::cout,
                       std::cerr,
                       isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1,
                       getuid(),
                       clock,
                       pacer,
                       {}};
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  int status = cli::RunCommandLine(session, argc > 0 ? argv[0] : "ds01", args);
  std::cout.flush();
  return status;
}
