#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gpu/inventory.h"
#include "gpu/nvml.h"

namespace ds01::gpu {

/// A compute process on a GPU or slot.
struct GpuProcess {
  unsigned pid = 0;
  std::optional<unsigned long long> used_memory_bytes;  // unknown where NVML cannot tell
};

/// One reading of a GPU or a slot. An empty optional means unknown (not measured, or not
/// supported, as utilisation on MIG devices), never zero.
struct UsageSample {
  std::string id;                               // the slot id, or the GPU index
  std::optional<unsigned> gpu_percent;          // share of the last period a kernel ran
  std::optional<unsigned> memory_busy_percent;  // share of it memory was read or written
  std::optional<unsigned long long> memory_used_bytes;
  std::optional<unsigned long long> memory_total_bytes;
  std::optional<std::vector<GpuProcess>> processes;
  std::string error;  // why the device could not be read at all (a lost GPU); empty otherwise
};

/// The readings of every GPU and every slot of an inventory, taken together.
struct UsageSnapshot {
  std::vector<UsageSample> gpus;   // one per inventory GPU, in its order
  std::vector<UsageSample> slots;  // one per slot, in its order
};

/// Reads utilisation, memory and compute processes of an inventory's GPUs and slots through
/// NVML. A whole-GPU slot reads as its GPU; a MIG slot reads its MIG device (its processes from
/// the parent GPU's list where NVML cannot list them per instance). A simulated or empty
/// inventory, which has no NVML, reads as unknown. Thread-safe: it holds no mutable state.
class GpuSampler {
 public:
  /// nvml may be null (declared or empty inventories).
  GpuSampler(std::shared_ptr<const Nvml> nvml, Inventory inventory);
  /// Samples what LoadInventory found, through the NVML session it found it with.
  explicit GpuSampler(const LoadedInventory& loaded);

  /// Reads every GPU and slot now; a device that cannot be read gets an error, not a failure.
  UsageSnapshot Sample() const;

 private:
  UsageSample SampleGpu(const GpuInfo& gpu) const;
  UsageSample SampleMigSlot(const Slot& slot) const;
  void ReadDevice(Nvml::Device device, UsageSample& sample) const;
  bool CheckUuid(Nvml::Device device, const std::string& expected, UsageSample& sample) const;
  std::optional<std::vector<GpuProcess>> ProcessesFromParent(Nvml::Device parent,
                                                             Nvml::Device mig) const;

  std::shared_ptr<const Nvml> nvml_;
  Inventory inventory_;
};

}  // namespace ds01::gpu
