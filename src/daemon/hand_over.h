#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "common/unique_fd.h"
#include "daemon/route.h"

namespace ds01::daemon {

/// What goes to the client in place of an answer: an engine connection, the JSON line that
/// tells it how to read that connection, and the bytes ds01d already read from it, which the
/// line counts and which follow it.
struct HandOff {
  UniqueFd socket;
  std::string line;  // one JSON object, no newline
  std::string early_bytes;
};

/// Makes the HandOff to send, once the client is ready for it (an exec starts only then).
using OpenHandOff = std::function<Result<HandOff>()>;

/// Upgrades the call's connection (101 `protocol`), waits for the byte the client sends once it
/// has read the 101 (so that no read of HTTP can swallow the byte the descriptor rides on),
/// then sends the HandOff's socket (SCM_RIGHTS), its line and its early bytes, and closes: from
/// then on ds01d is out of the connection's path. When `open` fails, no descriptor comes: one
/// plain byte, then the error's JSON. A client that never says it is ready gets nothing, and
/// `open` is not called.
void HandOver(const RouteCall& call, std::string_view protocol, const OpenHandOff& open);

/// True when the request asks to be upgraded to `protocol`.
bool AsksForHandOver(const RouteCall& call, std::string_view protocol);

}  // namespace ds01::daemon
