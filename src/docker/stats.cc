#include "docker/stats.h"

#include "docker/json_fields.h"

namespace ds01::docker {

double ContainerStats::cpu_percent() const {
  bool has_previous = presystem_cpu_ns > 0;
  if (!has_previous || cpu_total_ns <= precpu_total_ns || system_cpu_ns <= presystem_cpu_ns) {
    return 0.0;
  }
  double cpu_delta = static_cast<double>(cpu_total_ns - precpu_total_ns);
  double system_delta = static_cast<double>(system_cpu_ns - presystem_cpu_ns);
  return cpu_delta / system_delta * online_cpus * 100.0;
}

std::uint64_t ContainerStats::memory_used_bytes() const {
  return memory_usage_bytes > memory_cache_bytes ? memory_usage_bytes - memory_cache_bytes : 0;
}

Result<ContainerStats> ParseContainerStats(std::string_view body) {
  Result<nlohmann::json> parsed = ParseJson(body, "container stats");
  if (!parsed.ok()) return parsed.error();
  const nlohmann::json& doc = *parsed;
  ContainerStats stats;
  stats.read = StringField(doc, "read");
  const nlohmann::json& cpu = Field(doc, "cpu_stats");
  const nlohmann::json& precpu = Field(doc, "precpu_stats");
  stats.cpu_total_ns = UintField(Field(cpu, "cpu_usage"), "total_usage");
  stats.precpu_total_ns = UintField(Field(precpu, "cpu_usage"), "total_usage");
  stats.system_cpu_ns = UintField(cpu, "system_cpu_usage");
  stats.presystem_cpu_ns = UintField(precpu, "system_cpu_usage");
  stats.online_cpus = static_cast<int>(IntField(cpu, "online_cpus"));
  if (stats.online_cpus == 0) {
    const nlohmann::json& per_cpu = Field(Field(cpu, "cpu_usage"), "percpu_usage");
    if (per_cpu.is_array()) stats.online_cpus = static_cast<int>(per_cpu.size());
  }
  const nlohmann::json& memory = Field(doc, "memory_stats");
  stats.memory_usage_bytes = UintField(memory, "usage");
  stats.memory_limit_bytes = UintField(memory, "limit");
  const nlohmann::json& memory_detail = Field(memory, "stats");
  // cgroup v1 reports "total_inactive_file"/"cache", v2 "inactive_file"; docker stats uses these.
  stats.memory_cache_bytes = UintField(memory_detail, "total_inactive_file");
  if (stats.memory_cache_bytes == 0)
    stats.memory_cache_bytes = UintField(memory_detail, "inactive_file");
  stats.pids = UintField(Field(doc, "pids_stats"), "current");
  const nlohmann::json& networks = Field(doc, "networks");
  if (networks.is_object()) {
    for (const auto& [name, interface] : networks.items()) {
      stats.network_rx_bytes += UintField(interface, "rx_bytes");
      stats.network_tx_bytes += UintField(interface, "tx_bytes");
    }
  }
  stats.raw = std::move(*parsed);
  return stats;
}

}  // namespace ds01::docker
