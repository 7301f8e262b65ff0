#pragma once

#include "daemon/api_deps.h"
#include "daemon/router.h"

namespace ds01::daemon {

/// /v1/gpus and /v1/limits: the server's GPUs and the caller's effective limits.
void AddHostRoutes(Router& router, const ApiDeps& deps);

}  // namespace ds01::daemon
