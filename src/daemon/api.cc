#include "daemon/api.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <future>

#include "core/refusals.h"
#include "daemon/api_response.h"
#include "daemon/json_views.h"
#include "daemon/request_bodies.h"

namespace ds01::daemon {
namespace {

// Engine stats samples take about a second each; this many are taken at once.
constexpr std::size_t kParallelStats = 8;

const std::string& NameOf(const PathParams& params) { return params.find("name")->second; }

bool IsLive(const core::ContainerView& view) {
  return view.record.state == store::ContainerState::kRunning ||
         view.record.state == store::ContainerState::kPaused;
}

}  // namespace

Api::Api(ApiDeps deps) : deps_(deps) {
  Route("GET", "/v1/containers", &Api::ListContainers);
  Route("POST", "/v1/containers", &Api::CreateContainer);
  Route("GET", "/v1/containers/{name}", &Api::GetContainer);
  Route("POST", "/v1/containers/{name}/start", &Api::StartContainer);
  Route("POST", "/v1/containers/{name}/stop", &Api::StopContainer);
  Route("POST", "/v1/containers/{name}/pause", &Api::PauseContainer);
  Route("POST", "/v1/containers/{name}/unpause", &Api::UnpauseContainer);
  Route("POST", "/v1/containers/{name}/remove", &Api::RemoveContainer);
  Route("GET", "/v1/containers/{name}/stats", &Api::ContainerStats);
  Route("GET", "/v1/stats", &Api::AllStats);
  Route("GET", "/v1/gpus", &Api::Gpus);
  Route("GET", "/v1/limits", &Api::Limits);
}

http::Response Api::Handle(const http::ServerRequest& request) const {
  http::Response response = router_.Dispatch(request);
  if (response.status >= 500) {
    spdlog::warn("{} {} (uid {}): {} {}", request.request.method, request.request.target,
                 request.peer.uid, response.status, response.body);
  } else {
    spdlog::debug("{} {} (uid {}): {}", request.request.method, request.request.target,
                  request.peer.uid, response.status);
  }
  return response;
}

void Api::Route(std::string method, std::string_view pattern, Method handler) {
  router_.Add(std::move(method), pattern,
              [this, handler](const http::ServerRequest& request, const PathParams& params) {
                auto caller = deps_.authoriser.Identify(request.peer);
                if (!caller.ok()) return ErrorResponse(caller.error());
                return (this->*handler)(*caller, request, params);
              });
}

http::Response Api::ListContainers(const Caller& caller, const http::ServerRequest& request,
                                   const PathParams&) const {
  core::ContainerViews views(deps_.store);
  auto scope = deps_.authoriser.ListScope(caller, QueryValue(request.query(), "owner"), views);
  if (!scope.ok()) {
    if (scope.error().code != ErrorCode::kNotFound) return ErrorResponse(scope.error());
    return JsonResponse(200, {{"containers", nlohmann::json::array()}});
  }
  auto all = views.List(*scope);
  if (!all.ok()) return ErrorResponse(all.error());
  // Serialised one container at a time: a listing of a thousand never builds one big tree.
  const bool everything = QueryFlag(request.query(), "all");
  std::string text = R"({"containers":[)";
  bool first = true;
  for (const core::ContainerView& view : *all) {
    if (!everything && !IsLive(view)) continue;
    if (!first) text += ',';
    first = false;
    text += ContainerJson(view, deps_.inventory.simulated)
                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  text += "]}";
  return JsonTextResponse(200, std::move(text));
}

http::Response Api::CreateContainer(const Caller& caller, const http::ServerRequest& request,
                                    const PathParams&) const {
  auto params = ParseCreateBody(request.request.body);
  if (!params.ok()) return ErrorResponse(params.error());
  auto view = deps_.service.Create(caller.identity, *params);
  if (view.ok()) {
    spdlog::info("{} created {} ({} GPU slot(s))", caller.identity.user, view->record.name,
                 view->slots.size());
  }
  return Container(201, view);
}

http::Response Api::GetContainer(const Caller& caller, const http::ServerRequest& request,
                                 const PathParams& params) const {
  auto uid = Owner(caller, request, params);
  if (!uid.ok()) return ErrorResponse(uid.error());
  auto found = core::ContainerViews(deps_.store).Find(*uid, NameOf(params));
  if (!found.ok()) return ErrorResponse(found.error());
  if (!found->has_value()) return ErrorResponse(core::NoSuchContainer(NameOf(params)));
  return JsonResponse(200, ContainerJson(**found, deps_.inventory.simulated));
}

http::Response Api::StartContainer(const Caller& caller, const http::ServerRequest& request,
                                   const PathParams& params) const {
  auto uid = Owner(caller, request, params);
  if (!uid.ok()) return ErrorResponse(uid.error());
  return Container(200, deps_.service.Start(caller.actor(), *uid, NameOf(params)));
}

http::Response Api::StopContainer(const Caller& caller, const http::ServerRequest& request,
                                  const PathParams& params) const {
  auto uid = Owner(caller, request, params);
  if (!uid.ok()) return ErrorResponse(uid.error());
  auto timeout = ParseStopBody(request.request.body);
  if (!timeout.ok()) return ErrorResponse(timeout.error());
  return Container(200, deps_.service.Stop(caller.actor(), *uid, NameOf(params), *timeout));
}

http::Response Api::PauseContainer(const Caller& caller, const http::ServerRequest& request,
                                   const PathParams& params) const {
  auto uid = Owner(caller, request, params);
  if (!uid.ok()) return ErrorResponse(uid.error());
  return Container(200, deps_.service.Pause(caller.actor(), *uid, NameOf(params)));
}

http::Response Api::UnpauseContainer(const Caller& caller, const http::ServerRequest& request,
                                     const PathParams& params) const {
  auto uid = Owner(caller, request, params);
  if (!uid.ok()) return ErrorResponse(uid.error());
  return Container(200, deps_.service.Unpause(caller.actor(), *uid, NameOf(params)));
}

http::Response Api::RemoveContainer(const Caller& caller, const http::ServerRequest& request,
                                    const PathParams& params) const {
  auto uid = Owner(caller, request, params);
  if (!uid.ok()) return ErrorResponse(uid.error());
  auto stop = ParseRemoveBody(request.request.body);
  if (!stop.ok()) return ErrorResponse(stop.error());
  Status removed = deps_.service.Remove(caller.actor(), *uid, NameOf(params), *stop);
  if (!removed.ok()) return ErrorResponse(removed.error());
  return JsonResponse(200, {{"removed", NameOf(params)}});
}

http::Response Api::ContainerStats(const Caller& caller, const http::ServerRequest& request,
                                   const PathParams& params) const {
  auto uid = Owner(caller, request, params);
  if (!uid.ok()) return ErrorResponse(uid.error());
  const std::string& name = NameOf(params);
  auto found = core::ContainerViews(deps_.store).Find(*uid, name);
  if (!found.ok()) return ErrorResponse(found.error());
  if (!found->has_value()) return ErrorResponse(core::NoSuchContainer(name));
  if (!IsLive(**found)) {
    return ErrorResponse(
        MakeError(ErrorCode::kConflict,
                  fmt::format("Container {} is {}: only a running container has resource usage",
                              name, store::ContainerStateName((*found)->record.state)),
                  fmt::format("start it first (container-start {})", name)));
  }
  return Stats({**found}, true);
}

http::Response Api::AllStats(const Caller& caller, const http::ServerRequest& request,
                             const PathParams&) const {
  core::ContainerViews views(deps_.store);
  auto scope = deps_.authoriser.ListScope(caller, QueryValue(request.query(), "owner"), views);
  if (!scope.ok()) {
    if (scope.error().code != ErrorCode::kNotFound) return ErrorResponse(scope.error());
    return JsonResponse(200, {{"stats", nlohmann::json::array()}});
  }
  auto all = views.List(*scope);
  if (!all.ok()) return ErrorResponse(all.error());
  std::vector<core::ContainerView> live;
  std::copy_if(all->begin(), all->end(), std::back_inserter(live), IsLive);
  return Stats(live, false);
}

http::Response Api::Gpus(const Caller& caller, const http::ServerRequest&,
                         const PathParams&) const {
  auto all = core::ContainerViews(deps_.store).List();
  if (!all.ok()) return ErrorResponse(all.error());
  return JsonResponse(200, GpusJson(deps_.inventory, *all, caller));
}

http::Response Api::Limits(const Caller& caller, const http::ServerRequest&,
                           const PathParams&) const {
  auto mine = core::ContainerViews(deps_.store).List(caller.identity.uid);
  if (!mine.ok()) return ErrorResponse(mine.error());
  return JsonResponse(200, LimitsJson(caller, deps_.limits(caller.identity.uid), *mine));
}

Result<uid_t> Api::Owner(const Caller& caller, const http::ServerRequest& request,
                         const PathParams& params) const {
  core::ContainerViews views(deps_.store);
  return deps_.authoriser.OwnerOf(caller, QueryValue(request.query(), "owner"), NameOf(params),
                                  views);
}

http::Response Api::Stats(const std::vector<core::ContainerView>& views, bool single) const {
  std::optional<gpu::UsageSnapshot> gpus;
  if (deps_.sampler != nullptr && !deps_.inventory.simulated) gpus = deps_.sampler->Sample();
  nlohmann::json entries = nlohmann::json::array();
  for (std::size_t first = 0; first < views.size(); first += kParallelStats) {
    const std::size_t last = std::min(views.size(), first + kParallelStats);
    std::vector<std::future<Result<docker::ContainerStats>>> samples;
    for (std::size_t i = first; i < last; ++i) {
      samples.push_back(std::async(std::launch::async, [this, id = views[i].record.docker_id] {
        return deps_.engine.Stats(id);
      }));
    }
    for (std::size_t i = first; i < last; ++i) {
      auto sample = samples[i - first].get();
      if (!sample.ok()) {
        if (single) return ErrorResponse(sample.error());
        continue;  // it stopped meanwhile: a listing of many leaves it out
      }
      entries.push_back(StatsJson(views[i], *sample, gpus, deps_.inventory));
    }
  }
  return JsonResponse(200, {{"stats", std::move(entries)}});
}

http::Response Api::Container(int status, const Result<core::ContainerView>& view) const {
  if (!view.ok()) return ErrorResponse(view.error());
  return JsonResponse(status, ContainerJson(*view, deps_.inventory.simulated));
}

}  // namespace ds01::daemon
