#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "cli/command.h"

namespace ds01::cli {

struct ContainerWaitOptions {
  std::optional<std::string> name;
  std::optional<std::string> owner;             // --owner=USER (admins)
  std::string condition = "not-running";        // --condition: not-running, next-exit, removed
  std::optional<std::chrono::seconds> timeout;  // --timeout D: none, as long as it takes
  bool then_stop = false;                       // --then-stop: on timeout, stop it
  bool then_remove = false;                     // --then-remove: on timeout, stop and remove it
};

/// Declares container-wait's flags and NAME on `args`, bound to `options`.
void DeclareContainerWait(ArgSpec& args, ContainerWaitOptions& options);

/// Waits until the container reaches the condition, prints its exit code and exits with it.
/// When the timeout passes first: a message, the clean-up asked for, and exit 124. The wait is
/// the engine's, handed over by ds01d, so that it holds nothing of ds01d's however long it is.
Status RunContainerWait(Session& session, const ContainerWaitOptions& options);

/// container-wait's entry in the registry.
CommandSpec ContainerWaitCommand();

}  // namespace ds01::cli
