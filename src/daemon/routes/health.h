#pragma once

#include "daemon/api_deps.h"
#include "daemon/router.h"

namespace ds01::daemon {

/// GET /v1/containers/{name}/health: the verdict of the container's health probe, as the
/// engine keeps it (api::HealthReport).
void AddHealthRoutes(Router& router, const ApiDeps& deps);

}  // namespace ds01::daemon
