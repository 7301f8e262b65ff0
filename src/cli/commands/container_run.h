#pragma once

#include <optional>
#include <string>

#include "cli/command.h"

namespace ds01::cli {

struct ContainerRunOptions {
  std::optional<std::string> name;   // omitted on a terminal: a menu of created/stopped ones
  std::optional<std::string> owner;  // --owner=USER (admins)
};

/// Declares container-run's flags and NAME on `args`, bound to `options`.
void DeclareContainerRun(ArgSpec& args, ContainerRunOptions& options);

/// Starts a container (unless it runs already) and opens a shell in it: container-start, then
/// container-attach.
Status RunContainerRun(Session& session, const ContainerRunOptions& options);

/// container-run's entry in the registry.
CommandSpec ContainerRunCommand();

}  // namespace ds01::cli
