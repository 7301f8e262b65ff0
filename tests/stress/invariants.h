#pragma once

#include <string>
#include <vector>

#include "core/allocator.h"
#include "gpu/slot.h"
#include "store/store.h"

namespace ds01::stress {

/// Reads the whole allocation state in one fresh snapshot and returns every broken promise
/// it finds (empty when all hold): no slot claimed twice; every claim belongs to a recorded
/// container and names a real slot as the inventory describes it; no physical GPU over seven
/// slices; every user within max_gpus (allocations and holds), max_gpus_per_container,
/// allow_full_gpu and max_containers; every live container holding exactly what it asked
/// for, every stopped one either held (with its slots) or holding nothing; holds only on
/// stopped containers that keep slots; foreign keys.
std::vector<std::string> CheckInvariants(store::Store& store,
                                         const std::vector<gpu::Slot>& inventory,
                                         const core::LimitsFor& limits);

/// SQLite's full integrity check of the file (slower: once per phase, not per operation).
std::vector<std::string> CheckIntegrity(store::Store& store);

}  // namespace ds01::stress
