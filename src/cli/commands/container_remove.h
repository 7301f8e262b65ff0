#pragma once

#include <optional>
#include <string>

#include "cli/command.h"
#include "cli/target.h"

namespace ds01::cli {

struct ContainerRemoveOptions {
  std::optional<std::string> name;   // omitted on a terminal: a menu of removable ones
  std::optional<std::string> owner;  // --owner=USER (admins)
  bool stop = false;                 // --stop: stop it first if it is running or paused
};

/// Declares container-remove's flags and NAME on `args`, bound to `options`.
void DeclareContainerRemove(ArgSpec& args, ContainerRemoveOptions& options);

/// Removes a created or stopped container (any container with --stop), asking first on a
/// terminal unless --force; its GPUs are freed at once, workspace files are kept.
Status RunContainerRemove(Session& session, const ContainerRemoveOptions& options);

/// Removes `target` (stopping it first when `stop`), after a [y/N] on a terminal unless
/// --force: container-remove's work, which container retire shares.
Status RemoveContainer(Session& session, const ContainerRef& target, bool stop);

/// container-remove's entry in the registry.
CommandSpec ContainerRemoveCommand();

}  // namespace ds01::cli
