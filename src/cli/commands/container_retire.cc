#include "cli/commands/container_retire.h"

#include "cli/commands/container_remove.h"
#include "cli/target.h"

namespace ds01::cli {

void DeclareContainerRetire(ArgSpec& args, ContainerRetireOptions& options) {
  args.Name(&options.name);
  args.Text("--owner", "USER", &options.owner);
  args.Flag("--keep-image", &options.keep_image);
}

Status RunContainerRetire(Session& session, const ContainerRetireOptions& options) {
  auto target = ResolveTarget(session, options.name, options.owner,
                              {"container retire", "retire", Fit::kRemovableWithStop});
  if (!target.ok()) return std::move(target).error();
  return RemoveContainer(session, *target, /*stop=*/true);
}

CommandSpec ContainerRetireCommand() {
  return {"container-retire",
          "container",
          "retire",
          "Stop and remove a container, freeing its GPU at once",
          "container_retire",
          &Bind<ContainerRetireOptions, DeclareContainerRetire, RunContainerRetire>};
}

}  // namespace ds01::cli
