#pragma once

#include <optional>
#include <string>

#include "cli/command.h"

namespace ds01::cli {

struct ProjectLaunchOptions {
  std::optional<std::string> project;  // omitted on a terminal: a menu of your projects
  bool open = false;                   // --open: a shell once it runs (the default on a terminal)
  bool background = false;             // --background: no shell
  bool rebuild = false;                // --rebuild: build the image even when it exists
  bool yes = false;                    // --yes: build a missing image without asking (scripts)
};

/// Declares project launch's flags and PROJECT on `args`, bound to `options`.
void DeclareProjectLaunch(ArgSpec& args, ProjectLaunchOptions& options);

/// Seed 001's smart launcher: the project's container, running, with its image built first
/// when it is missing (asked on a terminal; --yes otherwise) or --rebuild says so, as many
/// GPUs as its pyproject.toml's [tool.ds01] asks, then a shell (--open, the default on a
/// terminal). A container of the project that is stopped is started again; one that runs
/// already is left as it is, with container-attach named.
Status RunProjectLaunch(Session& session, const ProjectLaunchOptions& options);

/// project launch's entry in the registry.
CommandSpec ProjectLaunchCommand();

}  // namespace ds01::cli
