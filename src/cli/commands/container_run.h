#pragma once

#include <optional>
#include <string>

#include "cli/command.h"
#include "cli/commands/container_create.h"

namespace ds01::cli {

struct ContainerRunOptions {
  std::optional<std::string> name;   // NAME; with --rm, the IMAGE unless --image gives it
  std::optional<std::string> owner;  // --owner=USER (admins)
  bool remove_at_exit = false;       // --rm: a new container, run once and removed at its exit
  bool detach = false;               // -d/--detach, with --rm: started in the background
  ContainerCreateOptions create;     // with --rm: how it is made, as container-create takes it
};

/// Declares container-run's flags and NAME on `args`, bound to `options`.
void DeclareContainerRun(ArgSpec& args, ContainerRunOptions& options);

/// Without --rm: starts a container (unless it runs already) and opens a shell in it,
/// container-start then container-attach. With --rm: runs a command once in a new container
/// made from IMAGE as container-create makes one (RunOneShot), named NAME or run-XXXXXX.
Status RunContainerRun(Session& session, const ContainerRunOptions& options);

/// container-run's entry in the registry.
CommandSpec ContainerRunCommand();

}  // namespace ds01::cli
