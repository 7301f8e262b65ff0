#include "cli/commands/container_create.h"

#include "cli/output/container_view.h"
#include "cli/output/menu.h"

namespace ds01::cli {
namespace {

// NAME from the command line or, on a terminal, asked for.
Result<std::string> NameToCreate(Session& session, const std::optional<std::string>& name) {
  if (name) return *name;
  if (!session.interactive) {
    return UsageError("NAME is missing, and there is no terminal to ask for it on",
                      "give it: container-create NAME, e.g. container-create my-thesis --gpu=1");
  }
  return AskLine(session.in, session.out, "Name of the new container:");
}

}  // namespace

void DeclareContainerCreate(ArgSpec& args, ContainerCreateOptions& options) {
  args.Name(&options.name);
  args.Text("--image", "IMG", &options.image);
  args.Text("--project", "P", &options.project);
  args.Text("--workspace", "PATH", &options.workspace);
  args.Count("--gpu,--gpus", "N", &options.gpus,
             "give a whole number of GPUs: --gpu=1 (or --gpu=0 for none)");
  args.Text("--mig", "PROFILE", &options.mig);
  args.Flag("--background", &options.background);
}

api::CreateRequest CreateRequest(const ContainerCreateOptions& options) {
  api::CreateRequest request{.name = options.name.value_or(""),
                             .image = options.image,
                             .project = options.project,
                             .workspace = options.workspace,
                             .gpus = std::nullopt,
                             .mig_profile = options.mig};
  if (!options.mig) request.gpus = options.gpus.value_or(1);
  return request;
}

Status RunContainerCreate(Session& session, const ContainerCreateOptions& given) {
  if (given.mig && given.gpus) {
    return UsageError("--gpu and --mig both ask for GPUs; give one of them",
                      "--gpu=N for whole GPUs, or --mig=PROFILE for one MIG instance");
  }
  auto name = NameToCreate(session, given.name);
  if (!name.ok()) return std::move(name).error();
  ContainerCreateOptions options = given;
  options.name = *name;
  const std::string gpus = options.mig ? "one " + *options.mig + " MIG instance"
                                       : std::to_string(options.gpus.value_or(1)) + " GPU(s)";
  session.guide.Step("before", {{"name", *name}, {"gpus", gpus}});
  auto created =
      CallAs<api::Container>(session.daemon, "POST", "/v1/containers", CreateRequest(options));
  if (!created.ok()) return std::move(created).error();
  session.out << "Created " << *name << " " << GpuSummary(*created) << '\n';
  session.guide.Step("after", {{"name", *name}, {"gpu", GpuSummary(*created)}});
  return Ok();
}

CommandSpec ContainerCreateCommand() {
  return {"container-create",
          "container",
          "create",
          "Create a container and allocate its GPUs (not started)",
          "container_create",
          &Bind<ContainerCreateOptions, DeclareContainerCreate, RunContainerCreate>};
}

}  // namespace ds01::cli
