#include "gpu/sampler.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace ds01::gpu {
namespace {

std::vector<GpuProcess> ToGpuProcesses(const std::vector<NvmlProcess>& processes) {
  std::vector<GpuProcess> out;
  out.reserve(processes.size());
  for (const NvmlProcess& p : processes) out.push_back(GpuProcess{p.pid, p.used_memory_bytes});
  return out;
}

}  // namespace

GpuSampler::GpuSampler(std::shared_ptr<const Nvml> nvml, Inventory inventory)
    : nvml_(std::move(nvml)), inventory_(std::move(inventory)) {}

GpuSampler::GpuSampler(const LoadedInventory& loaded) : GpuSampler(loaded.nvml, loaded.inventory) {}

UsageSnapshot GpuSampler::Sample() const {
  UsageSnapshot snapshot;
  for (const GpuInfo& gpu : inventory_.gpus) snapshot.gpus.push_back(SampleGpu(gpu));
  for (const Slot& slot : inventory_.slots) {
    if (slot.is_mig()) {
      snapshot.slots.push_back(SampleMigSlot(slot));
      continue;
    }
    auto gpu = std::find_if(inventory_.gpus.begin(), inventory_.gpus.end(),
                            [&](const GpuInfo& g) { return g.index == slot.gpu_index; });
    UsageSample sample;
    if (gpu != inventory_.gpus.end()) sample = snapshot.gpus[gpu - inventory_.gpus.begin()];
    sample.id = slot.id;
    snapshot.slots.push_back(std::move(sample));
  }
  return snapshot;
}

UsageSample GpuSampler::SampleGpu(const GpuInfo& gpu) const {
  UsageSample sample;
  sample.id = std::to_string(gpu.index);
  if (nvml_ == nullptr) return sample;
  auto handle = nvml_->DeviceByIndex(static_cast<unsigned>(gpu.index));
  if (!handle.ok()) {
    sample.error = nvml_->CallError("nvmlDeviceGetHandleByIndex", handle.code).ToString();
    return sample;
  }
  if (CheckUuid(handle.value, gpu.uuid, sample)) ReadDevice(handle.value, sample);
  return sample;
}

UsageSample GpuSampler::SampleMigSlot(const Slot& slot) const {
  UsageSample sample;
  sample.id = slot.id;
  if (nvml_ == nullptr) return sample;
  auto parent = nvml_->DeviceByIndex(static_cast<unsigned>(slot.gpu_index));
  if (!parent.ok()) {
    sample.error = nvml_->CallError("nvmlDeviceGetHandleByIndex", parent.code).ToString();
    return sample;
  }
  auto mig = nvml_->MigDeviceByIndex(parent.value, static_cast<unsigned>(slot.mig_index));
  if (!mig.ok()) {
    sample.error = nvml_->CallError("nvmlDeviceGetMigDeviceHandleByIndex", mig.code).ToString();
    return sample;
  }
  if (!CheckUuid(mig.value, slot.uuid, sample)) return sample;
  ReadDevice(mig.value, sample);
  if (sample.error.empty() && !sample.processes) {
    sample.processes = ProcessesFromParent(parent.value, mig.value);
  }
  return sample;
}

bool GpuSampler::CheckUuid(Nvml::Device device, const std::string& expected,
                           UsageSample& sample) const {
  auto uuid = nvml_->Uuid(device);
  if (!uuid.ok()) {
    sample.error = nvml_->CallError("nvmlDeviceGetUUID", uuid.code).ToString();
    return false;
  }
  if (uuid.value != expected) {
    sample.error = fmt::format(
        "slot {} is now {}, not {}: the GPU inventory is out of date. Fix: restart ds01d so that "
        "it reads the GPUs again",
        sample.id, uuid.value, expected);
    return false;
  }
  return true;
}

void GpuSampler::ReadDevice(Nvml::Device device, UsageSample& sample) const {
  auto utilization = nvml_->Utilization(device);
  auto memory = nvml_->Memory(device);
  auto processes = nvml_->ComputeProcesses(device);
  const std::pair<const char*, int> calls[] = {
      {"nvmlDeviceGetUtilizationRates", utilization.code},
      {"nvmlDeviceGetMemoryInfo", memory.code},
      {"nvmlDeviceGetComputeRunningProcesses", processes.code}};
  for (const auto& [function, code] : calls) {
    if (code == kNvmlGpuIsLost) {
      sample.error = nvml_->CallError(function, code).ToString();
      return;
    }
  }
  if (utilization.ok()) {
    sample.gpu_percent = utilization.value.gpu;
    sample.memory_busy_percent = utilization.value.memory;
  }
  if (memory.ok()) {
    sample.memory_used_bytes = memory.value.used;
    sample.memory_total_bytes = memory.value.total;
  }
  if (processes.ok()) sample.processes = ToGpuProcesses(processes.value);
}

std::optional<std::vector<GpuProcess>> GpuSampler::ProcessesFromParent(Nvml::Device parent,
                                                                       Nvml::Device mig) const {
  auto instance = nvml_->GpuInstanceId(mig);
  auto all = nvml_->ComputeProcesses(parent);
  if (!instance.ok() || !all.ok()) return std::nullopt;
  std::vector<NvmlProcess> mine;
  for (const NvmlProcess& p : all.value) {
    if (!p.gpu_instance_id) return std::nullopt;  // the oldest query cannot attribute them
    if (*p.gpu_instance_id == instance.value) mine.push_back(p);
  }
  return ToGpuProcesses(mine);
}

}  // namespace ds01::gpu
