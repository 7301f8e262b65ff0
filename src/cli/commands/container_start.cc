#include "cli/commands/container_start.h"

#include "cli/output/container_view.h"
#include "cli/target.h"

namespace ds01::cli {

void DeclareContainerStart(ArgSpec& args, ContainerStartOptions& options) {
  args.Name(&options.name);
  args.Text("--owner", "USER", &options.owner);
}

Status RunContainerStart(Session& session, const ContainerStartOptions& options) {
  auto target = ResolveTarget(session, options.name, options.owner,
                              {"container-start", "start", Fit::kStartable});
  if (!target.ok()) return std::move(target).error();
  return StartContainer(session, *target);
}

Status StartContainer(Session& session, const ContainerRef& target) {
  session.guide.Step("before", {{"name", target.name}});
  auto started = CallAs<api::Container>(session.daemon, "POST",
                                        ContainerRoute(target.name, "start", target.owner),
                                        nlohmann::json::object());
  if (!started.ok()) return std::move(started).error();
  session.out << "Started " << target.name << " " << GpuSummary(*started) << '\n';
  session.guide.Step("after", {{"name", target.name}, {"gpu", GpuSummary(*started)}});
  return Ok();
}

CommandSpec ContainerStartCommand() {
  return {
      "container-start", "container",
      "start",           "Start a created or stopped container in the background",
      "container_start", &Bind<ContainerStartOptions, DeclareContainerStart, RunContainerStart>};
}

}  // namespace ds01::cli
