#include "cli/commands/project_launch.h"

#include <fmt/format.h>

#include <vector>

#include "api/names.h"
#include "api/wire_container.h"
#include "api/wire_images.h"
#include "api/wire_workspace.h"
#include "cli/commands/container_attach.h"
#include "cli/commands/container_create.h"
#include "cli/commands/container_deploy.h"
#include "cli/commands/container_start.h"
#include "cli/commands/image_create.h"
#include "cli/commands/image_delete.h"
#include "cli/output/menu.h"
#include "cli/project_files.h"

namespace ds01::cli {
namespace {

// The caller's container called `name`, if they have one.
Result<std::optional<api::Container>> ExistingContainer(Session& session, const std::string& name) {
  auto found = CallAs<api::Container>(session.daemon, "GET", ContainerRoute(name));
  if (found.ok()) return std::optional<api::Container>(std::move(*found));
  if (found.error().code == ErrorCode::kNotFound) return std::optional<api::Container>();
  return std::move(found).error();
}

// True when the caller has the project's image.
Result<bool> HasImage(Session& session, const std::string& project) {
  auto listed = CallAs<api::ImageList>(session.daemon, "GET", "/v1/images");
  if (!listed.ok()) return std::move(listed).error();
  const std::string reference = ProjectImageReference(project, session.uid);
  for (const api::Image& image : listed->images) {
    if (image.reference == reference) return true;
  }
  return false;
}

// Builds the image when asked to or when it is missing and the user agrees.
Status EnsureImage(Session& session, const std::string& project,
                   const ProjectLaunchOptions& options) {
  if (!options.rebuild) {
    auto has = HasImage(session, project);
    if (!has.ok()) return std::move(has).error();
    if (*has) return Ok();
    const std::string reference = ProjectImageReference(project, session.uid);
    if (!options.yes) {
      if (!session.interactive) {
        return MakeError(ErrorCode::kNotFound,
                         fmt::format("Image {} does not exist yet", reference),
                         fmt::format("build it as part of the launch: project launch {} --yes; "
                                     "or on its own: image-create {}",
                                     project, project));
      }
      if (!Confirm(session.in, session.out,
                   fmt::format("Image {} does not exist yet. Build it now?", reference))) {
        return MakeError(
            ErrorCode::kCancelled, "Nothing was launched",
            fmt::format("build the image with image-create {}, then launch again", project));
      }
    }
  }
  session.guide.Step("build", {{"project", project}});
  auto built = BuildProjectImage(session, project, api::BuildRequest{});
  if (!built.ok()) return std::move(built).error();
  return Ok();
}

Error AlreadyRunning(const std::string& name) {
  return MakeError(ErrorCode::kConflict,
                   fmt::format("Container {} already exists and is running", name),
                   fmt::format("enter it with: container-attach {0}; or start afresh: container "
                               "retire {0}, then project launch {0}",
                               name));
}

}  // namespace

void DeclareProjectLaunch(ArgSpec& args, ProjectLaunchOptions& options) {
  args.Name(&options.project);
  args.Flag("--open", &options.open);
  args.Flag("--background", &options.background);
  args.Flag("--rebuild", &options.rebuild);
  args.Flag("-y,--yes", &options.yes);
}

Status RunProjectLaunch(Session& session, const ProjectLaunchOptions& options) {
  if (options.open && options.background) {
    return UsageError("--open and --background contradict each other", "give one of them");
  }
  auto workspace = CallAs<api::Workspace>(session.daemon, "GET", "/v1/workspace");
  if (!workspace.ok()) return std::move(workspace).error();
  auto project = options.project ? Result<std::string>(*options.project)
                                 : ChooseProject(session, workspace->root,
                                                 "Select a project to launch:", "project launch");
  if (!project.ok()) return std::move(project).error();
  DS01_RETURN_IF_ERROR(api::ValidateProjectName(*project));
  auto settings = ReadProjectSettings(workspace->root + "/" + *project);
  if (!settings.ok()) return std::move(settings).error();
  const bool open = options.open || (session.interactive && !options.background);
  session.guide.Step("before", {{"project", *project}});

  auto existing = ExistingContainer(session, *project);
  if (!existing.ok()) return std::move(existing).error();
  if (*existing && !options.rebuild) {
    const api::Container& container = **existing;
    if (container.state == api::ContainerState::kRunning) return AlreadyRunning(*project);
    session.guide.Step("restart", {{"project", *project}});
    const ContainerRef target{*project, {}};
    DS01_RETURN_IF_ERROR(StartContainer(session, target));
    if (open) DS01_RETURN_IF_ERROR(OpenShell(session, target));
    if (!open) session.out << "Enter it with container-attach " << *project << '\n';
    session.guide.Step("after", {{"project", *project}});
    return Ok();
  }
  if (*existing) {
    return MakeError(
        ErrorCode::kConflict,
        fmt::format("Container {} exists: --rebuild would leave it on the old image", *project),
        fmt::format("retire it first: container retire {0}, then project launch {0} "
                    "--rebuild",
                    *project));
  }

  DS01_RETURN_IF_ERROR(EnsureImage(session, *project, options));
  session.guide.Step("create", {{"project", *project}, {"gpus", std::to_string(settings->gpus)}});
  ContainerCreateOptions create;
  create.name = *project;
  create.project = *project;
  create.gpus = settings->gpus;
  DS01_RETURN_IF_ERROR(CreateStartAndEnter(session, create, open));
  session.guide.Step("after", {{"project", *project}});
  return Ok();
}

CommandSpec ProjectLaunchCommand() {
  return {"project-launch",
          "project",
          "launch",
          "Launch a project: build its image if needed, then create, start and enter it",
          "project_launch",
          &Bind<ProjectLaunchOptions, DeclareProjectLaunch, RunProjectLaunch>};
}

}  // namespace ds01::cli
