#include "cli/commands/container_run.h"

#include <fmt/format.h>

#include <random>

#include "cli/commands/container_attach.h"
#include "cli/commands/container_start.h"
#include "cli/one_shot_run.h"
#include "cli/target.h"

namespace ds01::cli {
namespace {

// A name for a run nobody named: run- and six hex digits.
std::string RunName() {
  std::random_device random;
  return fmt::format("run-{:06x}", random() & 0xffffffu);
}

Status RunOnce(Session& session, const ContainerRunOptions& options) {
  if (options.owner) {
    return UsageError("container-run --rm makes a container of your own", "drop --owner");
  }
  ContainerCreateOptions create = options.create;
  if (create.image) {
    create.name = options.name.value_or(RunName());
  } else if (options.name) {
    create.image = options.name;
    create.name = RunName();
  } else {
    return UsageError("container-run --rm needs the image to run",
                      "container-run --rm IMAGE -- COMMAND…, e.g. container-run --rm "
                      "python:3.12 -- python -c 'print(1)'");
  }
  auto request = CreateRequest(create);
  if (!request.ok()) return std::move(request).error();
  return RunOneShot(session, std::move(*request), options.detach);
}

}  // namespace

void DeclareContainerRun(ArgSpec& args, ContainerRunOptions& options) {
  args.Name(&options.name);
  args.Text("--owner", "USER", &options.owner);
  args.Flag("--rm", &options.remove_at_exit);
  args.Flag("-d,--detach", &options.detach);
  DeclareCreateFlags(args, options.create);
}

Status RunContainerRun(Session& session, const ContainerRunOptions& options) {
  if (options.remove_at_exit) return RunOnce(session, options);
  if (options.detach || options.create != ContainerCreateOptions{}) {
    return UsageError(
        "These options make a new container, which container-run does with --rm",
        "run a command once: container-run --rm IMAGE [options] -- COMMAND…; keep a container: "
        "container-create NAME [options], then container-run NAME");
  }
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
          "run",           "Start a container and open a shell in it, or run a command once (--rm)",
          "container_run", &Bind<ContainerRunOptions, DeclareContainerRun, RunContainerRun>};
}

}  // namespace ds01::cli
