#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/wire_build.h"
#include "cli/command.h"

namespace ds01::cli {

struct ImageCreateOptions {
  std::optional<std::string> project;  // omitted on a terminal: a menu of your projects
  bool no_cache = false;
  std::optional<std::string> base;  // replaces the Dockerfile's first FROM
};

/// Declares image-create's (and image-update's) PROJECT, --no-cache and --base on `args`.
void DeclareImageCreate(ArgSpec& args, ImageCreateOptions& options);

/// Builds <workspace root>/PROJECT/Dockerfile into ds01-<uid>/PROJECT:latest, showing each step
/// as ds01d runs it.
Status RunImageCreate(Session& session, const ImageCreateOptions& options);

/// image-create, then the containers still on the image it replaced, each with the commands
/// that recreate it from the new one.
Status RunImageUpdate(Session& session, const ImageCreateOptions& options);

/// The build both commands run, and project launch: POST /v1/images/PROJECT/build, its progress
/// shown as it comes. What was built; a failed build is an Error naming the step.
Result<api::BuildLine::Built> BuildProjectImage(Session& session, std::string_view project,
                                                const api::BuildRequest& request);

/// On a terminal, the project the user picks, under `title`, from the projects (directories
/// holding a Dockerfile, with their framework) of their workspace `root` (asked of ds01d when
/// not given); otherwise a usage error naming `command PROJECT`.
Result<std::string> ChooseProject(Session& session, std::optional<std::string> root,
                                  std::string_view title, std::string_view command);

/// The commands that put `container` on its project's newest image (seed 000, Workflow 4).
std::string RecreateCommands(std::string_view container, std::string_view project);

/// image-create's and image-update's entries in the registry.
CommandSpec ImageCreateCommand();
CommandSpec ImageUpdateCommand();

}  // namespace ds01::cli
