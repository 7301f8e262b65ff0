#pragma once

#include "cli/daemon_client.h"
#include "common/error.h"

namespace ds01::cli {

/// Writes a container's logs, handed over by ds01d, to `out` and `err`: their chunks undone
/// when the line says the body is chunked, and then, as StdioSink does, a TTY container's one
/// stream to `out`, another's frames onto `out` and `err`. Ok once the body ends, and also when
/// `out`'s reader goes away (`… | head`) or Ctrl-C (SIGINT) ends a follow; a body broken off
/// before its end is kUnavailable, a malformed one kProtocol.
Status PumpLogs(HandedLogs& logs, int out, int err);

}  // namespace ds01::cli
