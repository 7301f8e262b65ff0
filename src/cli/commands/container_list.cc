#include "cli/commands/container_list.h"

#include "cli/commands/format_flag.h"
#include "cli/output/container_view.h"

namespace ds01::cli {

void DeclareContainerList(ArgSpec& args, ContainerListOptions& options) {
  args.Flag("-a,--all", &options.all);
  DeclareFormat(args, options.format);
}

Status RunContainerList(Session& session, const ContainerListOptions& options) {
  session.guide.Step(options.all ? "before_all" : "before");
  auto answer = CallAs<api::ContainerList>(session.daemon, "GET",
                                           options.all ? "/v1/containers?all=1" : "/v1/containers");
  if (!answer.ok()) return std::move(answer).error();
  const std::vector<api::Container>& containers = answer->containers;
  if (containers.empty() && options.format == OutputFormat::kTable) {
    session.out << (options.all ? "No containers. Create one: container-create NAME\n"
                                : "No running or paused containers (container-list --all shows "
                                  "created and stopped ones too).\n");
  } else {
    RenderContainers(session.out, containers, options.format, session.clock.Now(), session.uid);
  }
  session.guide.Step("after");
  return Ok();
}

CommandSpec ContainerListCommand() {
  return {"container-list", "container",
          "list",           "List your containers: state, image, GPU, uptime",
          "container_list", &Bind<ContainerListOptions, DeclareContainerList, RunContainerList>};
}

}  // namespace ds01::cli
