#include "cli/commands/container_deploy.h"

#include "api/wire_requests.h"
#include "cli/commands/container_attach.h"
#include "cli/commands/container_create.h"
#include "cli/commands/container_start.h"
#include "cli/output/container_view.h"

namespace ds01::cli {

void DeclareContainerDeploy(ArgSpec& args, ContainerDeployOptions& options) {
  args.Name(&options.name);
  args.Flag("--open", &options.open);
  args.Flag("--background", &options.background);
  args.Text("--project", "P", &options.project);
  args.Text("--image", "IMG", &options.image);
  args.Count("--gpu,--gpus", "N", &options.gpus, "give a whole number: --gpu=1");
}

Status RunContainerDeploy(Session& session, const ContainerDeployOptions& options) {
  if (options.open && options.background) {
    return UsageError("--open and --background contradict each other", "give one of them");
  }
  if (!options.name) {
    return UsageError("container deploy needs the container's name",
                      "container deploy my-thesis [--image=IMG]");
  }
  ContainerCreateOptions create;
  create.name = options.name;
  create.project = options.project;
  create.image = options.image;
  create.gpus = options.gpus;
  auto created =
      CallAs<api::Container>(session.daemon, "POST", "/v1/containers", CreateRequest(create));
  if (!created.ok()) return std::move(created).error();
  session.out << "Created " << *options.name << " " << GpuSummary(*created) << '\n';
  const ContainerRef target{*options.name, {}};
  if (Status started = StartContainer(session, target); !started.ok()) {
    // Nothing half made: the container that cannot start goes, and its GPU with it.
    (void)session.daemon.Call("POST", ContainerRoute(target.name, "remove"),
                              api::RemoveRequest{true});
    return started;
  }
  const bool open = options.open || (session.interactive && !options.background);
  if (!open) {
    session.out << "Enter it with container-attach " << target.name << '\n';
    return Ok();
  }
  return OpenShell(session, target);
}

CommandSpec ContainerDeployCommand() {
  return {"container-deploy",
          "container",
          "deploy",
          "Create and start a container from an existing image, then enter it",
          "container_deploy",
          &Bind<ContainerDeployOptions, DeclareContainerDeploy, RunContainerDeploy>};
}

}  // namespace ds01::cli
