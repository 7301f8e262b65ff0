#pragma once

#include "daemon/api_deps.h"
#include "daemon/router.h"

namespace ds01::daemon {

/// /v1/stats and /v1/containers/{name}/stats: CPU, memory and GPU use of running containers.
void AddStatsRoutes(Router& router, const ApiDeps& deps);

}  // namespace ds01::daemon
