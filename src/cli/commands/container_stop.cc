#include "cli/commands/container_stop.h"

#include "api/wire_requests.h"
#include "cli/output/container_view.h"
#include "cli/output/menu.h"
#include "cli/target.h"

namespace ds01::cli {

void DeclareContainerStop(ArgSpec& args, ContainerStopOptions& options) {
  args.Name(&options.name);
  args.Text("--owner", "USER", &options.owner);
  args.Seconds("-t,--time", &options.time);
}

Status RunContainerStop(Session& session, const ContainerStopOptions& options) {
  auto target = ResolveTarget(session, options.name, options.owner,
                              {"container-stop", "stop", Fit::kStoppable});
  if (!target.ok()) return std::move(target).error();
  if (session.interactive && !session.force &&
      !Confirm(session.in, session.out,
               "Stop " + target->name + "? Its processes end; its GPU is held for a while.")) {
    return MakeError(ErrorCode::kCancelled, target->name + " was not stopped",
                     "answer y, or use --force to stop without asking");
  }
  session.guide.Step("before", {{"name", target->name}});
  api::StopRequest request;
  if (options.time) request.time = options.time->count();
  auto stopped = CallAs<api::Container>(
      session.daemon, "POST", ContainerRoute(target->name, "stop", target->owner), request);
  if (!stopped.ok()) return std::move(stopped).error();
  const std::string hold = HoldSummary(*stopped, session.clock.Now());
  session.out << "Stopped " << target->name << " (" << hold << ")\n";
  session.guide.Step("after", {{"name", target->name}, {"hold", hold}});
  return Ok();
}

CommandSpec ContainerStopCommand() {
  return {"container-stop", "container",
          "stop",           "Stop a container; its GPU is held for a while for a restart",
          "container_stop", &Bind<ContainerStopOptions, DeclareContainerStop, RunContainerStop>};
}

}  // namespace ds01::cli
