#include "cli/commands/container_prune.h"

#include "api/wire_prune.h"
#include "cli/commands/format_flag.h"
#include "cli/output/menu.h"
#include "cli/output/prune_view.h"
#include "common/units.h"
#include "http/percent_encode.h"

namespace ds01::cli {
namespace {

// " of bob not run for longer than 1d 0h": which containers, as the question and the answer
// to nothing pruned name them.
std::string Which(const ContainerPruneOptions& options) {
  std::string which;
  if (options.owner) which += " of " + *options.owner;
  if (options.until) which += " not run for longer than " + FormatDuration(*options.until);
  return which;
}

}  // namespace

void DeclareContainerPrune(ArgSpec& args, ContainerPruneOptions& options) {
  args.Option("--until", "D", [&options](const std::string& value) -> Status {
    auto until = ParseDurationSum(value);
    if (!until.ok()) {
      return UsageError("--until takes a duration, not '" + value + "'",
                        "a whole number and a unit, or several: --until=30m, --until=24h, "
                        "--until=1d12h");
    }
    options.until = *until;
    return Ok();
  });
  args.Flag("--dry-run", &options.dry_run);
  args.Text("--owner", "USER", &options.owner);
  DeclareFormat(args, options.format);
}

Status RunContainerPrune(Session& session, const ContainerPruneOptions& options) {
  if (session.interactive && !session.force && !options.dry_run &&
      !Confirm(session.in, session.out,
               "Remove the created and stopped containers" + Which(options) +
                   "? Their GPUs are freed at once; workspace files are kept.")) {
    return MakeError(ErrorCode::kCancelled, "No container was removed",
                     "answer y, or use --force to prune without asking (--dry-run shows what "
                     "would go)");
  }
  session.guide.Step("before");
  api::ContainerPruneRequest request;
  if (options.until) request.until = options.until->count();
  request.dry_run = options.dry_run;
  std::string route = "/v1/containers/prune";
  if (options.owner) route += "?owner=" + http::PercentEncode(*options.owner);
  auto report = CallAs<api::PruneReport>(session.daemon, "POST", route, request);
  if (!report.ok()) return std::move(report).error();
  if (report->removed.empty() && report->skipped.empty() &&
      options.format == OutputFormat::kTable) {
    session.out << "Nothing to prune: no created or stopped containers" << Which(options) << ".\n";
  } else {
    RenderPruneReport(session.out, *report, PruneKind::kContainers, options.format,
                      session.clock.Now(), session.uid);
  }
  session.guide.Step("after");
  return Ok();
}

CommandSpec ContainerPruneCommand() {
  return {"container-prune",
          "container",
          "prune",
          "Remove your stopped containers, freeing their GPUs (--until: stopped for longer)",
          "container_prune",
          &Bind<ContainerPruneOptions, DeclareContainerPrune, RunContainerPrune>};
}

}  // namespace ds01::cli
