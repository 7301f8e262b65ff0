#include "cli/commands/container_exec.h"

#include <unistd.h>

#include "cli/exec_session.h"
#include "cli/target.h"

namespace ds01::cli {

void DeclareContainerExec(ArgSpec& args, ContainerExecOptions& options) {
  args.Name(&options.name);
  args.Text("--owner", "USER", &options.owner);
  args.Flag("-d,--detach", &options.detach);
  args.List("-e,--env", "K=V", &options.env);
  args.Text("-w,--workdir", "DIR", &options.workdir);
  args.Text("-u,--user", "USER", &options.user);
  args.Flag("-t,--tty", &options.tty);
  args.Option("--format", "json", [&options](const std::string& value) -> Status {
    if (value != "json") {
      return MakeError(ErrorCode::kInvalidArgument,
                       "--format takes json (the output as records), not '" + value + "'");
    }
    options.json = true;
    return Ok();
  });
  args.Command(&options.command);
}

Status RunContainerExec(Session& session, const ContainerExecOptions& options) {
  if (!options.name || options.command.empty()) {
    return UsageError("container-exec needs a container and a command",
                      "container-exec NAME -- COMMAND [ARG…]");
  }
  if (options.tty && options.detach) {
    return UsageError("-t and --detach do not go together: nobody would read the terminal",
                      "drop one of them");
  }
  if (options.json && (options.tty || options.detach)) {
    return UsageError("--format json records the output of a command without a terminal",
                      "drop -t or --detach");
  }
  if (options.tty && ::isatty(session.stdin_fd) != 1) {
    return UsageError("-t gives the command a terminal, but stdin is not one",
                      "run it from a terminal, or drop -t to pass stdin through");
  }
  api::ExecRequest request;
  request.cmd = options.command;
  for (const std::string& pair : options.env) {
    const std::size_t equals = pair.find('=');
    if (equals == std::string::npos || equals == 0) {
      return UsageError("-e takes NAME=value, not '" + pair + "'", "e.g. -e SEED=1");
    }
    request.env[pair.substr(0, equals)] = pair.substr(equals + 1);
  }
  request.workdir = options.workdir.value_or("");
  request.user = options.user.value_or("");
  request.tty = options.tty;
  request.detach = options.detach;
  const ContainerRef target{*options.name, options.owner.value_or("")};
  session.guide.Step("before", {{"name", target.name}});
  if (options.detach) {
    auto started = CallAs<api::ExecStarted>(
        session.daemon, "POST", ContainerRoute(target.name, "exec", target.owner), request);
    if (!started.ok()) return std::move(started).error();
    session.out << "Running in the background in " << target.name << '\n';
    return Ok();
  }
  LocalStdio stdio = StdioFor(session, options.tty, TerminalStdin::kKeep);
  stdio.json = options.json;
  request.stdin_open = stdio.in >= 0;
  DS01_RETURN_IF_ERROR(RunInContainer(session, target, request, stdio));
  session.guide.Step("after", {{"name", target.name}});
  return Ok();
}

CommandSpec ContainerExecCommand() {
  return {"container-exec", "container",
          "exec",           "Run a command in a running container",
          "container_exec", &Bind<ContainerExecOptions, DeclareContainerExec, RunContainerExec>};
}

}  // namespace ds01::cli
