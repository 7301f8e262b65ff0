#include "daemon/routes/containers.h"

#include <spdlog/spdlog.h>

#include "core/refusals.h"
#include "daemon/api_response.h"
#include "daemon/request_bodies.h"
#include "daemon/routes/listing.h"
#include "daemon/wire_views.h"

namespace ds01::daemon {
namespace {

// A create names an image, a few options, env, labels and binds: far below this.
constexpr std::size_t kCreateBodyBytes = 64u << 10;

constexpr RouteTraits kListing{Access::kAnyUser, true, 0, EngineUse::kNone};
constexpr RouteTraits kCreating{Access::kAnyUser, false, kCreateBodyBytes, EngineUse::kWaitsAlone};
constexpr RouteTraits kReadingOne{Access::kOwnContainer, true, 0, EngineUse::kNone};
constexpr RouteTraits kChangingOne{Access::kOwnContainer, false, kSmallBodyBytes,
                                   EngineUse::kWaitsAlone};

http::Response ContainerAnswer(int status, const Result<core::ContainerView>& view,
                               const ApiDeps& deps) {
  if (!view.ok()) return ErrorResponse(view.error());
  return JsonResponse(status, WireContainer(*view, deps.inventory.simulated));
}

void List(const RouteCall& call, const ApiDeps& deps) {
  auto all = ListedContainers(call, deps);
  if (!all.ok()) return call.Reply(ErrorResponse(all.error()));
  const bool everything = QueryFlag(call.query(), "all");
  std::vector<api::Container> listed;
  for (const core::ContainerView& view : *all) {
    if (everything || view.live()) listed.push_back(WireContainer(view, deps.inventory.simulated));
  }
  call.Reply(JsonTextResponse(200, api::ContainerListText(listed)));
}

void Create(const RouteCall& call, const ApiDeps& deps) {
  auto params = ParseCreateBody(call.body());
  if (!params.ok()) return call.Reply(ErrorResponse(params.error()));
  auto view = deps.service.Create(call.caller.identity, *params);
  if (view.ok()) {
    spdlog::info("{} created {} ({} GPU slot(s))", call.caller.identity.user, view->record.name,
                 view->slots.size());
  }
  call.Reply(ContainerAnswer(201, view, deps));
}

void Get(const RouteCall& call, const ApiDeps& deps) {
  auto found = core::ContainerViews(deps.store).Find(call.owner, call.name());
  if (!found.ok()) return call.Reply(ErrorResponse(found.error()));
  if (!found->has_value()) return call.Reply(ErrorResponse(core::NoSuchContainer(call.name())));
  call.Reply(JsonResponse(200, WireContainer(**found, deps.inventory.simulated)));
}

void Start(const RouteCall& call, const ApiDeps& deps) {
  auto started = deps.service.Start(call.caller.actor(), call.owner, call.name());
  call.Reply(ContainerAnswer(200, started, deps));
  if (!started.ok()) return;
  // After the answer, and not as a change to the container: a stop may follow at once.
  deps.engine_calls.Run(call.owner, "",
                        [&deps, record = started->record] { deps.accounts.Ensure(record); });
}

void Stop(const RouteCall& call, const ApiDeps& deps) {
  auto timeout = ParseStopBody(call.body());
  if (!timeout.ok()) return call.Reply(ErrorResponse(timeout.error()));
  call.Reply(ContainerAnswer(
      200, deps.service.Stop(call.caller.actor(), call.owner, call.name(), *timeout), deps));
}

void Pause(const RouteCall& call, const ApiDeps& deps) {
  call.Reply(
      ContainerAnswer(200, deps.service.Pause(call.caller.actor(), call.owner, call.name()), deps));
}

void Unpause(const RouteCall& call, const ApiDeps& deps) {
  call.Reply(ContainerAnswer(
      200, deps.service.Unpause(call.caller.actor(), call.owner, call.name()), deps));
}

void Remove(const RouteCall& call, const ApiDeps& deps) {
  auto stop = ParseRemoveBody(call.body());
  if (!stop.ok()) return call.Reply(ErrorResponse(stop.error()));
  Status removed = deps.service.Remove(call.caller.actor(), call.owner, call.name(), *stop);
  if (!removed.ok()) return call.Reply(ErrorResponse(removed.error()));
  call.Reply(JsonResponse(200, api::Removed{call.name()}));
}

}  // namespace

void AddContainerRoutes(Router& router, const ApiDeps& deps) {
  router.Add("GET", "/v1/containers", kListing, With(deps, List));
  router.Add("POST", "/v1/containers", kCreating, With(deps, Create));
  router.Add("GET", "/v1/containers/{name}", kReadingOne, With(deps, Get));
  router.Add("POST", "/v1/containers/{name}/start", kChangingOne, With(deps, Start));
  router.Add("POST", "/v1/containers/{name}/stop", kChangingOne, With(deps, Stop));
  router.Add("POST", "/v1/containers/{name}/pause", kChangingOne, With(deps, Pause));
  router.Add("POST", "/v1/containers/{name}/unpause", kChangingOne, With(deps, Unpause));
  router.Add("POST", "/v1/containers/{name}/remove", kChangingOne, With(deps, Remove));
}

}  // namespace ds01::daemon
