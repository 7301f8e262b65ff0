#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <istream>
#include <optional>
#include <ostream>

#include "cli/daemon_client.h"
#include "cli/guide.h"
#include "cli/pacer.h"
#include "common/clock.h"

namespace ds01::cli {

/// What a command runs with: the daemon, the user's streams and terminal, the caller's uid, the
/// clock and the guide. main() fills it from the real process; tests inject their own.
struct Session {
  DaemonApi& daemon;
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool interactive;  // stdin and stdout are terminals: menus and confirmations may ask
  uid_t uid;         // the caller, to tell their containers from others' in an admin's view
  const Clock& clock;
  Pacer& pacer;
  Guide guide;         // set for each command from its help text and --guided
  bool force = false;  // --force, common to every command: confirmations are answered yes
  /// The descriptors behind in, out and err, for a shell's bytes, which pass unbuffered.
  int stdin_fd = STDIN_FILENO;
  int stdout_fd = STDOUT_FILENO;
  int stderr_fd = STDERR_FILENO;
  /// Set by a command whose exit status is another process's (container-exec passes on the
  /// command's, container-attach the shell's); ds01 then exits with it.
  std::optional<int> exit_status{};
};

}  // namespace ds01::cli
