#include "cli/commands/container_run.h"

#include "cli/commands/container_attach.h"
#include "cli/commands/container_start.h"
#include "cli/target.h"

namespace ds01::cli {

void DeclareContainerRun(ArgSpec& args, ContainerRunOptions& options) {
  args.Name(&options.name);
  args.Text("--owner", "USER", &options.owner);
}

Status RunContainerRun(Session& session, const ContainerRunOptions& options) {
  auto target = ResolveTarget(session, options.name, options.owner,
                              {"container-run", "start and enter", Fit::kStartable});
  if (!target.ok()) return std::move(target).error();
  auto container = CallAs<api::Container>(session.daemon, "GET",
                                          ContainerRoute(target->name, {}, target->owner));
  if (!container.ok()) return std::move(container).error();
  if (container->state != api::ContainerState::kRunning) {
    DS01_RETURN_IF_ERROR(StartContainer(session, *target));
  }
  return OpenShell(session, *target);
}

CommandSpec ContainerRunCommand() {
  return {"container-run", "container",
          "run",           "Start a container and open a shell in it",
          "container_run", &Bind<ContainerRunOptions, DeclareContainerRun, RunContainerRun>};
}

}  // namespace ds01::cli
