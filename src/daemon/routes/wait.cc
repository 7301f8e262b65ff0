#include "daemon/routes/wait.h"

#include <fmt/format.h>

#include "api/wire_json.h"
#include "api/wire_stream.h"
#include "daemon/api_response.h"
#include "daemon/hand_over.h"
#include "daemon/routes/recorded_container.h"

namespace ds01::daemon {
namespace {

constexpr std::string_view kWaitProtocol = "ds01-wait";

// No body is read, but {} (as ds01 sends with every action) is not refused.
constexpr RouteTraits kWaiting{Access::kOwnContainer, false, kSmallBodyBytes,
                               EngineUse::kWaitsAlongside};

Error Invalid(std::string message, std::string hint) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(hint));
}

// The query's condition (not-running when there is none); any other key is refused, so that a
// misspelt one is never silently a wait for something else.
Result<docker::WaitCondition> ReadCondition(std::string_view query) {
  if (const auto unknown = UnknownQueryKey(query, {"condition", "owner"})) {
    return Invalid(fmt::format("A wait takes no '{}'", *unknown), "send condition= alone");
  }
  const std::string condition = QueryValue(query, "condition").value_or("not-running");
  if (condition == "not-running") return docker::WaitCondition::kNotRunning;
  if (condition == "next-exit") return docker::WaitCondition::kNextExit;
  if (condition == "removed") return docker::WaitCondition::kRemoved;
  return Invalid(fmt::format("'{}' is not a condition to wait for", condition),
                 "use not-running, next-exit or removed");
}

void Wait(const RouteCall& call, const ApiDeps& deps) {
  auto found = RecordedContainer(call, deps);
  if (!found.ok()) return call.Reply(ErrorResponse(found.error()));
  auto condition = ReadCondition(call.query());
  if (!condition.ok()) return call.Reply(ErrorResponse(condition.error()));
  if (!AsksForHandOver(call, kWaitProtocol)) {
    return call.Reply(ErrorResponse(
        Invalid("The wait comes on a handed-over connection",
                "send Connection: Upgrade and Upgrade: ds01-wait (docs/api.md, \"Wait\")")));
  }
  auto wait = deps.engine.OpenWait(found->record.docker_id, *condition);
  if (!wait.ok()) return call.Reply(ErrorResponse(AsMissing(wait.error(), call, deps)));
  const api::StreamStarted line{wait->chunked, false, wait->early_bytes.size()};
  HandOver(call, kWaitProtocol, [&]() -> Result<HandOff> {
    return HandOff{UniqueFd(wait->socket.Release()), api::DumpWire(line),
                   std::move(wait->early_bytes)};
  });
}

}  // namespace

void AddWaitRoutes(Router& router, const ApiDeps& deps) {
  router.Add("POST", "/v1/containers/{name}/wait", kWaiting, With(deps, Wait));
}

}  // namespace ds01::daemon
