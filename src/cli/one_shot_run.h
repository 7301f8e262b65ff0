#pragma once

#include "api/wire_requests.h"
#include "cli/session.h"
#include "common/error.h"

namespace ds01::cli {

/// Runs `request` once (container-run --rm): creates the container to be removed at its exit,
/// registers the wait for its removal and attaches to its output before it starts, so that no
/// output and no exit is missed; then starts it, writes its stdout and stderr as they come and
/// ends ds01 with its exit code (Session::exit_status). Ctrl-C, or a reader of the output that
/// goes away, stops it. With `detach`, starts it and prints its name alone. Nothing is left
/// behind when it cannot start: the container is removed and its GPUs freed.
Status RunOneShot(Session& session, api::CreateRequest request, bool detach);

}  // namespace ds01::cli
