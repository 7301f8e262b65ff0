#pragma once

#include "daemon/api_deps.h"
#include "daemon/router.h"

namespace ds01::daemon {

/// /v1/containers: list, create, and one container's get, start, stop, pause, unpause, remove.
void AddContainerRoutes(Router& router, const ApiDeps& deps);

}  // namespace ds01::daemon
