#pragma once

#include "daemon/api_deps.h"
#include "daemon/router.h"

namespace ds01::daemon {

/// POST /v1/containers/{name}/attach: the output of the container's own process (stdout and
/// stderr; never stdin) from now on, over the engine's hijacked connection, which ds01d hands to
/// the client (SCM_RIGHTS). Attached before its start, a run loses none of it (container-run
/// --rm; docs/api.md, "Attach").
void AddAttachRoutes(Router& router, const ApiDeps& deps);

}  // namespace ds01::daemon
