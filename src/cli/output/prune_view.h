#pragma once

#include <sys/types.h>

#include <ostream>

#include "api/wire_prune.h"
#include "cli/output/format.h"
#include "common/clock.h"

namespace ds01::cli {

/// What was pruned: the words a prune's output uses for it.
enum class PruneKind { kContainers, kImages };

/// Writes a prune's answer: a line for each container or image removed (in a dry run: that
/// would be) and each one skipped with why, then the space reclaimed; or the answer as JSON; or
/// one removed name a line (an image's full id). Another user's are shown with their owner.
void RenderPruneReport(std::ostream& out, const api::PruneReport& report, PruneKind kind,
                       OutputFormat format, Clock::TimePoint now, uid_t viewer);

}  // namespace ds01::cli
