#include "daemon/routes/listing.h"

#include "daemon/router.h"

namespace ds01::daemon {

Result<std::vector<core::ContainerView>> ListedContainers(const RouteCall& call,
                                                          const ApiDeps& deps) {
  core::ContainerViews views(deps.store);
  auto scope = deps.authoriser.ListScope(call.caller, QueryValue(call.query(), "owner"), views);
  if (!scope.ok()) {
    if (scope.error().code == ErrorCode::kNotFound) return std::vector<core::ContainerView>();
    return scope.error();
  }
  return views.List(*scope);
}

}  // namespace ds01::daemon
