#include "daemon/routes/stats.h"

#include <fmt/format.h>

#include <algorithm>
#include <future>

#include "core/refusals.h"
#include "daemon/api_response.h"
#include "daemon/routes/listing.h"
#include "daemon/wire_views.h"

namespace ds01::daemon {
namespace {

// Engine stats samples take about a second each; this many are taken at once.
constexpr std::size_t kParallelStats = 8;

// Samples every view's container; one that cannot be read fails a `single` answer and is left
// out of a listing.
http::Response Sample(const std::vector<core::ContainerView>& views, bool single,
                      const ApiDeps& deps) {
  std::optional<gpu::UsageSnapshot> gpus;
  if (deps.sampler != nullptr && !deps.inventory.simulated) gpus = deps.sampler->Sample();
  api::StatsList answer;
  for (std::size_t first = 0; first < views.size(); first += kParallelStats) {
    const std::size_t last = std::min(views.size(), first + kParallelStats);
    std::vector<std::future<Result<docker::ContainerStats>>> samples;
    for (std::size_t i = first; i < last; ++i) {
      samples.push_back(std::async(std::launch::async, [&deps, id = views[i].record.docker_id] {
        return deps.engine.Stats(id);
      }));
    }
    for (std::size_t i = first; i < last; ++i) {
      auto sample = samples[i - first].get();
      if (!sample.ok()) {
        if (single) return ErrorResponse(sample.error());
        continue;  // it stopped meanwhile: a listing of many leaves it out
      }
      answer.stats.push_back(WireStats(views[i], *sample, gpus, deps.inventory));
    }
  }
  return JsonResponse(200, answer);
}

void OneContainer(const RouteCall& call, const ApiDeps& deps) {
  const std::string& name = call.name();
  auto found = core::ContainerViews(deps.store).Find(call.owner, name);
  if (!found.ok()) return call.Reply(ErrorResponse(found.error()));
  if (!found->has_value()) return call.Reply(ErrorResponse(core::NoSuchContainer(name)));
  if (!(*found)->live()) {
    return call.Reply(ErrorResponse(
        MakeError(ErrorCode::kConflict,
                  fmt::format("Container {} is {}: only a running container has resource usage",
                              name, store::ContainerStateName((*found)->record.state)),
                  fmt::format("start it first (container-start {})", name))));
  }
  call.Reply(Sample({**found}, true, deps));
}

void Everyone(const RouteCall& call, const ApiDeps& deps) {
  auto all = ListedContainers(call, deps);
  if (!all.ok()) return call.Reply(ErrorResponse(all.error()));
  std::vector<core::ContainerView> live;
  std::copy_if(all->begin(), all->end(), std::back_inserter(live),
               [](const core::ContainerView& view) { return view.live(); });
  call.Reply(Sample(live, false, deps));
}

}  // namespace

void AddStatsRoutes(Router& router, const ApiDeps& deps) {
  router.Add("GET", "/v1/containers/{name}/stats",
             RouteTraits{Access::kOwnContainer, true, 0, EngineUse::kWaitsAlongside},
             With(deps, OneContainer));
  router.Add("GET", "/v1/stats", RouteTraits{Access::kAnyUser, true, 0, EngineUse::kWaitsAlongside},
             With(deps, Everyone));
}

}  // namespace ds01::daemon
