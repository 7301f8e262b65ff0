#include "cli/commands/image_prune.h"

#include "api/wire_prune.h"
#include "cli/commands/format_flag.h"
#include "cli/output/menu.h"
#include "cli/output/prune_view.h"
#include "http/percent_encode.h"

namespace ds01::cli {

void DeclareImagePrune(ArgSpec& args, ImagePruneOptions& options) {
  args.Flag("--dry-run", &options.dry_run);
  args.Text("--owner", "USER", &options.owner);
  DeclareFormat(args, options.format);
}

Status RunImagePrune(Session& session, const ImagePruneOptions& options) {
  const std::string whose = options.owner ? " of " + *options.owner : "";
  if (session.interactive && !session.force && !options.dry_run &&
      !Confirm(session.in, session.out,
               "Delete the old builds" + whose +
                   " that no image name refers to any more? Your current images stay.")) {
    return MakeError(ErrorCode::kCancelled, "No image was deleted",
                     "answer y, or use --force to prune without asking (--dry-run shows what "
                     "would go)");
  }
  session.guide.Step("before");
  std::string route = "/v1/images/prune";
  if (options.owner) route += "?owner=" + http::PercentEncode(*options.owner);
  auto report = CallAs<api::PruneReport>(session.daemon, "POST", route,
                                         api::ImagePruneRequest{options.dry_run});
  if (!report.ok()) return std::move(report).error();
  if (report->removed.empty() && report->skipped.empty() &&
      options.format == OutputFormat::kTable) {
    session.out << "Nothing to prune: no old builds" << whose
                << " without a name (image-list shows the images you have).\n";
  } else {
    RenderPruneReport(session.out, *report, PruneKind::kImages, options.format, session.clock.Now(),
                      session.uid);
  }
  session.guide.Step("after");
  return Ok();
}

CommandSpec ImagePruneCommand() {
  return {"image-prune", "image",
          "prune",       "Delete the old builds of your projects that no image name refers to",
          "image_prune", &Bind<ImagePruneOptions, DeclareImagePrune, RunImagePrune>};
}

}  // namespace ds01::cli
