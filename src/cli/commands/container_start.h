#pragma once

#include <optional>
#include <string>

#include "cli/command.h"
#include "cli/target.h"

namespace ds01::cli {

struct ContainerStartOptions {
  std::optional<std::string> name;   // omitted on a terminal: a menu of created/stopped ones
  std::optional<std::string> owner;  // --owner=USER (admins): another user's container
};

/// Declares container-start's flags and NAME on `args`, bound to `options`.
void DeclareContainerStart(ArgSpec& args, ContainerStartOptions& options);

/// Starts a created or stopped container in the background and says which GPUs it runs with.
Status RunContainerStart(Session& session, const ContainerStartOptions& options);

/// Starts `target` and says which GPUs it runs with: container-start's work, which
/// container-run shares.
Status StartContainer(Session& session, const ContainerRef& target);

/// container-start's entry in the registry.
CommandSpec ContainerStartCommand();

}  // namespace ds01::cli
