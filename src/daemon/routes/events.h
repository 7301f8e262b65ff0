#pragma once

#include "daemon/api_deps.h"
#include "daemon/router.h"

namespace ds01::daemon {

/// /v1/events: the change feed, streamed as NDJSON (docs/api.md).
void AddEventRoutes(Router& router, const ApiDeps& deps);

}  // namespace ds01::daemon
