#pragma once

#include <vector>

#include "common/error.h"
#include "gpu/inventory.h"
#include "gpu/slot.h"

namespace ds01::gpu {

/// Turns the config's gpus: list into a simulated inventory. Slots are numbered as NVML would
/// number them ("0", and "1:0", "1:1" … for the mig: list of GPU 1) and get stable synthetic
/// UUIDs derived from those positions ("GPU-SIM-0000", "MIG-SIM-0001-0002"). Refuses, naming
/// gpus[i].mig[j]: a GPU without a model, a malformed or compute-instance MIG profile, a profile
/// larger than its GPU's memory, and profiles that add up to more than 7 slices on one GPU.
Result<Inventory> DeclaredInventory(const std::vector<GpuSpec>& specs);

/// The synthetic UUID of declared GPU gpu_index, or of its mig_index-th MIG instance.
std::string SimulatedUuid(int gpu_index, int mig_index = -1);

}  // namespace ds01::gpu
