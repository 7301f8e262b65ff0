#pragma once

#include "cli/command.h"
#include "cli/output/format.h"

namespace ds01::cli {

struct ImageListOptions {
  bool all = false;                            // --all: the frameworks' catalogue images too
  OutputFormat format = OutputFormat::kTable;  // --format=table|json|simple
};

/// Declares image-list's flags on `args`, bound to `options`.
void DeclareImageList(ArgSpec& args, ImageListOptions& options);

/// Lists the caller's project images (with --all the catalogue's too), each with the containers
/// made from it, in one request.
Status RunImageList(Session& session, const ImageListOptions& options);

/// image-list's entry in the registry.
CommandSpec ImageListCommand();

}  // namespace ds01::cli
