#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "gpu/nvml.h"
#include "gpu/slot.h"

namespace ds01::gpu {

/// A physical GPU as the inventory saw it.
struct GpuInfo {
  int index = 0;
  std::string uuid;
  std::string model;  // "NVIDIA A100-SXM4-80GB"
  unsigned long long memory_bytes = 0;
  bool mig_enabled = false;  // its slots are its MIG instances, not itself
};

/// The GPUs of this host, the slots they offer (ids as SlotId makes them) and where the list
/// came from. A value: copy it freely.
struct Inventory {
  std::vector<Slot> slots;
  std::vector<GpuInfo> gpus;
  bool simulated = false;       // declared in the config: show it as simulated everywhere
  std::string source = "none";  // "nvml 550.54.14", "declared in config (simulated)", "none"
  std::string reason;  // why there are no slots, to refuse GPU requests with; empty when there are
  std::vector<std::string> notes;  // for the operator: GPUs left out and why, NVML features missing

  /// The slot with this id ("0", "1:2"), or nullptr.
  const Slot* FindSlot(std::string_view id) const;
  /// The slot with this UUID, or nullptr.
  const Slot* FindSlotByUuid(std::string_view uuid) const;
};

/// An inventory and the NVML session it was read from (null unless it came from NVML), so that
/// a GpuSampler reads the same devices.
struct LoadedInventory {
  Inventory inventory;
  std::shared_ptr<const Nvml> nvml;
};

/// Chooses this host's inventory: NVML when the library at nvml_path loads and reports at least
/// one GPU; else the declared gpus: list (simulated); else no GPUs, with the reason "No GPUs on
/// this host: NVML is not available and the config declares no gpus:". Why NVML was not used
/// goes into notes. Fails only when the declared list is needed and invalid.
Result<LoadedInventory> LoadInventory(const std::string& nvml_path,
                                      const std::vector<GpuSpec>& declared);

}  // namespace ds01::gpu
