#pragma once

#include <optional>
#include <string>

#include "cli/command.h"

namespace ds01::cli {

struct ContainerRetireOptions {
  std::optional<std::string> name;   // omitted on a terminal: a menu of every container
  std::optional<std::string> owner;  // --owner=USER (admins)
  bool keep_image = false;           // --keep-image (seed 001): no offer to delete the image
};

/// Declares container retire's flags and NAME on `args`, bound to `options`.
void DeclareContainerRetire(ArgSpec& args, ContainerRetireOptions& options);

/// Stops and removes a container in any state, its GPU freed at once (seed 001's daily
/// "done"): container-remove --stop, asked [y/N] on a terminal unless --force. Then, on a
/// terminal without --force or --keep-image, offers to delete the caller's project image the
/// container ran when no other container of theirs uses it. Scripts are never asked.
Status RunContainerRetire(Session& session, const ContainerRetireOptions& options);

/// container retire's entry in the registry.
CommandSpec ContainerRetireCommand();

}  // namespace ds01::cli
