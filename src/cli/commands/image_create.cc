#include "cli/commands/image_create.h"

#include <fmt/format.h>

#include <vector>

#include "api/wire_workspace.h"
#include "cli/output/build_view.h"
#include "cli/output/menu.h"
#include "cli/project_files.h"
#include "http/percent_encode.h"

namespace ds01::cli {
namespace {

Error BuildFailed(std::string_view project, const api::BuildLine::Failed& failed) {
  std::string message = fmt::format("The build of {} failed", project);
  if (failed.step) {
    message += fmt::format(" at step {}/{} ({})", failed.step->number, failed.step->of,
                           failed.step->instruction);
  }
  message += ": " + failed.error.message;
  std::string hint = failed.error.hint;
  if (failed.step) {
    hint = fmt::format(
        "fix that step in the project's Dockerfile, then image-create {} again; the image "
        "you had is unchanged",
        project);
  }
  // A step that failed exits 1, as docker build does; a refusal keeps its own status.
  const ErrorCode code = failed.step ? ErrorCode::kInternal : failed.error.code;
  return MakeError(code, std::move(message), std::move(hint));
}

Result<std::string> ProjectOf(Session& session, const ImageCreateOptions& options,
                              std::string_view command) {
  if (options.project) return *options.project;
  return ChooseProject(session, std::nullopt, "Which project to build?", command);
}

api::BuildRequest RequestOf(const ImageCreateOptions& options) {
  return api::BuildRequest{options.base.value_or(""), options.no_cache};
}

}  // namespace

Result<std::string> ChooseProject(Session& session, std::optional<std::string> root,
                                  std::string_view title, std::string_view command) {
  if (!session.interactive) {
    return UsageError("PROJECT is missing, and there is no terminal to choose it on",
                      fmt::format("give it: {} PROJECT (the directory in your workspace that "
                                  "holds the Dockerfile)",
                                  command));
  }
  if (!root) {
    auto workspace = CallAs<api::Workspace>(session.daemon, "GET", "/v1/workspace");
    if (!workspace.ok()) return std::move(workspace).error();
    root = workspace->root;
  }
  const std::vector<ProjectEntry> projects = ListProjects(*root);
  if (projects.empty()) {
    return MakeError(ErrorCode::kNotFound,
                     "No project with a Dockerfile in your workspace (" + *root + ")",
                     "start one with: project init NAME");
  }
  std::vector<std::vector<std::string>> rows;
  for (const ProjectEntry& project : projects) {
    const std::string& framework = project.settings.framework;
    rows.push_back({project.name, framework.empty() ? "" : "(" + framework + ")"});
  }
  auto chosen = ChooseFromMenu(session.in, session.out, title, rows);
  if (!chosen.ok()) return std::move(chosen).error();
  return projects[*chosen].name;
}

void DeclareImageCreate(ArgSpec& args, ImageCreateOptions& options) {
  args.Name(&options.project);
  args.Flag("--no-cache", &options.no_cache);
  args.Text("--base", "IMAGE", &options.base);
}

Result<api::BuildLine::Built> BuildProjectImage(Session& session, std::string_view project,
                                                const api::BuildRequest& request) {
  session.out << "Building image of project " << project << "\n";
  session.out.flush();
  BuildView view(session.out, session.interactive, session.clock);
  std::optional<api::BuildLine> outcome;
  const std::string target = "/v1/images/" + http::PercentEncode(project) + "/build";
  const Status streamed =
      session.daemon.Stream("POST", target, nlohmann::json(request),
                            [&](std::string_view, const nlohmann::json& value) -> Status {
                              auto line = ReadAnswer<api::BuildLine>(value, "POST", target);
                              if (!line.ok()) return std::move(line).error();
                              if (line->built || line->failed) {
                                outcome = std::move(*line);
                              } else {
                                view.Show(*line);
                              }
                              return Ok();
                            });
  view.Finish();
  if (!streamed.ok()) return streamed.error();
  if (!outcome) {
    return MakeError(ErrorCode::kUnavailable,
                     fmt::format("ds01d ended the build of {} without saying how it went", project),
                     "image-list shows whether the image was built; if not, run it again");
  }
  if (outcome->failed) return BuildFailed(project, *outcome->failed);
  session.out << fmt::format("Built {} in {}\n", outcome->built->image, view.Elapsed());
  return *outcome->built;
}

std::string RecreateCommands(std::string_view container, std::string_view project) {
  if (container == project) {
    return fmt::format("container-remove {0} --stop && container-create {0}", container);
  }
  return fmt::format("container-remove {0} --stop && container-create {0} --project={1}", container,
                     project);
}

Status RunImageCreate(Session& session, const ImageCreateOptions& options) {
  auto project = ProjectOf(session, options, "image-create");
  if (!project.ok()) return std::move(project).error();
  session.guide.Step("before", {{"project", *project}});
  auto built = BuildProjectImage(session, *project, RequestOf(options));
  if (!built.ok()) return std::move(built).error();
  session.guide.Step("after", {{"project", *project}, {"image", built->image}});
  return Ok();
}

Status RunImageUpdate(Session& session, const ImageCreateOptions& options) {
  auto project = ProjectOf(session, options, "image-update");
  if (!project.ok()) return std::move(project).error();
  session.guide.Step("before", {{"project", *project}});
  auto built = BuildProjectImage(session, *project, RequestOf(options));
  if (!built.ok()) return std::move(built).error();
  if (!built->replaced) {
    session.out << "The image did not change: every step came from the cache.\n";
  } else if (built->still_on_replaced.empty()) {
    session.out << "No container of yours was made from the previous image.\n";
  } else {
    session.out << "These containers still run the previous image; recreate each to use the "
                   "new one (its workspace files are kept):\n";
    for (const std::string& container : built->still_on_replaced) {
      session.out << "  " << RecreateCommands(container, *project) << "\n";
    }
  }
  session.guide.Step("after", {{"project", *project}, {"image", built->image}});
  return Ok();
}

CommandSpec ImageCreateCommand() {
  return {"image-create", "image",
          "create",       "Build your project's image from its Dockerfile",
          "image_create", &Bind<ImageCreateOptions, DeclareImageCreate, RunImageCreate>};
}

CommandSpec ImageUpdateCommand() {
  return {
      "image-update", "image",
      "update",       "Rebuild your project's image and name the containers still on the old one",
      "image_update", &Bind<ImageCreateOptions, DeclareImageCreate, RunImageUpdate>};
}

}  // namespace ds01::cli
