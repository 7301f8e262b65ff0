#include "cli/commands/container_attach.h"

#include <unistd.h>

#include "cli/exec_session.h"
#include "cli/target.h"

namespace ds01::cli {

void DeclareContainerAttach(ArgSpec& args, ContainerAttachOptions& options) {
  args.Name(&options.name);
  args.Text("--owner", "USER", &options.owner);
}

Status OpenShell(Session& session, const ContainerRef& target) {
  const bool terminal = ::isatty(session.stdin_fd) == 1 && ::isatty(session.stdout_fd) == 1;
  api::ExecRequest request;
  request.shell = true;
  request.tty = terminal;
  request.stdin_open = true;
  return RunInContainer(session, target, request,
                        StdioFor(session, terminal, TerminalStdin::kPass));
}

Status RunContainerAttach(Session& session, const ContainerAttachOptions& options) {
  auto target = ResolveTarget(session, options.name, options.owner,
                              {"container-attach", "attach to", Fit::kEnterable});
  if (!target.ok()) return std::move(target).error();
  session.guide.Step("before", {{"name", target->name}});
  DS01_RETURN_IF_ERROR(OpenShell(session, *target));
  session.guide.Step("after", {{"name", target->name}});
  return Ok();
}

CommandSpec ContainerAttachCommand() {
  return {"container-attach",
          "container",
          "attach",
          "Open a shell in a running container",
          "container_attach",
          &Bind<ContainerAttachOptions, DeclareContainerAttach, RunContainerAttach>};
}

}  // namespace ds01::cli
