#pragma once

#include <optional>
#include <string>

#include "cli/command.h"

namespace ds01::cli {

struct ContainerPauseOptions {
  std::optional<std::string> name;   // omitted on a terminal: a menu of running ones
  std::optional<std::string> owner;  // --owner=USER (admins)
  bool all = false;                  // --all: every running container of the caller (or owner)
};

/// Declares container-pause's flags and NAME on `args`, bound to `options`.
void DeclareContainerPause(ArgSpec& args, ContainerPauseOptions& options);

/// Freezes a running container's processes; its GPUs stay allocated with no timeout.
Status RunContainerPause(Session& session, const ContainerPauseOptions& options);

/// container-pause's entry in the registry.
CommandSpec ContainerPauseCommand();

}  // namespace ds01::cli
