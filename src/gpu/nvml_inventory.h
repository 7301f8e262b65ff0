#pragma once

#include "common/error.h"
#include "gpu/inventory.h"
#include "gpu/nvml.h"

namespace ds01::gpu {

/// Reads the GPUs and MIG instances NVML reports into an inventory whose source names the
/// driver. A MIG-enabled GPU contributes its instances, not itself, with slices from their
/// profiles; empty MIG indices are skipped; a lost GPU, or a GPU or instance that cannot be
/// read, is left out with a note. Fails (kNotFound) when NVML reports no GPU at all, or when it
/// cannot count them.
Result<Inventory> ReadNvmlInventory(const Nvml& nvml);

}  // namespace ds01::gpu
