#include "gpu/declared_inventory.h"

#include <fmt/format.h>

#include <string>
#include <utility>

#include "common/units.h"
#include "gpu/mig_profile.h"

namespace ds01::gpu {
namespace {

Error Invalid(std::string message, std::string hint) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(hint));
}

// The MIG slots of declared GPU gpu_index, or why its mig: list is refused.
Result<std::vector<Slot>> DeclaredMigSlots(const GpuSpec& spec, int gpu_index) {
  std::vector<Slot> slots;
  int total_slices = 0;
  for (std::size_t i = 0; i < spec.mig_profiles.size(); ++i) {
    std::string where = fmt::format("gpus[{}].mig[{}]", gpu_index, i);
    auto profile = ParseMigProfile(spec.mig_profiles[i]);
    if (!profile.ok()) return Invalid(where + ": " + profile.error().message, profile.error().hint);
    if (profile->compute_instance) {
      return Invalid(fmt::format("{}: \"{}\" is a compute-instance profile", where, profile->name),
                     "declare GPU-instance profiles such as 3g.40gb");
    }
    if (spec.memory_bytes > 0 && profile->memory_bytes > spec.memory_bytes) {
      return Invalid(
          fmt::format("{}: {} needs {} but the GPU declares memory: {}", where, profile->name,
                      FormatSize(profile->memory_bytes), FormatSize(spec.memory_bytes)),
          "fix the profile or the GPU's memory:");
    }
    total_slices += profile->slices;

    Slot slot;
    slot.id = SlotId(gpu_index, static_cast<int>(i));
    slot.uuid = SimulatedUuid(gpu_index, static_cast<int>(i));
    slot.gpu_index = gpu_index;
    slot.model = spec.model;
    slot.mig_profile = profile->name;
    slot.slices = profile->slices;
    slot.memory_bytes = profile->memory_bytes;
    slot.mig_index = static_cast<int>(i);
    slot.simulated = true;
    slots.push_back(std::move(slot));
  }
  if (total_slices > kSlicesPerGpu) {
    return Invalid(
        fmt::format("gpus[{}] ({}): MIG profiles {} need {} compute slices; a GPU has {}",
                    gpu_index, spec.model, fmt::join(spec.mig_profiles, " + "), total_slices,
                    kSlicesPerGpu),
        fmt::format("remove or shrink a profile in gpus[{}].mig", gpu_index));
  }
  return slots;
}

}  // namespace

std::string SimulatedUuid(int gpu_index, int mig_index) {
  if (mig_index < 0) return fmt::format("GPU-SIM-{:04d}", gpu_index);
  return fmt::format("MIG-SIM-{:04d}-{:04d}", gpu_index, mig_index);
}

Result<Inventory> DeclaredInventory(const std::vector<GpuSpec>& specs) {
  Inventory inventory;
  inventory.simulated = true;
  inventory.source = "declared in config (simulated)";
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const GpuSpec& spec = specs[i];
    int index = static_cast<int>(i);
    if (spec.model.empty()) {
      return Invalid(fmt::format("gpus[{}]: model is missing", i),
                     "give each GPU a model, e.g. {model: \"NVIDIA A100-SXM4-80GB\", memory: 80G}");
    }
    inventory.gpus.push_back(GpuInfo{index, SimulatedUuid(index), spec.model, spec.memory_bytes,
                                     !spec.mig_profiles.empty()});
    if (spec.mig_profiles.empty()) {
      Slot slot;
      slot.id = SlotId(index);
      slot.uuid = SimulatedUuid(index);
      slot.gpu_index = index;
      slot.model = spec.model;
      slot.memory_bytes = spec.memory_bytes;
      slot.simulated = true;
      inventory.slots.push_back(std::move(slot));
      continue;
    }
    auto mig_slots = DeclaredMigSlots(spec, index);
    if (!mig_slots.ok()) return std::move(mig_slots).error();
    for (Slot& slot : *mig_slots) inventory.slots.push_back(std::move(slot));
  }
  if (inventory.slots.empty()) {
    inventory.reason = "No GPUs on this host: the config's gpus: list is empty";
  }
  return inventory;
}

}  // namespace ds01::gpu
