#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "cli/command.h"
#include "cli/output/format.h"

namespace ds01::cli {

struct ContainerPruneOptions {
  std::optional<std::chrono::seconds> until;   // --until=D: only those not run for longer than D
  bool dry_run = false;                        // --dry-run: say what would go, remove nothing
  std::optional<std::string> owner;            // --owner=USER (admins)
  OutputFormat format = OutputFormat::kTable;  // --format=table|json|simple
};

/// Declares container-prune's flags on `args`, bound to `options`.
void DeclareContainerPrune(ArgSpec& args, ContainerPruneOptions& options);

/// Removes the caller's created and stopped containers (an admin's: everyone's, or USER's) in
/// one request, asking first on a terminal unless --force or --dry-run; their GPUs are freed at
/// once, workspace files are kept.
Status RunContainerPrune(Session& session, const ContainerPruneOptions& options);

/// container-prune's entry in the registry.
CommandSpec ContainerPruneCommand();

}  // namespace ds01::cli
