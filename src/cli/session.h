#pragma once

#include <sys/types.h>

#include <istream>
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
};

}  // namespace ds01::cli
