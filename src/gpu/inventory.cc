#include "gpu/inventory.h"

#include <algorithm>
#include <utility>

#include "gpu/declared_inventory.h"
#include "gpu/nvml_inventory.h"

namespace ds01::gpu {

const Slot* Inventory::FindSlot(std::string_view id) const {
  auto it = std::find_if(slots.begin(), slots.end(), [&](const Slot& s) { return s.id == id; });
  return it == slots.end() ? nullptr : &*it;
}

const Slot* Inventory::FindSlotByUuid(std::string_view uuid) const {
  auto it = std::find_if(slots.begin(), slots.end(), [&](const Slot& s) { return s.uuid == uuid; });
  return it == slots.end() ? nullptr : &*it;
}

Result<LoadedInventory> LoadInventory(const std::string& nvml_path,
                                      const std::vector<GpuSpec>& declared) {
  Error why_not_nvml;
  auto nvml = Nvml::Open(nvml_path);
  bool nvml_loaded = nvml.ok();
  if (nvml_loaded) {
    auto inventory = ReadNvmlInventory(**nvml);
    if (inventory.ok()) {
      if (!declared.empty()) {
        inventory->notes.push_back("the config's gpus: list is ignored: NVML reports the GPUs");
      }
      return LoadedInventory{std::move(*inventory), std::move(*nvml)};
    }
    why_not_nvml = std::move(inventory).error();
  } else {
    why_not_nvml = std::move(nvml).error();
  }

  if (!declared.empty()) {
    auto inventory = DeclaredInventory(declared);
    if (!inventory.ok()) return std::move(inventory).error();
    inventory->notes.insert(inventory->notes.begin(), why_not_nvml.ToString());
    return LoadedInventory{std::move(*inventory), nullptr};
  }
  Inventory none;
  none.reason = std::string("No GPUs on this host: ") +
                (nvml_loaded ? "NVML reports none" : "NVML is not available") +
                " and the config declares no gpus:";
  none.notes.push_back(why_not_nvml.ToString());
  return LoadedInventory{std::move(none), nullptr};
}

}  // namespace ds01::gpu
