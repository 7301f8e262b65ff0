#include "cli/target.h"

#include "cli/args.h"
#include "cli/output/container_view.h"
#include "cli/output/menu.h"

namespace ds01::cli {

Result<std::vector<api::Container>> FittingContainers(Session& session, Fit fit,
                                                      const std::optional<std::string>& owner,
                                                      Whose whose) {
  auto answer = CallAs<api::ContainerList>(session.daemon, "GET", "/v1/containers?all=1");
  if (!answer.ok()) return std::move(answer).error();
  std::vector<api::Container> fitting;
  for (api::Container& container : answer->containers) {
    if (!Fits(fit, container.state)) continue;
    if (owner) {
      if (OwnerName(container) != *owner) continue;
    } else if (whose == Whose::kCallers && container.owner.uid != session.uid) {
      continue;
    }
    fitting.push_back(std::move(container));
  }
  return fitting;
}

ContainerRef RefTo(const api::Container& container, uid_t caller) {
  ContainerRef ref{container.name, ""};
  if (container.owner.uid != caller) ref.owner = OwnerName(container);
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
  for (const api::Container& container : *fitting) {
    std::vector<std::string> row{container.name};
    if (owners) row.push_back(OwnerName(container));
    row.emplace_back(api::ContainerStateName(container.state));
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
