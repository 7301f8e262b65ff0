#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/wire_container.h"

namespace ds01::api {

/// One running container's resource use: CPU and memory from the engine's sample, GPU memory
/// and utilisation where the GPU sampler knows them (left out otherwise).
struct StatsEntry {
  std::string name;
  Owner owner;
  ContainerState state = ContainerState::kRunning;
  double cpu_percent = 0;  // of one CPU: 200 is two CPUs busy
  std::uint64_t memory_bytes = 0;
  std::uint64_t memory_limit_bytes = 0;
  std::uint64_t pids = 0;
  std::optional<std::uint64_t> gpu_memory_bytes;
  std::optional<std::uint64_t> gpu_memory_total_bytes;
  std::optional<unsigned> gpu_utilisation_percent;  // the busiest of its GPUs

  bool operator==(const StatsEntry&) const = default;
};

/// GET /v1/stats and GET /v1/containers/{name}/stats: {"stats": [entry…]}.
struct StatsList {
  std::vector<StatsEntry> stats;

  bool operator==(const StatsList&) const = default;
};

void to_json(nlohmann::json& json, const StatsEntry& entry);
void from_json(const nlohmann::json& json, StatsEntry& entry);
void to_json(nlohmann::json& json, const StatsList& list);
void from_json(const nlohmann::json& json, StatsList& list);

}  // namespace ds01::api
