#include "daemon/routes/host.h"

#include "api/wire_workspace.h"
#include "daemon/api_response.h"
#include "daemon/wire_views.h"

namespace ds01::daemon {
namespace {

void Gpus(const RouteCall& call, const ApiDeps& deps) {
  auto all = core::ContainerViews(deps.store).List();
  if (!all.ok()) return call.Reply(ErrorResponse(all.error()));
  call.Reply(JsonResponse(200, WireGpus(deps.inventory, *all, call.caller)));
}

void Limits(const RouteCall& call, const ApiDeps& deps) {
  auto mine = core::ContainerViews(deps.store).List(call.caller.identity.uid);
  if (!mine.ok()) return call.Reply(ErrorResponse(mine.error()));
  call.Reply(
      JsonResponse(200, WireLimits(call.caller, deps.limits(call.caller.identity.uid), *mine)));
}

void Workspace(const RouteCall& call, const ApiDeps& deps) {
  const auto config = deps.config.Snapshot();
  call.Reply(JsonResponse(200, api::Workspace{config->workspaces.RootFor(call.caller.identity.user),
                                              config->frameworks}));
}

}  // namespace

void AddHostRoutes(Router& router, const ApiDeps& deps) {
  router.Add("GET", "/v1/gpus", RouteTraits{Access::kAnyUser, true, 0, EngineUse::kNone},
             With(deps, Gpus));
  router.Add("GET", "/v1/limits", RouteTraits{Access::kAnyUser, true, 0, EngineUse::kNone},
             With(deps, Limits));
  router.Add("GET", "/v1/workspace", RouteTraits{Access::kAnyUser, true, 0, EngineUse::kNone},
             With(deps, Workspace));
}

}  // namespace ds01::daemon
