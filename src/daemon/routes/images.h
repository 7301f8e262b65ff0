#pragma once

#include "daemon/api_deps.h"
#include "daemon/router.h"

namespace ds01::daemon {

/// /v1/images: the caller's project images (and the frameworks' catalogue images) listed, and
/// the removal of one of the caller's own project images.
void AddImageRoutes(Router& router, const ApiDeps& deps);

}  // namespace ds01::daemon
