#include "cli/commands/gpus.h"

#include "cli/commands/format_flag.h"
#include "cli/output/gpu_view.h"

namespace ds01::cli {

void DeclareGpus(ArgSpec& args, GpusOptions& options) { DeclareFormat(args, options.format); }

Status RunGpus(Session& session, const GpusOptions& options) {
  session.guide.Step("before");
  auto answer = CallAs<api::GpuInventory>(session.daemon, "GET", "/v1/gpus");
  if (!answer.ok()) return std::move(answer).error();
  RenderGpus(session.out, *answer, options.format);
  session.guide.Step("after");
  return Ok();
}

CommandSpec GpusCommand() {
  return {"gpus", "",
          "gpus", "Show the GPUs, their MIG layout and who holds what",
          "gpus", &Bind<GpusOptions, DeclareGpus, RunGpus>};
}

}  // namespace ds01::cli
