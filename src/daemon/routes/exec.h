#pragma once

#include "daemon/api_deps.h"
#include "daemon/router.h"

namespace ds01::daemon {

/// /v1/containers/{name}/exec: shells and commands in a running container, their exit codes
/// and their terminals' sizes. An attached exec's own engine connection is handed to the
/// client (SCM_RIGHTS); ds01d is then out of its path (docs/decisions.md, "Shells").
void AddExecRoutes(Router& router, const ApiDeps& deps);

}  // namespace ds01::daemon
