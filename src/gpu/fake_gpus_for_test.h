#pragma once

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/fake_nvml/fake_nvml_config.h"

namespace ds01::gpu::testing {

using ::ds01::testing::FakeNvmlConfig;
using nlohmann::json;

inline constexpr unsigned long long kGiB = 1ull << 30;
inline constexpr const char* kA100 = "NVIDIA A100-SXM4-80GB";

/// The UUID the fake gives GPU index.
inline std::string FakeGpuUuid(int index) {
  return fmt::format("GPU-{:08d}-1111-2222-3333-444444444444", index);
}

/// The UUID the fake gives MIG device mig_index of GPU gpu_index.
inline std::string FakeMigUuid(int gpu_index, int mig_index) {
  return fmt::format("MIG-{:04d}{:04d}-aaaa-bbbb-cccc-dddddddddddd", gpu_index, mig_index);
}

/// A whole 80 GB A100, idle.
inline json FakeGpu(int index) {
  return {{"uuid", FakeGpuUuid(index)},
          {"name", kA100},
          {"memory_total", 80 * kGiB},
          {"memory_used", 0},
          {"utilization", {{"gpu", 0}, {"memory", 0}}},
          {"processes", json::array()},
          {"mig_mode", 0}};
}

/// MIG device mig_index of GPU gpu_index with a profile such as "3g.40gb" and GPU instance gi.
inline json FakeMigDevice(int gpu_index, int mig_index, const std::string& profile, int gi) {
  return {{"index", mig_index},
          {"uuid", FakeMigUuid(gpu_index, mig_index)},
          {"profile", profile},
          {"gpu_instance_id", gi},
          {"memory_total", std::stoull(profile.substr(profile.find('.') + 1)) * kGiB},
          {"memory_used", 0},
          {"processes", json::array()}};
}

/// An A100 with MIG enabled and the given MIG devices.
inline json FakeMigGpu(int index, std::vector<json> mig_devices) {
  json gpu = FakeGpu(index);
  gpu.erase("utilization");
  gpu["mig_mode"] = 1;
  gpu["mig"] = mig_devices;
  return gpu;
}

/// One A100 split 3g.40gb + 2g.20gb + 2g.20gb (MIG indices 0, 1, 2; GPU instances 1, 2, 3).
inline json FakeSplitA100(int index) {
  return FakeMigGpu(index,
                    {FakeMigDevice(index, 0, "3g.40gb", 1), FakeMigDevice(index, 1, "2g.20gb", 2),
                     FakeMigDevice(index, 2, "2g.20gb", 3)});
}

/// A host running driver 550.54.14 with these GPUs.
inline json FakeHost(std::vector<json> gpus) {
  return {{"driver_version", "550.54.14"}, {"gpus", gpus}};
}

/// count processes with pids first_pid, first_pid + 1 … each using (i + 1) MiB.
inline json FakeProcesses(int count, unsigned first_pid) {
  json processes = json::array();
  for (int i = 0; i < count; ++i) {
    processes.push_back({{"pid", first_pid + i}, {"used_memory", (i + 1) * (1ull << 20)}});
  }
  return processes;
}

}  // namespace ds01::gpu::testing
