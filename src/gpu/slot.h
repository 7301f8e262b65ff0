#pragma once

#include <string>
#include <vector>

namespace ds01::gpu {

/// Compute slices in a whole GPU; a MIG instance weighs slices / kSlicesPerGpu.
inline constexpr int kSlicesPerGpu = 7;

/// One allocatable unit: a whole GPU or one MIG instance (DESIGN.md §5).
struct Slot {
  std::string id;     // stable, human-readable: "0" for GPU 0, "1:2" for MIG instance 2 on GPU 1
  std::string uuid;   // "GPU-…" or "MIG-…"; what a container is given
  int gpu_index = 0;  // the physical GPU this slot lives on
  std::string model;  // "NVIDIA A100-SXM4-80GB"
  std::string mig_profile;     // "3g.40gb"; empty for a whole GPU
  int slices = kSlicesPerGpu;  // compute slices; kSlicesPerGpu for a whole GPU
  unsigned long long memory_bytes = 0;
  int mig_index = -1;      // NVML's MIG device index on gpu_index; -1 for a whole GPU
  bool simulated = false;  // declared in the config, not found by NVML (DESIGN.md §5)

  bool is_mig() const { return !mig_profile.empty(); }
  /// Weight in GPU-equivalents: 1.0 for a whole GPU, slices/7 for a MIG instance.
  double weight() const { return static_cast<double>(slices) / kSlicesPerGpu; }
};

/// A slot's id: "0" for whole GPU 0, "1:2" for MIG device index 2 on GPU 1 (NVML's MIG device
/// index, or the position in a declared GPU's mig: list).
inline std::string SlotId(int gpu_index, int mig_index = -1) {
  std::string id = std::to_string(gpu_index);
  return mig_index < 0 ? id : id + ":" + std::to_string(mig_index);
}

/// A GPU as the config declares it where NVML is absent (DESIGN.md §7 `gpus:`).
struct GpuSpec {
  std::string model;
  unsigned long long memory_bytes = 0;
  std::vector<std::string> mig_profiles;  // empty: the GPU is one whole slot
};

}  // namespace ds01::gpu
