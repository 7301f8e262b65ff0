#pragma once

#include <optional>
#include <string>

#include "cli/command.h"
#include "cli/output/format.h"

namespace ds01::cli {

struct ImagePruneOptions {
  bool dry_run = false;                        // --dry-run: say what would go, remove nothing
  std::optional<std::string> owner;            // --owner=USER (admins)
  OutputFormat format = OutputFormat::kTable;  // --format=table|json|simple
};

/// Declares image-prune's flags on `args`, bound to `options`.
void DeclareImagePrune(ArgSpec& args, ImagePruneOptions& options);

/// Deletes the caller's dangling project images, the old builds a rebuild left without a name
/// (an admin's: everyone's, or USER's), in one request, asking first on a terminal unless
/// --force or --dry-run.
Status RunImagePrune(Session& session, const ImagePruneOptions& options);

/// image-prune's entry in the registry.
CommandSpec ImagePruneCommand();

}  // namespace ds01::cli
