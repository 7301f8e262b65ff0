#pragma once

#include <functional>

#include "api/wire_exec.h"
#include "cli/daemon_client.h"
#include "cli/session.h"
#include "cli/target.h"
#include "common/error.h"

namespace ds01::cli {

/// Where the local side of an exec reads and writes.
struct LocalStdio {
  int in = -1;  // -1: the process gets no stdin
  int out = 1;
  int err = 2;
  bool tty = false;   // the exec has a TTY: `in` is a terminal, put in raw mode while it runs
  bool json = false;  // no TTY: the output as StreamRecordJson records on `out`, then
                      // {"exit_code": N}
};

/// Called with a terminal's new size (rows, columns).
using OnResize = std::function<void(int height, int width)>;

/// Copies bytes between `stdio` and the exec's handed-over connection until the process's
/// output ends. With a TTY, the terminal is raw for the duration (Ctrl-C, Ctrl-D and every
/// other key go to the process) and restored after; its size is passed to `on_resize` at once
/// and after every window change. Without one, the output frames are split onto out and err,
/// and the end of `in` half-closes the connection, so the process reads end of file.
Status PumpExec(HandedExec& exec, const LocalStdio& stdio, const OnResize& on_resize);

/// Whether an exec without a TTY reads the session's stdin when that is a terminal.
enum class TerminalStdin {
  kKeep,  // a command (container-exec without -t): a terminal's input stays ds01's, as with
          // docker exec without -i; a pipe or a file is passed
  kPass,  // a shell (container-attach): someone typing into it though its output goes to a
          // pipe still reaches it
};

/// The session's stdio for an exec: the terminal with a TTY; without one, stdout and stderr,
/// and stdin as `terminal_stdin` says.
LocalStdio StdioFor(const Session& session, bool tty, TerminalStdin terminal_stdin);

/// Runs `request` in the container `target`, attached to `stdio` (see PumpExec), and ends ds01
/// with the process's exit status (Session::exit_status); with `stdio.json` it is also the
/// last record.
Status RunInContainer(Session& session, const ContainerRef& target, const api::ExecRequest& request,
                      const LocalStdio& stdio);

}  // namespace ds01::cli
