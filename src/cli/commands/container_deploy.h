#pragma once

#include <optional>
#include <string>

#include "cli/command.h"

namespace ds01::cli {

struct ContainerDeployOptions {
  std::optional<std::string> name;
  bool open = false;        // --open: a shell once it runs (the default on a terminal)
  bool background = false;  // --background: no shell
  std::optional<std::string> project;
  std::optional<std::string> image;
  std::optional<int> gpus;
};

/// Declares container deploy's flags and NAME on `args`, bound to `options`.
void DeclareContainerDeploy(ArgSpec& args, ContainerDeployOptions& options);

/// Creates and starts a container from an image that exists (seed 001), then opens a shell
/// in it on a terminal (--open) or leaves it in the background. A start that fails removes
/// the container it created: nothing is left half made.
Status RunContainerDeploy(Session& session, const ContainerDeployOptions& options);

/// container deploy's entry in the registry.
CommandSpec ContainerDeployCommand();

}  // namespace ds01::cli
