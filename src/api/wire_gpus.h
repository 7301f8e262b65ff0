#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/wire_json.h"

namespace ds01::api {

/// Who holds a slot, shown to the holder and to admins: {"user", "container", "state",
/// "gpu_state"}.
struct SlotHolder {
  std::string user;
  std::string container;
  ContainerState state = ContainerState::kCreated;
  std::string gpu_state;  // "allocated" or "held"

  bool operator==(const SlotHolder&) const = default;
};

/// One allocatable slot of a GPU: the GPU itself, or one of its MIG instances.
struct GpuSlot {
  std::string slot;  // "0", "1:2"
  std::string uuid;
  std::string mig_profile;  // empty for a whole GPU
  double weight = 0;        // GPU-equivalents
  std::uint64_t memory_bytes = 0;
  bool taken = false;
  std::optional<SlotHolder> holder;  // left out for a free slot and for others' slots

  bool operator==(const GpuSlot&) const = default;
};

/// One physical GPU and its slots.
struct Gpu {
  int index = 0;
  std::string uuid;
  std::string model;
  std::uint64_t memory_bytes = 0;
  bool mig = false;  // its slots are its MIG instances
  std::vector<GpuSlot> slots;

  bool operator==(const Gpu&) const = default;
};

/// GET /v1/gpus: the host's GPUs by physical GPU, and where the list came from.
struct GpuInventory {
  bool simulated = false;  // declared in the config, not found by NVML
  std::string source;      // "nvml 550.54.14", "declared in config (simulated)", "none"
  std::vector<Gpu> gpus;
  std::string reason;  // why there are no GPUs; left out when empty

  bool operator==(const GpuInventory&) const = default;
};

void to_json(nlohmann::json& json, const SlotHolder& holder);
void from_json(const nlohmann::json& json, SlotHolder& holder);
void to_json(nlohmann::json& json, const GpuSlot& slot);
void from_json(const nlohmann::json& json, GpuSlot& slot);
void to_json(nlohmann::json& json, const Gpu& gpu);
void from_json(const nlohmann::json& json, Gpu& gpu);
void to_json(nlohmann::json& json, const GpuInventory& inventory);
void from_json(const nlohmann::json& json, GpuInventory& inventory);

}  // namespace ds01::api
