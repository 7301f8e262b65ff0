#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "cli/command.h"

namespace ds01::cli {

struct ContainerStopOptions {
  std::optional<std::string> name;           // omitted on a terminal: a menu of running/paused ones
  std::optional<std::string> owner;          // --owner=USER (admins)
  std::optional<std::chrono::seconds> time;  // --time=S: grace before the processes are killed
};

/// Declares container-stop's flags and NAME on `args`, bound to `options`.
void DeclareContainerStop(ArgSpec& args, ContainerStopOptions& options);

/// Stops a running or paused container (asking first on a terminal unless --force) and says
/// how long its GPUs stay held for a restart.
Status RunContainerStop(Session& session, const ContainerStopOptions& options);

/// container-stop's entry in the registry.
CommandSpec ContainerStopCommand();

}  // namespace ds01::cli
