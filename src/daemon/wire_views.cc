#include "daemon/wire_views.h"

#include <algorithm>
#include <map>
#include <string>

namespace ds01::daemon {
namespace {

double Weight(int slices) { return static_cast<double>(slices) / gpu::kSlicesPerGpu; }

api::Owner OwnerOf(const store::ContainerRecord& record) { return {record.uid, record.user}; }

const gpu::UsageSample* SampleOf(const gpu::UsageSnapshot& snapshot,
                                 const gpu::Inventory& inventory, const std::string& slot_id) {
  for (std::size_t i = 0; i < inventory.slots.size() && i < snapshot.slots.size(); ++i) {
    if (inventory.slots[i].id == slot_id) return &snapshot.slots[i];
  }
  return nullptr;
}

}  // namespace

api::Container WireContainer(const core::ContainerView& view, bool simulated_gpus) {
  const store::ContainerRecord& record = view.record;
  api::Container container{.name = record.name,
                           .owner = OwnerOf(record),
                           .state = record.state,
                           .image = record.image,
                           .project = record.project,
                           .interface = record.interface,
                           .gpus = {},
                           .gpu_state = std::string(view.gpu_state()),
                           .hold_expires_at = view.hold_expires_at,
                           .simulated_gpus = simulated_gpus,
                           .created_at = record.created_at,
                           .started_at = record.started_at,
                           .stopped_at = record.stopped_at,
                           .docker_id = record.docker_id};
  for (const store::SlotClaim& slot : view.slots) {
    container.gpus.push_back({slot.slot_id, slot.slot_uuid, slot.mig_profile, Weight(slot.slices)});
  }
  return container;
}

api::GpuInventory WireGpus(const gpu::Inventory& inventory,
                           const std::vector<core::ContainerView>& containers,
                           const Caller& caller) {
  std::map<std::string, const core::ContainerView*> holder_of;
  for (const core::ContainerView& view : containers) {
    for (const store::SlotClaim& slot : view.slots) holder_of[slot.slot_id] = &view;
  }
  api::GpuInventory answer{inventory.simulated, inventory.source, {}, inventory.reason};
  for (const gpu::GpuInfo& info : inventory.gpus) {
    api::Gpu gpu{info.index, info.uuid, info.model, info.memory_bytes, info.mig_enabled, {}};
    for (const gpu::Slot& slot : inventory.slots) {
      if (slot.gpu_index != info.index) continue;
      api::GpuSlot entry{slot.id,           slot.uuid, slot.mig_profile, slot.weight(),
                         slot.memory_bytes, false,     std::nullopt};
      const auto held = holder_of.find(slot.id);
      entry.taken = held != holder_of.end();
      if (entry.taken) {
        const store::ContainerRecord& record = held->second->record;
        if (caller.admin || record.uid == caller.identity.uid) {
          entry.holder = api::SlotHolder{record.user, record.name, record.state,
                                         std::string(held->second->gpu_state())};
        }
      }
      gpu.slots.push_back(std::move(entry));
    }
    answer.gpus.push_back(std::move(gpu));
  }
  return answer;
}

api::CallerLimits WireLimits(const Caller& caller, const policy::Limits& limits,
                             const std::vector<core::ContainerView>& mine) {
  int slices = 0;
  int running = 0;
  for (const core::ContainerView& view : mine) {
    for (const store::SlotClaim& slot : view.slots) slices += slot.slices;
    if (view.live()) ++running;
  }
  const api::LimitValues values{
      .max_gpus = limits.max_gpus,
      .max_gpus_per_container = limits.max_gpus_per_container,
      .allow_full_gpu = limits.allow_full_gpu,
      .max_containers = limits.max_containers,
      .memory_bytes = limits.memory_bytes,
      .cpus = limits.cpus,
      .shm_size_bytes = limits.shm_size_bytes,
      .pids_limit = limits.pids_limit,
      .gpu_hold_after_stop_seconds = limits.gpu_hold_after_stop.count(),
      .container_hold_after_stop_seconds = limits.container_hold_after_stop.count(),
      .idle_timeout_seconds = limits.idle_timeout.count(),
      .max_runtime_seconds = limits.max_runtime.count(),
      .max_stop_time_seconds = limits.max_stop_time.count(),
      .log_size_bytes = limits.log_size_bytes};
  return {caller.identity.user, caller.identity.uid, caller.admin, values,
          api::LimitUsage{Weight(slices), static_cast<int>(mine.size()), running}};
}

api::StatsEntry WireStats(const core::ContainerView& view, const docker::ContainerStats& stats,
                          const std::optional<gpu::UsageSnapshot>& gpus,
                          const gpu::Inventory& inventory) {
  api::StatsEntry entry{.name = view.record.name,
                        .owner = OwnerOf(view.record),
                        .state = view.record.state,
                        .cpu_percent = stats.cpu_percent(),
                        .memory_bytes = stats.memory_used_bytes(),
                        .memory_limit_bytes = stats.memory_limit_bytes,
                        .pids = stats.pids,
                        .gpu_memory_bytes = std::nullopt,
                        .gpu_memory_total_bytes = std::nullopt,
                        .gpu_utilisation_percent = std::nullopt};
  if (!gpus || view.slots.empty()) return entry;
  std::uint64_t used = 0;
  std::uint64_t total = 0;
  unsigned busiest = 0;
  bool memory_known = true;
  bool total_known = true;
  bool utilisation_known = true;
  for (const store::SlotClaim& slot : view.slots) {
    const gpu::UsageSample* sample = SampleOf(*gpus, inventory, slot.slot_id);
    memory_known = memory_known && sample != nullptr && sample->memory_used_bytes.has_value();
    total_known = total_known && sample != nullptr && sample->memory_total_bytes.has_value();
    utilisation_known = utilisation_known && sample != nullptr && sample->gpu_percent.has_value();
    if (sample == nullptr) continue;
    used += sample->memory_used_bytes.value_or(0);
    total += sample->memory_total_bytes.value_or(0);
    busiest = std::max(busiest, sample->gpu_percent.value_or(0));
  }
  if (memory_known) entry.gpu_memory_bytes = used;
  if (total_known) entry.gpu_memory_total_bytes = total;
  if (utilisation_known) entry.gpu_utilisation_percent = busiest;
  return entry;
}

}  // namespace ds01::daemon
