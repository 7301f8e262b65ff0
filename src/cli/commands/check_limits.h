#pragma once

#include "cli/command.h"
#include "cli/output/format.h"

namespace ds01::cli {

struct CheckLimitsOptions {
  OutputFormat format = OutputFormat::kTable;  // --format=table|json|simple
};

/// Declares check-limits' flags on `args`, bound to `options`.
void DeclareCheckLimits(ArgSpec& args, CheckLimitsOptions& options);

/// Shows the caller's effective limits beside their use, and what they hold: the GPUs of their
/// containers, allocated or held after a stop, and stopped containers until their removal.
Status RunCheckLimits(Session& session, const CheckLimitsOptions& options);

/// check-limits' entry in the registry.
CommandSpec CheckLimitsCommand();

}  // namespace ds01::cli
