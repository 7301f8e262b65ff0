#pragma once

#include <ostream>
#include <string>

#include "api/wire_gpus.h"
#include "cli/output/format.h"

namespace ds01::cli {

/// The HOLDER column of one slot: "alice/my-thesis (running)", "taken" (another user's, not
/// shown to you), or "free".
std::string HolderCell(const api::GpuSlot& slot);

/// Writes the gpus command's output for the daemon's GET /v1/gpus answer: a line naming the
/// source ("simulated" when the GPUs are declared in the config), then the table
/// GPU MODEL MEMORY SLOT PROFILE HOLDER with one row per slot (MIG instances under their GPU);
/// or the answer as JSON; or for scripts one line per slot: "slot uuid holder".
void RenderGpus(std::ostream& out, const api::GpuInventory& answer, OutputFormat format);

}  // namespace ds01::cli
