#pragma once

#include "cli/command.h"
#include "cli/output/format.h"

namespace ds01::cli {

struct GpusOptions {
  OutputFormat format = OutputFormat::kTable;  // --format=table|json|simple
};

/// Declares the gpus command's flags on `args`, bound to `options`.
void DeclareGpus(ArgSpec& args, GpusOptions& options);

/// Shows the GPU inventory, its MIG layout and who holds what (your holdings; an admin sees
/// everyone's), marked simulated when the GPUs come from the config.
Status RunGpus(Session& session, const GpusOptions& options);

/// gpus' entry in the registry.
CommandSpec GpusCommand();

}  // namespace ds01::cli
