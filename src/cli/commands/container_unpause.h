#pragma once

#include <optional>
#include <string>

#include "cli/command.h"

namespace ds01::cli {

struct ContainerUnpauseOptions {
  std::optional<std::string> name;   // omitted on a terminal: a menu of paused ones
  std::optional<std::string> owner;  // --owner=USER (admins)
  bool all = false;                  // --all: every paused container of the caller (or owner)
};

/// Declares container-unpause's flags and NAME on `args`, bound to `options`.
void DeclareContainerUnpause(ArgSpec& args, ContainerUnpauseOptions& options);

/// Resumes a paused container's processes where they left off.
Status RunContainerUnpause(Session& session, const ContainerUnpauseOptions& options);

/// container-unpause's entry in the registry.
CommandSpec ContainerUnpauseCommand();

}  // namespace ds01::cli
