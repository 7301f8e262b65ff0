#include "cli/commands/check_limits.h"

#include "api/wire_container.h"
#include "api/wire_limits.h"
#include "cli/commands/format_flag.h"
#include "cli/output/limits_view.h"

namespace ds01::cli {

void DeclareCheckLimits(ArgSpec& args, CheckLimitsOptions& options) {
  DeclareFormat(args, options.format);
}

Status RunCheckLimits(Session& session, const CheckLimitsOptions& options) {
  session.guide.Step("before");
  auto limits = CallAs<api::CallerLimits>(session.daemon, "GET", "/v1/limits");
  if (!limits.ok()) return std::move(limits).error();
  auto containers = CallAs<api::ContainerList>(session.daemon, "GET", "/v1/containers?all=1");
  if (!containers.ok()) return std::move(containers).error();
  RenderLimits(session.out, *limits, containers->containers, options.format, session.clock.Now());
  session.guide.Step("after");
  return Ok();
}

CommandSpec CheckLimitsCommand() {
  return {"check-limits", "check",
          "limits",       "Show your limits, what you use and what you hold",
          "check_limits", &Bind<CheckLimitsOptions, DeclareCheckLimits, RunCheckLimits>};
}

}  // namespace ds01::cli
