#pragma once

#include "cli/command.h"
#include "cli/output/format.h"

namespace ds01::cli {

struct ContainerListOptions {
  bool all = false;                            // --all: created and stopped ones too
  OutputFormat format = OutputFormat::kTable;  // --format=table|json|simple
};

/// Declares container-list's flags on `args`, bound to `options`.
void DeclareContainerList(ArgSpec& args, ContainerListOptions& options);

/// Lists the caller's containers (everyone's, with owners, for an admin) in one request.
Status RunContainerList(Session& session, const ContainerListOptions& options);

/// container-list's entry in the registry.
CommandSpec ContainerListCommand();

}  // namespace ds01::cli
