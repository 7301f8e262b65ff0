#include "cli/target.h"

#include "cli/args.h"
#include "cli/output/container_view.h"
#include "cli/output/fields.h"
#include "cli/output/menu.h"

namespace ds01::cli {

Result<nlohmann::json> FittingContainers(Session& session, Fit fit,
                                         const std::optional<std::string>& owner, Whose whose) {
  auto answer = session.daemon.Call("GET", "/v1/containers?all=1");
  if (!answer.ok()) return std::move(answer).error();
  nlohmann::json fitting = nlohmann::json::array();
  for (const auto& container : ArrayField(*answer, "containers")) {
    if (!Fits(fit, TextField(container, "state"))) continue;
    if (owner) {
      if (OwnerName(container) != *owner) continue;
    } else if (whose == Whose::kCallers) {
      auto uid = OwnerUid(container);
      if (uid && *uid != session.uid) continue;
    }
    fitting.push_back(container);
  }
  return fitting;
}

ContainerRef RefTo(const nlohmann::json& container, uid_t caller) {
  ContainerRef ref{TextField(container, "name"), ""};
  auto uid = OwnerUid(container);
  if (uid && *uid != caller) ref.owner = OwnerName(container);
  return ref;
}

Result<ContainerRef> ResolveTarget(Session& session, const std::optional<std::string>& name,
                                   const std::optional<std::string>& owner,
                                   const TargetQuery& query) {
  if (name) return ContainerRef{*name, owner.value_or("")};
  if (!session.interactive) {
    return UsageError("NAME is missing, and there is no terminal to choose it on",
                      "give it: " + std::string(query.command) +
                          " NAME (container-list --all shows your containers)");
  }
  auto fitting = FittingContainers(session, query.fit, owner, Whose::kVisible);
  if (!fitting.ok()) return std::move(fitting).error();
  if (fitting->empty()) {
    return MakeError(
        ErrorCode::kNotFound,
        "no container to " + std::string(query.verb) + ": none is " + FitStates(query.fit),
        "container-list --all shows your containers and their states");
  }
  const bool owners = ShowsOthers(*fitting, session.uid);
  const auto now = session.clock.Now();
  std::vector<std::vector<std::string>> rows;
  for (const auto& container : *fitting) {
    std::vector<std::string> row{TextField(container, "name")};
    if (owners) row.push_back(OwnerName(container));
    row.push_back(TextField(container, "state"));
    std::string gpu = GpuCell(container, now);
    row.push_back(gpu == "-" ? "no GPU" : gpu);
    rows.push_back(std::move(row));
  }
  std::string title =
      "Which container to " + std::string(query.verb) + "? (" + FitStates(query.fit) + ")";
  auto chosen = ChooseFromMenu(session.in, session.out, title, rows);
  if (!chosen.ok()) return std::move(chosen).error();
  return RefTo((*fitting)[*chosen], session.uid);
}

}  // namespace ds01::cli
