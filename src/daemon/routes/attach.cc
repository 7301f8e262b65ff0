#include "daemon/routes/attach.h"

#include <fmt/format.h>

#include "api/wire_json.h"
#include "api/wire_stream.h"
#include "daemon/api_response.h"
#include "daemon/hand_over.h"
#include "daemon/routes/recorded_container.h"

namespace ds01::daemon {
namespace {

constexpr std::string_view kAttachProtocol = "ds01-attach";

// No body is read, but {} (as ds01 sends with every action) is not refused.
constexpr RouteTraits kAttaching{Access::kOwnContainer, false, kSmallBodyBytes,
                                 EngineUse::kWaitsAlongside};

Error Invalid(std::string message, std::string hint) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(hint));
}

void Attach(const RouteCall& call, const ApiDeps& deps) {
  auto found = RecordedContainer(call, deps);
  if (!found.ok()) return call.Reply(ErrorResponse(found.error()));
  if (const auto unknown = UnknownQueryKey(call.query(), {"owner"})) {
    return call.Reply(ErrorResponse(Invalid(fmt::format("An attach takes no '{}'", *unknown),
                                            "send no query: the output is stdout and stderr")));
  }
  if (!AsksForHandOver(call, kAttachProtocol)) {
    return call.Reply(ErrorResponse(
        Invalid("The output comes on a handed-over connection",
                "send Connection: Upgrade and Upgrade: ds01-attach (docs/api.md, \"Attach\")")));
  }
  const std::string& docker_id = found->record.docker_id;
  auto inspect = deps.engine.Inspect(docker_id);
  if (!inspect.ok()) return call.Reply(ErrorResponse(AsMissing(inspect.error(), call, deps)));
  const std::string& status = inspect->state.status;
  if (status != "created" && status != "running" && status != "paused") {
    return call.Reply(ErrorResponse(MakeError(
        ErrorCode::kConflict,
        fmt::format("Container '{}' is {}: there is no process to attach to", call.name(), status),
        fmt::format("read what it wrote with container-logs {}", call.name()))));
  }
  auto attached = deps.engine.OpenAttach(docker_id);
  if (!attached.ok()) return call.Reply(ErrorResponse(AsMissing(attached.error(), call, deps)));
  const api::StreamStarted line{false, inspect->tty, attached->early_bytes.size()};
  HandOver(call, kAttachProtocol, [&]() -> Result<HandOff> {
    return HandOff{std::move(attached->socket), api::DumpWire(line),
                   std::move(attached->early_bytes)};
  });
}

}  // namespace

void AddAttachRoutes(Router& router, const ApiDeps& deps) {
  router.Add("POST", "/v1/containers/{name}/attach", kAttaching, With(deps, Attach));
}

}  // namespace ds01::daemon
