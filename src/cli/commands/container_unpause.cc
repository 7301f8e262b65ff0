#include "cli/commands/container_unpause.h"

#include "cli/commands/bulk.h"
#include "cli/output/container_view.h"
#include "cli/target.h"

namespace ds01::cli {

void DeclareContainerUnpause(ArgSpec& args, ContainerUnpauseOptions& options) {
  args.Name(&options.name);
  args.Text("--owner", "USER", &options.owner);
  args.Flag("-a,--all", &options.all);
}

Status RunContainerUnpause(Session& session, const ContainerUnpauseOptions& options) {
  if (options.all && options.name) {
    return UsageError("give NAME or --all, not both",
                      "container-unpause NAME for one container, container-unpause --all for all");
  }
  if (options.all) {
    session.guide.Step("before", {{"name", "your paused containers"}});
    DS01_RETURN_IF_ERROR(
        ApplyToAll(session, {"unpause", "Unpaused", Fit::kUnpausable}, options.owner));
    session.guide.Step("after", {{"name", "your paused containers"}});
    return Ok();
  }
  auto target = ResolveTarget(session, options.name, options.owner,
                              {"container-unpause", "unpause", Fit::kUnpausable});
  if (!target.ok()) return std::move(target).error();
  session.guide.Step("before", {{"name", target->name}});
  auto answer = CallAs<api::Container>(session.daemon, "POST",
                                       ContainerRoute(target->name, "unpause", target->owner),
                                       nlohmann::json::object());
  if (!answer.ok()) return std::move(answer).error();
  session.out << "Unpaused " << target->name << " " << GpuSummary(*answer) << '\n';
  session.guide.Step("after", {{"name", target->name}});
  return Ok();
}

CommandSpec ContainerUnpauseCommand() {
  return {"container-unpause",
          "container",
          "unpause",
          "Resume a paused container where it left off",
          "container_unpause",
          &Bind<ContainerUnpauseOptions, DeclareContainerUnpause, RunContainerUnpause>};
}

}  // namespace ds01::cli
