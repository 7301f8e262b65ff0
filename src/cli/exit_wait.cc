#include "cli/exit_wait.h"

#include <nlohmann/json.hpp>

#include "cli/handed_stream.h"

namespace ds01::cli {

Result<HandedStream> OpenExitWait(DaemonApi& daemon, const ContainerRef& target,
                                  std::string_view condition) {
  std::string route = ContainerRoute(target.name, "wait", target.owner);
  route += (route.find('?') == std::string::npos ? "?" : "&");
  route += "condition=" + std::string(condition);
  return daemon.OpenHandedStream("POST", route, "ds01-wait");
}

Result<ContainerExit> AwaitExit(HandedStream& wait,
                                std::optional<std::chrono::milliseconds> timeout) {
  auto body = ReadHandedAnswer(wait, timeout);
  if (!body.ok()) return std::move(body).error();
  return ParseContainerExit(*body);
}

Result<ContainerExit> ParseContainerExit(std::string_view body) {
  const nlohmann::json answer = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  const auto code = answer.is_object() ? answer.find("StatusCode") : answer.end();
  if (code == answer.end() || !code->is_number_integer()) {
    return MakeError(
        ErrorCode::kProtocol,
        "The engine's answer to the wait has no exit code: " + std::string(body.substr(0, 200)),
        "check the engine's log");
  }
  ContainerExit exit{code->get<int>(), {}};
  const auto error = answer.find("Error");
  if (error != answer.end() && error->is_object()) {
    const auto message = error->find("Message");
    if (message != error->end() && message->is_string()) exit.error = message->get<std::string>();
  }
  return exit;
}

}  // namespace ds01::cli
