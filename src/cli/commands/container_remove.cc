#include "cli/commands/container_remove.h"

#include "api/wire_requests.h"
#include "cli/output/menu.h"
#include "cli/target.h"

namespace ds01::cli {

void DeclareContainerRemove(ArgSpec& args, ContainerRemoveOptions& options) {
  args.Name(&options.name);
  args.Text("--owner", "USER", &options.owner);
  args.Flag("--stop", &options.stop);
}

Status RunContainerRemove(Session& session, const ContainerRemoveOptions& options) {
  const Fit fit = options.stop ? Fit::kRemovableWithStop : Fit::kRemovable;
  auto target =
      ResolveTarget(session, options.name, options.owner, {"container-remove", "remove", fit});
  if (!target.ok()) return std::move(target).error();
  return RemoveContainer(session, *target, options.stop);
}

Status RemoveContainer(Session& session, const ContainerRef& target, bool stop) {
  if (session.interactive && !session.force &&
      !Confirm(session.in, session.out,
               "Remove " + target.name +
                   "? The container is deleted and its GPU freed; workspace files are kept.")) {
    return MakeError(ErrorCode::kCancelled, target.name + " was not removed",
                     "answer y, or use --force to remove without asking");
  }
  session.guide.Step("before", {{"name", target.name}});
  auto removed = CallAs<api::Removed>(session.daemon, "POST",
                                      ContainerRoute(target.name, "remove", target.owner),
                                      api::RemoveRequest{stop});
  if (!removed.ok()) return std::move(removed).error();
  session.out << "Removed " << target.name << " (GPU freed; workspace files kept)\n";
  session.guide.Step("after", {{"name", target.name}});
  return Ok();
}

CommandSpec ContainerRemoveCommand() {
  return {"container-remove",
          "container",
          "remove",
          "Remove a container and free its GPU at once (workspace files are kept)",
          "container_remove",
          &Bind<ContainerRemoveOptions, DeclareContainerRemove, RunContainerRemove>};
}

}  // namespace ds01::cli
