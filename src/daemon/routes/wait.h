#pragma once

#include "daemon/api_deps.h"
#include "daemon/router.h"

namespace ds01::daemon {

/// POST /v1/containers/{name}/wait?condition=not-running|next-exit|removed: ds01d registers the
/// wait with the engine and hands the client that connection (SCM_RIGHTS), on which the
/// engine's answer, the container's exit code, comes when the condition is reached. A wait
/// holds no thread of ds01d's however long it lasts (docs/api.md, "Wait").
void AddWaitRoutes(Router& router, const ApiDeps& deps);

}  // namespace ds01::daemon
