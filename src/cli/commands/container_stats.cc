#include "cli/commands/container_stats.h"

#include <sstream>

#include "cli/commands/format_flag.h"
#include "cli/output/stats_view.h"

namespace ds01::cli {
namespace {

// Clears a terminal and puts the cursor home, so that each redraw replaces the last.
constexpr std::string_view kClearScreen = "\x1b[H\x1b[2J";

Status ShowOnce(Session& session, const ContainerStatsOptions& options, const std::string& route) {
  auto answer = CallAs<api::StatsList>(session.daemon, "GET", route);
  if (!answer.ok()) return std::move(answer).error();
  // Render first and write once, so a redraw never shows half a table.
  std::ostringstream frame;
  const std::vector<api::StatsEntry>& stats = answer->stats;
  if (stats.empty() && options.format == OutputFormat::kTable) {
    frame << "No running containers.\n";
  } else {
    RenderStats(frame, stats, options.format);
  }
  if (options.watch && session.interactive) session.out << kClearScreen;
  session.out << frame.str() << std::flush;
  return Ok();
}

}  // namespace

void DeclareContainerStats(ArgSpec& args, ContainerStatsOptions& options) {
  args.Name(&options.name);
  args.Text("--owner", "USER", &options.owner);
  args.Flag("-w,--watch", &options.watch);
  DeclareFormat(args, options.format);
}

Status RunContainerStats(Session& session, const ContainerStatsOptions& options) {
  if (options.owner && !options.name) {
    return UsageError("--owner needs a NAME", "container-stats NAME --owner=USER");
  }
  const std::string route = options.name
                                ? ContainerRoute(*options.name, "stats", options.owner.value_or(""))
                                : "/v1/stats";
  session.guide.Step("before", {{"what", options.name.value_or("your running containers")}});
  DS01_RETURN_IF_ERROR(ShowOnce(session, options, route));
  if (options.watch) {
    while (session.pacer.Wait(kStatsInterval)) {
      DS01_RETURN_IF_ERROR(ShowOnce(session, options, route));
    }
  }
  session.guide.Step("after");
  return Ok();
}

CommandSpec ContainerStatsCommand() {
  return {
      "container-stats", "container",
      "stats",           "Show CPU, memory and GPU use of running containers",
      "container_stats", &Bind<ContainerStatsOptions, DeclareContainerStats, RunContainerStats>};
}

}  // namespace ds01::cli
