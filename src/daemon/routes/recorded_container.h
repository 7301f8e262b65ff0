#pragma once

#include "common/error.h"
#include "core/container_view.h"
#include "daemon/api_deps.h"
#include "daemon/route.h"

namespace ds01::daemon {

/// The container {name} of the call's owner, as ds01d records it, with its engine id. One it
/// does not record is NoSuchContainer; when the engine removed it at its exit (run --rm), the
/// refusal says so, and when.
Result<core::ContainerView> RecordedContainer(const RouteCall& call, const ApiDeps& deps);

/// The engine's not-found for a container ds01d still recorded a moment ago (removed
/// meanwhile) as RecordedContainer's refusal; any other error as it is.
Error AsMissing(Error error, const RouteCall& call, const ApiDeps& deps);

}  // namespace ds01::daemon
