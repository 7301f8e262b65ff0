#include "cli/commands/container_wait.h"

#include <fmt/format.h>

#include "api/wire_requests.h"
#include "cli/exit_status.h"
#include "cli/exit_wait.h"

namespace ds01::cli {
namespace {

// What --then-stop or --then-remove asked for, once the time given has run out.
Status CleanUp(Session& session, const ContainerRef& target, const ContainerWaitOptions& options) {
  if (options.then_remove) {
    api::RemoveRequest remove;
    remove.stop = true;
    auto removed =
        session.daemon.Call("POST", ContainerRoute(target.name, "remove", target.owner), remove);
    if (!removed.ok()) return std::move(removed).error();
    session.err << "Stopped and removed " << target.name << '\n';
  } else if (options.then_stop) {
    auto stopped = session.daemon.Call("POST", ContainerRoute(target.name, "stop", target.owner),
                                       api::StopRequest{});
    if (!stopped.ok()) return std::move(stopped).error();
    session.err << "Stopped " << target.name << '\n';
  }
  return Ok();
}

}  // namespace

void DeclareContainerWait(ArgSpec& args, ContainerWaitOptions& options) {
  args.Name(&options.name);
  args.Text("--owner", "USER", &options.owner);
  args.Option("--condition", "not-running|next-exit|removed",
              [&options](const std::string& value) -> Status {
                if (value != "not-running" && value != "next-exit" && value != "removed") {
                  return UsageError("'" + value + "' is not a condition to wait for",
                                    "use --condition=not-running, next-exit or removed");
                }
                options.condition = value;
                return Ok();
              });
  args.Seconds("--timeout", &options.timeout);
  args.Flag("--then-stop", &options.then_stop);
  args.Flag("--then-remove", &options.then_remove);
}

Status RunContainerWait(Session& session, const ContainerWaitOptions& options) {
  if (!options.name) {
    return UsageError("container-wait needs a container", "container-wait NAME [--timeout=D]");
  }
  if ((options.then_stop || options.then_remove) && !options.timeout) {
    return UsageError("--then-stop and --then-remove act when --timeout runs out",
                      "add --timeout=D, e.g. --timeout=2h");
  }
  if (options.then_stop && options.then_remove) {
    return UsageError("--then-stop and --then-remove do not go together",
                      "--then-remove stops the container too: keep that one");
  }
  const ContainerRef target{*options.name, options.owner.value_or("")};
  session.guide.Step("before", {{"name", target.name}, {"condition", options.condition}});
  auto wait = OpenExitWait(session.daemon, target, options.condition);
  if (!wait.ok()) return std::move(wait).error();
  auto exit = AwaitExit(*wait, options.timeout);
  if (!exit.ok() && exit.error().code == ErrorCode::kTimeout) {
    session.err << fmt::format("{} did not reach {} within {}s\n", target.name, options.condition,
                               options.timeout->count());
    DS01_RETURN_IF_ERROR(CleanUp(session, target, options));
    session.exit_status = kExitTimedOut;
    return Ok();
  }
  if (!exit.ok()) return std::move(exit).error();
  if (!exit->error.empty()) {
    return MakeError(ErrorCode::kUnavailable,
                     fmt::format("The engine could not wait for {}: {}", target.name, exit->error),
                     "run container-wait again; container-list shows its state");
  }
  session.out << exit->status_code << '\n';
  session.guide.Step("after", {{"name", target.name}});
  session.exit_status = exit->status_code;
  return Ok();
}

CommandSpec ContainerWaitCommand() {
  return {"container-wait", "container",
          "wait",           "Wait for a container to stop; exit with its exit code",
          "container_wait", &Bind<ContainerWaitOptions, DeclareContainerWait, RunContainerWait>};
}

}  // namespace ds01::cli
