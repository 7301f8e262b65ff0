#include "cli/commands/container_logs.h"

#include "cli/handed_stream.h"
#include "http/percent_encode.h"

namespace ds01::cli {

void DeclareContainerLogs(ArgSpec& args, ContainerLogsOptions& options) {
  args.Name(&options.name);
  args.Text("--owner", "USER", &options.owner);
  args.Flag("-f,--follow", &options.follow);
  args.Text("--since", "T", &options.since);
  args.Text("--until", "T", &options.until);
  args.Text("-n,--tail", "N", &options.tail);
  args.Flag("-t,--timestamps", &options.timestamps);
  args.Flag("--stdout", &options.stdout_only);
  args.Flag("--stderr", &options.stderr_only);
}

std::string LogsRoute(const ContainerLogsOptions& options) {
  std::string route = ContainerRoute(*options.name, "logs");
  char separator = '?';
  const auto add = [&](std::string_view key, std::string_view value) {
    route.append(1, separator).append(key).append("=").append(http::PercentEncode(value));
    separator = '&';
  };
  if (options.follow) add("follow", "1");
  if (options.since) add("since", *options.since);
  if (options.until) add("until", *options.until);
  if (options.tail) add("tail", *options.tail);
  if (options.timestamps) add("timestamps", "1");
  // --stdout and --stderr together ask for both, as neither does.
  if (options.stdout_only && !options.stderr_only) add("stderr", "0");
  if (options.stderr_only && !options.stdout_only) add("stdout", "0");
  if (options.owner) add("owner", *options.owner);
  return route;
}

Status RunContainerLogs(Session& session, const ContainerLogsOptions& options) {
  if (!options.name) {
    return UsageError("container-logs needs a container",
                      "container-logs NAME (container-list --all shows yours)");
  }
  session.guide.Step("before", {{"name", *options.name}});
  auto logs = session.daemon.OpenHandedStream("GET", LogsRoute(options), "ds01-logs");
  if (!logs.ok()) return std::move(logs).error();
  session.out.flush();
  session.err.flush();
  auto pumped = PumpOutput(*logs, session.stdout_fd, session.stderr_fd);
  if (!pumped.ok()) return std::move(pumped).error();
  session.guide.Step("after", {{"name", *options.name}});
  return Ok();
}

CommandSpec ContainerLogsCommand() {
  return {"container-logs", "container",
          "logs",           "Show what a container has written (stdout and stderr)",
          "container_logs", &Bind<ContainerLogsOptions, DeclareContainerLogs, RunContainerLogs>};
}

}  // namespace ds01::cli
