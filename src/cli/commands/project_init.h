#pragma once

#include <optional>
#include <string>

#include "cli/command.h"

namespace ds01::cli {

struct ProjectInitOptions {
  std::optional<std::string> name;  // asked for on a terminal when left out
  std::optional<std::string> type;  // --type: a framework of the catalogue
  std::optional<int> gpus;          // --gpu: [tool.ds01] gpus
  bool quick = false;               // --quick: ask nothing, take the defaults
  bool no_git = false;              // --no-git: no git init
};

/// Declares project init's flags and NAME on `args`, bound to `options`.
void DeclareProjectInit(ArgSpec& args, ProjectInitOptions& options);

/// Creates the project NAME in the caller's workspace root (ds01d says where, and which
/// frameworks its catalogue has): a Dockerfile FROM the framework's base image, pyproject.toml
/// with [tool.ds01], README.md, .gitignore, and a git repository unless --no-git. Never
/// overwrites. On a terminal without --quick it asks for what was left out.
Status RunProjectInit(Session& session, const ProjectInitOptions& options);

/// project init's entry in the registry.
CommandSpec ProjectInitCommand();

}  // namespace ds01::cli
