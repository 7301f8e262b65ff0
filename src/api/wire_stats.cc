#include "api/wire_stats.h"

namespace ds01::api {

void to_json(nlohmann::json& json, const StatsEntry& entry) {
  json = {{"name", entry.name},
          {"owner", entry.owner},
          {"state", entry.state},
          {"cpu_percent", entry.cpu_percent},
          {"memory_bytes", entry.memory_bytes},
          {"memory_limit_bytes", entry.memory_limit_bytes},
          {"pids", entry.pids}};
  PutIfSet(json, "gpu_memory_bytes", entry.gpu_memory_bytes);
  PutIfSet(json, "gpu_memory_total_bytes", entry.gpu_memory_total_bytes);
  PutIfSet(json, "gpu_utilisation_percent", entry.gpu_utilisation_percent);
}

void from_json(const nlohmann::json& json, StatsEntry& entry) {
  json.at("name").get_to(entry.name);
  json.at("owner").get_to(entry.owner);
  json.at("state").get_to(entry.state);
  json.at("cpu_percent").get_to(entry.cpu_percent);
  json.at("memory_bytes").get_to(entry.memory_bytes);
  json.at("memory_limit_bytes").get_to(entry.memory_limit_bytes);
  json.at("pids").get_to(entry.pids);
  entry.gpu_memory_bytes = OptionalAt<std::uint64_t>(json, "gpu_memory_bytes");
  entry.gpu_memory_total_bytes = OptionalAt<std::uint64_t>(json, "gpu_memory_total_bytes");
  entry.gpu_utilisation_percent = OptionalAt<unsigned>(json, "gpu_utilisation_percent");
}

void to_json(nlohmann::json& json, const StatsList& list) { json = {{"stats", list.stats}}; }

void from_json(const nlohmann::json& json, StatsList& list) { json.at("stats").get_to(list.stats); }

}  // namespace ds01::api
