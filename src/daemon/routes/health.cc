#include "daemon/routes/health.h"

#include "api/wire_health.h"
#include "core/refusals.h"
#include "daemon/api_response.h"
#include "daemon/wire_views.h"

namespace ds01::daemon {
namespace {

bool Probed(const std::vector<std::string>& test) {
  return !test.empty() && !(test.size() == 1 && test.front() == "NONE");
}

void Health(const RouteCall& call, const ApiDeps& deps) {
  auto found = core::ContainerViews(deps.store).Find(call.owner, call.name());
  if (!found.ok()) return call.Reply(ErrorResponse(found.error()));
  if (!found->has_value()) return call.Reply(ErrorResponse(core::NoSuchContainer(call.name())));
  const core::ContainerView& view = **found;
  auto inspect = deps.engine.Inspect(view.record.docker_id);
  if (!inspect.ok()) return call.Reply(ErrorResponse(inspect.error()));
  api::HealthReport report;
  report.name = view.record.name;
  report.state = WireContainer(view, deps.inventory.simulated).state;
  report.probed = Probed(inspect->healthcheck_test);
  report.status = "none";
  if (report.probed && inspect->state.health) {
    const docker::HealthState& health = *inspect->state.health;
    report.status = health.status;
    report.failing_streak = health.failing_streak;
    for (const docker::HealthLogEntry& entry : health.log) {
      report.probes.push_back({entry.start, entry.end, entry.exit_code, entry.output});
    }
  }
  call.Reply(JsonResponse(200, report));
}

}  // namespace

void AddHealthRoutes(Router& router, const ApiDeps& deps) {
  router.Add("GET", "/v1/containers/{name}/health",
             RouteTraits{Access::kOwnContainer, true, 0, EngineUse::kWaitsAlongside},
             With(deps, Health));
}

}  // namespace ds01::daemon
