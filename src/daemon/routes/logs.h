#pragma once

#include "daemon/api_deps.h"
#include "daemon/router.h"

namespace ds01::daemon {

/// GET /v1/containers/{name}/logs: what a container has written. ds01d judges the request,
/// opens the engine's logs answer and hands its connection to the client (SCM_RIGHTS), so that
/// a follow holds no thread of ds01d's and no byte of the logs passes through it
/// (docs/decisions.md, "Logs").
void AddLogsRoutes(Router& router, const ApiDeps& deps);

}  // namespace ds01::daemon
