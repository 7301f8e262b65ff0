#include "cli/commands/container_pause.h"

#include "cli/commands/bulk.h"
#include "cli/output/container_view.h"
#include "cli/target.h"

namespace ds01::cli {

void DeclareContainerPause(ArgSpec& args, ContainerPauseOptions& options) {
  args.Name(&options.name);
  args.Text("--owner", "USER", &options.owner);
  args.Flag("-a,--all", &options.all);
}

Status RunContainerPause(Session& session, const ContainerPauseOptions& options) {
  if (options.all && options.name) {
    return UsageError("give NAME or --all, not both",
                      "container-pause NAME for one container, container-pause --all for all");
  }
  if (options.all) {
    session.guide.Step("before", {{"name", "your running containers"}});
    DS01_RETURN_IF_ERROR(ApplyToAll(session, {"pause", "Paused", Fit::kPausable}, options.owner));
    session.guide.Step("after", {{"name", "your running containers"}});
    return Ok();
  }
  auto target = ResolveTarget(session, options.name, options.owner,
                              {"container-pause", "pause", Fit::kPausable});
  if (!target.ok()) return std::move(target).error();
  session.guide.Step("before", {{"name", target->name}});
  auto answer = CallAs<api::Container>(session.daemon, "POST",
                                       ContainerRoute(target->name, "pause", target->owner),
                                       nlohmann::json::object());
  if (!answer.ok()) return std::move(answer).error();
  session.out << "Paused " << target->name << " " << GpuSummary(*answer) << '\n';
  session.guide.Step("after", {{"name", target->name}});
  return Ok();
}

CommandSpec ContainerPauseCommand() {
  return {
      "container-pause", "container",
      "pause",           "Pause a running container: its processes freeze, its GPU stays allocated",
      "container_pause", &Bind<ContainerPauseOptions, DeclareContainerPause, RunContainerPause>};
}

}  // namespace ds01::cli
