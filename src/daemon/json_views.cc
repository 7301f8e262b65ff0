#include "daemon/json_views.h"

#include <map>

#include "common/rfc3339.h"

namespace ds01::daemon {
namespace {

nlohmann::json TimeOrNull(const std::optional<store::TimePoint>& t) {
  if (!t) return nullptr;
  return FormatRfc3339(*t);
}

double Weight(int slices) { return static_cast<double>(slices) / gpu::kSlicesPerGpu; }

const gpu::UsageSample* SampleOf(const gpu::UsageSnapshot& snapshot,
                                 const gpu::Inventory& inventory, const std::string& slot_id) {
  for (std::size_t i = 0; i < inventory.slots.size() && i < snapshot.slots.size(); ++i) {
    if (inventory.slots[i].id == slot_id) return &snapshot.slots[i];
  }
  return nullptr;
}

}  // namespace

nlohmann::json ContainerJson(const core::ContainerView& view, bool simulated_gpus) {
  const store::ContainerRecord& record = view.record;
  nlohmann::json gpus = nlohmann::json::array();
  for (const store::SlotClaim& slot : view.slots) {
    gpus.push_back({{"slot", slot.slot_id},
                    {"uuid", slot.slot_uuid},
                    {"mig_profile", slot.mig_profile},
                    {"weight", Weight(slot.slices)}});
  }
  return {{"name", record.name},
          {"owner", {{"uid", record.uid}, {"user", record.user}}},
          {"state", store::ContainerStateName(record.state)},
          {"image", record.image},
          {"project", record.project},
          {"interface", record.interface},
          {"gpus", std::move(gpus)},
          {"gpu_state", view.gpu_state()},
          {"hold_expires_at", TimeOrNull(view.hold_expires_at)},
          {"simulated_gpus", simulated_gpus},
          {"created_at", FormatRfc3339(record.created_at)},
          {"started_at", TimeOrNull(record.started_at)},
          {"stopped_at", TimeOrNull(record.stopped_at)},
          {"docker_id", record.docker_id}};
}

nlohmann::json GpusJson(const gpu::Inventory& inventory,
                        const std::vector<core::ContainerView>& containers, const Caller& caller) {
  std::map<std::string, const core::ContainerView*> holder_of;
  for (const core::ContainerView& view : containers) {
    for (const store::SlotClaim& slot : view.slots) holder_of[slot.slot_id] = &view;
  }
  nlohmann::json gpus = nlohmann::json::array();
  for (const gpu::GpuInfo& info : inventory.gpus) {
    nlohmann::json slots = nlohmann::json::array();
    for (const gpu::Slot& slot : inventory.slots) {
      if (slot.gpu_index != info.index) continue;
      nlohmann::json entry = {{"slot", slot.id},
                              {"uuid", slot.uuid},
                              {"mig_profile", slot.mig_profile},
                              {"weight", slot.weight()},
                              {"memory_bytes", slot.memory_bytes}};
      const auto held = holder_of.find(slot.id);
      entry["taken"] = held != holder_of.end();
      if (held != holder_of.end()) {
        const store::ContainerRecord& record = held->second->record;
        if (caller.admin || record.uid == caller.identity.uid) {
          entry["holder"] = {{"user", record.user},
                             {"container", record.name},
                             {"state", store::ContainerStateName(record.state)},
                             {"gpu_state", held->second->gpu_state()}};
        }
      }
      slots.push_back(std::move(entry));
    }
    gpus.push_back({{"index", info.index},
                    {"uuid", info.uuid},
                    {"model", info.model},
                    {"memory_bytes", info.memory_bytes},
                    {"mig", info.mig_enabled},
                    {"slots", std::move(slots)}});
  }
  nlohmann::json body = {
      {"simulated", inventory.simulated}, {"source", inventory.source}, {"gpus", std::move(gpus)}};
  if (!inventory.reason.empty()) body["reason"] = inventory.reason;
  return body;
}

nlohmann::json LimitsJson(const Caller& caller, const policy::Limits& limits,
                          const std::vector<core::ContainerView>& mine) {
  int slices = 0;
  int running = 0;
  for (const core::ContainerView& view : mine) {
    for (const store::SlotClaim& slot : view.slots) slices += slot.slices;
    if (view.record.state == store::ContainerState::kRunning ||
        view.record.state == store::ContainerState::kPaused) {
      ++running;
    }
  }
  return {{"user", caller.identity.user},
          {"uid", caller.identity.uid},
          {"admin", caller.admin},
          {"limits",
           {{"max_gpus", limits.max_gpus},
            {"max_gpus_per_container", limits.max_gpus_per_container},
            {"allow_full_gpu", limits.allow_full_gpu},
            {"max_containers", limits.max_containers},
            {"memory_bytes", limits.memory_bytes},
            {"cpus", limits.cpus},
            {"shm_size_bytes", limits.shm_size_bytes},
            {"pids_limit", limits.pids_limit},
            {"gpu_hold_after_stop_seconds", limits.gpu_hold_after_stop.count()},
            {"container_hold_after_stop_seconds", limits.container_hold_after_stop.count()},
            {"idle_timeout_seconds", limits.idle_timeout.count()},
            {"max_runtime_seconds", limits.max_runtime.count()},
            {"max_stop_time_seconds", limits.max_stop_time.count()},
            {"log_size_bytes", limits.log_size_bytes}}},
          {"usage", {{"gpus", Weight(slices)}, {"containers", mine.size()}, {"running", running}}}};
}

nlohmann::json StatsJson(const core::ContainerView& view, const docker::ContainerStats& stats,
                         const std::optional<gpu::UsageSnapshot>& gpus,
                         const gpu::Inventory& inventory) {
  nlohmann::json entry = {{"name", view.record.name},
                          {"owner", {{"uid", view.record.uid}, {"user", view.record.user}}},
                          {"state", store::ContainerStateName(view.record.state)},
                          {"cpu_percent", stats.cpu_percent()},
                          {"memory_bytes", stats.memory_used_bytes()},
                          {"memory_limit_bytes", stats.memory_limit_bytes},
                          {"pids", stats.pids}};
  if (!gpus || view.slots.empty()) return entry;
  unsigned long long used = 0;
  unsigned long long total = 0;
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
  if (memory_known) entry["gpu_memory_bytes"] = used;
  if (total_known) entry["gpu_memory_total_bytes"] = total;
  if (utilisation_known) entry["gpu_utilisation_percent"] = busiest;
  return entry;
}

}  // namespace ds01::daemon
