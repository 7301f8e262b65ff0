#include "daemon/routes/logs.h"

#include <fmt/format.h>

#include "api/wire_json.h"
#include "api/wire_stream.h"
#include "daemon/api_response.h"
#include "daemon/hand_over.h"
#include "daemon/logs_query.h"
#include "daemon/routes/recorded_container.h"

namespace ds01::daemon {
namespace {

constexpr std::string_view kLogsProtocol = "ds01-logs";

constexpr RouteTraits kReading{Access::kOwnContainer, true, 0, EngineUse::kWaitsAlongside};

void Logs(const RouteCall& call, const ApiDeps& deps) {
  auto found = RecordedContainer(call, deps);
  if (!found.ok()) return call.Reply(ErrorResponse(found.error()));
  auto options = ReadLogsQuery(call.query(), deps.clock.Now());
  if (!options.ok()) return call.Reply(ErrorResponse(options.error()));
  const std::string& docker_id = found->record.docker_id;
  auto inspect = deps.engine.Inspect(docker_id);
  if (!inspect.ok()) return call.Reply(ErrorResponse(AsMissing(inspect.error(), call, deps)));
  if (inspect->tty && !options->stdout_stream) {
    return call.Reply(ErrorResponse(
        MakeError(ErrorCode::kInvalidArgument,
                  fmt::format("Container '{}' has a terminal: all it writes is one stream, "
                              "stdout, and none of it is stderr",
                              call.name()),
                  "drop --stderr (stdout=0 in the query)")));
  }
  // Last, so that every judgement above reads the same to a client that cannot take the
  // connection (curl) as to ds01.
  if (!AsksForHandOver(call, kLogsProtocol)) {
    return call.Reply(ErrorResponse(
        MakeError(ErrorCode::kInvalidArgument, "The logs come on a handed-over connection",
                  "send Connection: Upgrade and Upgrade: ds01-logs (docs/api.md, \"Logs\")")));
  }
  auto logs = deps.engine.OpenLogs(docker_id, *options);
  if (!logs.ok()) return call.Reply(ErrorResponse(AsMissing(logs.error(), call, deps)));
  const api::StreamStarted line{logs->chunked, inspect->tty, logs->early_bytes.size()};
  HandOver(call, kLogsProtocol, [&]() -> Result<HandOff> {
    return HandOff{UniqueFd(logs->socket.Release()), api::DumpWire(line),
                   std::move(logs->early_bytes)};
  });
}

}  // namespace

void AddLogsRoutes(Router& router, const ApiDeps& deps) {
  router.Add("GET", "/v1/containers/{name}/logs", kReading, With(deps, Logs));
}

}  // namespace ds01::daemon
