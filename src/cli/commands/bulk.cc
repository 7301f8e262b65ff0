#include "cli/commands/bulk.h"

#include <vector>

#include "cli/target.h"

namespace ds01::cli {

Status ApplyToAll(Session& session, const BulkAction& bulk,
                  const std::optional<std::string>& owner) {
  auto fitting = FittingContainers(session, bulk.fit, owner, Whose::kCallers);
  if (!fitting.ok()) return std::move(fitting).error();
  if (fitting->empty()) {
    session.out << "No " << FitStates(bulk.fit) << " containers to " << bulk.action << ".\n";
    return Ok();
  }
  std::vector<std::pair<std::string, Error>> failures;
  for (const api::Container& container : *fitting) {
    ContainerRef ref = RefTo(container, session.uid);
    auto answer = CallAs<api::Container>(session.daemon, "POST",
                                         ContainerRoute(ref.name, bulk.action, ref.owner),
                                         nlohmann::json::object());
    if (answer.ok()) {
      session.out << bulk.done << ' ' << ref.name << '\n';
    } else {
      failures.emplace_back(ref.name, std::move(answer).error());
    }
  }
  if (failures.empty()) return Ok();
  std::string message = "could not " + std::string(bulk.action) + " " +
                        std::to_string(failures.size()) + " of " + std::to_string(fitting->size()) +
                        " containers";
  for (const auto& [name, error] : failures) message += "\n  " + name + ": " + error.message;
  return MakeError(failures.front().second.code, std::move(message), failures.front().second.hint);
}

}  // namespace ds01::cli
