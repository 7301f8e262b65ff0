#pragma once

#include "daemon/api_deps.h"
#include "daemon/router.h"

namespace ds01::daemon {

/// POST /v1/containers/prune and POST /v1/images/prune: the caller's stopped containers and
/// dangling project images removed, one at a time through the paths that remove one, with what
/// each freed; an admin's reach everyone's, or one user's with ?owner=.
void AddPruneRoutes(Router& router, const ApiDeps& deps);

}  // namespace ds01::daemon
