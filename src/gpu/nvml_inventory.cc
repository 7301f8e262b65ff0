#include "gpu/nvml_inventory.h"

#include <fmt/format.h>

#include <string>
#include <utility>

#include "gpu/mig_profile.h"

namespace ds01::gpu {
namespace {

// Walks NVML's devices once, filling an inventory and noting what it had to leave out.
class NvmlInventoryReader {
 public:
  explicit NvmlInventoryReader(const Nvml& nvml) : nvml_(nvml) {}

  Inventory Read(unsigned gpu_count) {
    auto version = nvml_.DriverVersion();
    inventory_.source = version.ok() ? "nvml " + version.value : "nvml";
    if (!nvml_.missing_functions().empty()) {
      inventory_.notes.push_back(fmt::format("{} lacks {}: those features are unavailable",
                                             nvml_.path(),
                                             fmt::join(nvml_.missing_functions(), ", ")));
    }
    for (unsigned index = 0; index < gpu_count; ++index) ReadGpu(static_cast<int>(index));
    if (inventory_.slots.empty()) {
      inventory_.reason = fmt::format(
          "No usable GPUs on this host: NVML reports {} GPU(s) and none offers a slot ({})",
          gpu_count, fmt::join(inventory_.notes, "; "));
    }
    return std::move(inventory_);
  }

 private:
  void LeaveOut(const std::string& what, std::string_view function, int code) {
    inventory_.notes.push_back(what + " left out: " + nvml_.CallError(function, code).ToString());
  }

  void ReadGpu(int index) {
    std::string what = "GPU " + std::to_string(index);
    auto handle = nvml_.DeviceByIndex(static_cast<unsigned>(index));
    if (!handle.ok()) return LeaveOut(what, "nvmlDeviceGetHandleByIndex", handle.code);
    auto uuid = nvml_.Uuid(handle.value);
    if (!uuid.ok()) return LeaveOut(what, "nvmlDeviceGetUUID", uuid.code);
    auto mig = nvml_.MigEnabled(handle.value);
    if (!mig.ok() && mig.code != kNvmlNotSupported && mig.code != kNvmlFunctionNotFound) {
      return LeaveOut(what, "nvmlDeviceGetMigMode", mig.code);
    }
    auto name = nvml_.Name(handle.value);
    auto memory = nvml_.Memory(handle.value);
    GpuInfo gpu{index, uuid.value, name.ok() ? name.value : "NVIDIA GPU",
                memory.ok() ? memory.value.total : 0, mig.ok() && mig.value};
    inventory_.gpus.push_back(gpu);
    if (gpu.mig_enabled) return ReadMigDevices(handle.value, gpu);

    Slot slot;
    slot.id = SlotId(index);
    slot.uuid = gpu.uuid;
    slot.gpu_index = index;
    slot.model = gpu.model;
    slot.memory_bytes = gpu.memory_bytes;
    inventory_.slots.push_back(std::move(slot));
  }

  void ReadMigDevices(Nvml::Device parent, const GpuInfo& gpu) {
    std::string what = "GPU " + std::to_string(gpu.index);
    auto max = nvml_.MaxMigDeviceCount(parent);
    if (!max.ok())
      return LeaveOut(what + "'s MIG instances", "nvmlDeviceGetMaxMigDeviceCount", max.code);
    std::size_t slots_before = inventory_.slots.size();
    for (unsigned mig_index = 0; mig_index < max.value; ++mig_index) {
      ReadMigDevice(parent, gpu, static_cast<int>(mig_index));
    }
    if (inventory_.slots.size() == slots_before) {
      inventory_.notes.push_back(
          fmt::format("{} has MIG enabled but no MIG instances, so it offers no slots. Fix: create "
                      "instances (nvidia-smi mig -i {} -cgi <profiles> -C) or disable MIG "
                      "(nvidia-smi -i {} -mig 0)",
                      what, gpu.index, gpu.index));
    }
  }

  void ReadMigDevice(Nvml::Device parent, const GpuInfo& gpu, int mig_index) {
    std::string what = "MIG device " + SlotId(gpu.index, mig_index);
    auto handle = nvml_.MigDeviceByIndex(parent, static_cast<unsigned>(mig_index));
    if (handle.code == kNvmlNotFound || handle.code == kNvmlInvalidArgument) return;  // empty
    if (!handle.ok()) return LeaveOut(what, "nvmlDeviceGetMigDeviceHandleByIndex", handle.code);
    auto uuid = nvml_.Uuid(handle.value);
    if (!uuid.ok()) return LeaveOut(what, "nvmlDeviceGetUUID", uuid.code);
    auto name = nvml_.Name(handle.value);
    if (!name.ok()) return LeaveOut(what, "nvmlDeviceGetName", name.code);
    auto profile = MigProfileFromDeviceName(name.value);
    if (!profile.ok()) {
      inventory_.notes.push_back(what + " left out: " + profile.error().ToString());
      return;
    }
    auto memory = nvml_.Memory(handle.value);

    Slot slot;
    slot.id = SlotId(gpu.index, mig_index);
    slot.uuid = uuid.value;
    slot.gpu_index = gpu.index;
    slot.model = gpu.model;
    slot.mig_profile = profile->name;
    slot.slices = profile->slices;
    slot.memory_bytes = memory.ok() ? memory.value.total : profile->memory_bytes;
    slot.mig_index = mig_index;
    inventory_.slots.push_back(std::move(slot));
  }

  const Nvml& nvml_;
  Inventory inventory_;
};

}  // namespace

Result<Inventory> ReadNvmlInventory(const Nvml& nvml) {
  auto count = nvml.DeviceCount();
  if (!count.ok()) return nvml.CallError("nvmlDeviceGetCount", count.code);
  if (count.value == 0) {
    return MakeError(ErrorCode::kNotFound, "NVML reports no GPUs",
                     "check nvidia-smi; GPUs then come from the config's gpus: list (simulated)");
  }
  return NvmlInventoryReader(nvml).Read(count.value);
}

}  // namespace ds01::gpu
