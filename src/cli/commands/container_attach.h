#pragma once

#include <optional>
#include <string>

#include "cli/command.h"
#include "cli/target.h"

namespace ds01::cli {

struct ContainerAttachOptions {
  std::optional<std::string> name;   // omitted on a terminal: a menu of running ones
  std::optional<std::string> owner;  // --owner=USER (admins)
};

/// Declares container-attach's flags and NAME on `args`, bound to `options`.
void DeclareContainerAttach(ArgSpec& args, ContainerAttachOptions& options);

/// Opens a shell in a running container: on a terminal an interactive one (exit or Ctrl-D
/// leave it, the container runs on); otherwise stdin is the shell's script and its exit status
/// ours (seed 000, Scripts 1 and 2).
Status RunContainerAttach(Session& session, const ContainerAttachOptions& options);

/// The shell of container-attach and container-run in the container `target`.
Status OpenShell(Session& session, const ContainerRef& target);

/// container-attach's entry in the registry.
CommandSpec ContainerAttachCommand();

}  // namespace ds01::cli
