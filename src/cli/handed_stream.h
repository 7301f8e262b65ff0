#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "cli/daemon_client.h"
#include "common/error.h"

namespace ds01::cli {

/// What a Ctrl-C during PumpOutput does besides being taken: e.g. stop the container whose
/// output is read, which then ends it. An Error ends the pump with it.
using OnInterrupt = std::function<Status()>;

/// Why PumpOutput stopped writing.
enum class OutputEnd {
  kEnded,        // the output came to its end
  kReaderGone,   // `out`'s reader went away (`… | head` had enough)
  kInterrupted,  // Ctrl-C, with no OnInterrupt
};

/// Writes a container's output, handed over by ds01d (its logs, or its process attached), to
/// `out` and `err`: chunks undone when the line says the body is chunked, and then, as
/// StdioSink does, a TTY container's one stream to `out`, another's frames onto `out` and
/// `err`, until the output ends, `out`'s reader goes away or Ctrl-C (SIGINT); with
/// `on_interrupt`, a Ctrl-C calls that and the pump reads on. Output broken off before its end
/// is kUnavailable, a malformed one kProtocol.
Result<OutputEnd> PumpOutput(HandedStream& stream, int out, int err,
                             const OnInterrupt& on_interrupt = {});

/// The whole body of a short answer handed over by ds01d (a wait's), its chunks undone, once it
/// has come; kTimeout when `timeout` passes first (none: no limit), kProtocol for a body over
/// 64 KiB or malformed, kUnavailable when it breaks off.
Result<std::string> ReadHandedAnswer(HandedStream& answer,
                                     std::optional<std::chrono::milliseconds> timeout);

}  // namespace ds01::cli
