#include "cli/commands/container_health.h"

#include <fmt/format.h>

#include "api/wire_health.h"
#include "cli/commands/format_flag.h"
#include "cli/exit_status.h"

namespace ds01::cli {
namespace {

constexpr std::chrono::seconds kDefaultInterval{2};
constexpr std::size_t kShownOutput = 200;  // characters of a probe's output shown

std::string OneLine(std::string_view text) {
  std::string line(text.substr(0, kShownOutput));
  for (char& c : line) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

void Show(Session& session, const api::HealthReport& report, OutputFormat format) {
  if (format == OutputFormat::kJson) {
    session.out << nlohmann::json(report).dump() << '\n';
    return;
  }
  if (!report.probed) {
    session.out << report.name << " has no health check\n";
    return;
  }
  session.out << report.name << ": " << report.status;
  if (report.failing_streak > 0)
    session.out << " (failing " << report.failing_streak << " in a row)";
  session.out << '\n';
  for (const api::HealthProbe& probe : report.probes) {
    session.out << fmt::format("  {}  exit {}  {}\n", probe.start.substr(0, 19), probe.exit_code,
                               OneLine(probe.output));
  }
}

Error NoProbe(const std::string& name) {
  return MakeError(ErrorCode::kConflict, fmt::format("{} has no health check to wait for", name),
                   fmt::format("give it one when creating it: container-remove {0} --stop, then "
                               "container-create {0} --health-cmd 'CMD' (with its other flags)",
                               name));
}

}  // namespace

void DeclareContainerHealth(ArgSpec& args, ContainerHealthOptions& options) {
  args.Name(&options.name);
  args.Text("--owner", "USER", &options.owner);
  args.Flag("--wait", &options.wait);
  args.Seconds("--timeout", &options.timeout);
  args.Seconds("--interval", &options.interval);
  DeclareFormat(args, options.format);
}

Status RunContainerHealth(Session& session, const ContainerHealthOptions& options) {
  if (!options.name) {
    return UsageError("NAME is missing", "container-health NAME [--wait]");
  }
  if ((options.timeout || options.interval) && !options.wait) {
    return UsageError("--timeout and --interval pace --wait", "add --wait");
  }
  const std::chrono::seconds interval = options.interval.value_or(kDefaultInterval);
  if (interval.count() < 1) {
    return UsageError("--interval must be at least 1s", "e.g. --interval=2s");
  }
  const std::string route = ContainerRoute(*options.name, "health", options.owner.value_or(""));
  const auto started = session.clock.Now();
  session.guide.Step("before", {{"name", *options.name}});
  while (true) {
    auto report = CallAs<api::HealthReport>(session.daemon, "GET", route);
    if (!report.ok()) return std::move(report).error();
    if (!options.wait) {
      Show(session, *report, options.format);
      session.guide.Step("after");
      return Ok();
    }
    if (!report->probed) return NoProbe(report->name);
    if (report->status == "healthy" || report->status == "unhealthy") {
      Show(session, *report, options.format);
      if (report->status == "unhealthy") session.exit_status = kExitError;
      return Ok();
    }
    if (options.timeout && session.clock.Now() - started >= *options.timeout) {
      session.err << fmt::format("{} is still {} after {}s\n", report->name, report->status,
                                 options.timeout->count());
      session.exit_status = kExitTimedOut;
      return Ok();
    }
    if (!session.pacer.Wait(interval)) {
      session.exit_status = 130;  // Ctrl-C, as a shell reports it
      return Ok();
    }
  }
}

CommandSpec ContainerHealthCommand() {
  return {"container-health",
          "container",
          "health",
          "Show (or wait for) the verdict of a container's health check",
          "container_health",
          &Bind<ContainerHealthOptions, DeclareContainerHealth, RunContainerHealth>};
}

}  // namespace ds01::cli
