#pragma once

#include <vector>

#include "core/container_view.h"
#include "daemon/api_deps.h"
#include "daemon/route.h"

namespace ds01::daemon {

/// The containers a listing route shows its caller: their own; for an admin everyone's, or
/// one user's with ?owner=; nothing for a user who names another owner.
Result<std::vector<core::ContainerView>> ListedContainers(const RouteCall& call,
                                                          const ApiDeps& deps);

}  // namespace ds01::daemon
