#pragma once

#include <sys/types.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace ds01::api {

/// A caller's effective limits: sizes in bytes, durations in seconds, cpus and memory clamped
/// to what the host has.
struct LimitValues {
  double max_gpus = 0;  // GPU-equivalents across all the caller's containers
  double max_gpus_per_container = 0;
  bool allow_full_gpu = false;
  int max_containers = 0;
  std::uint64_t memory_bytes = 0;
  double cpus = 0;
  std::uint64_t shm_size_bytes = 0;
  std::int64_t pids_limit = 0;
  std::int64_t gpu_hold_after_stop_seconds = 0;
  std::int64_t container_hold_after_stop_seconds = 0;
  std::int64_t idle_timeout_seconds = 0;
  std::int64_t max_runtime_seconds = 0;
  std::int64_t max_stop_time_seconds = 0;
  std::uint64_t log_size_bytes = 0;

  bool operator==(const LimitValues&) const = default;
};

/// What the caller uses now.
struct LimitUsage {
  double gpus = 0;     // GPU-equivalents held, allocated or kept for a restart
  int containers = 0;  // in every state
  int running = 0;     // running or paused

  bool operator==(const LimitUsage&) const = default;
};

/// GET /v1/limits: who is asking, their limits and their usage.
struct CallerLimits {
  std::string user;
  uid_t uid = 0;
  bool admin = false;
  LimitValues limits;
  LimitUsage usage;

  bool operator==(const CallerLimits&) const = default;
};

void to_json(nlohmann::json& json, const LimitValues& limits);
void from_json(const nlohmann::json& json, LimitValues& limits);
void to_json(nlohmann::json& json, const LimitUsage& usage);
void from_json(const nlohmann::json& json, LimitUsage& usage);
void to_json(nlohmann::json& json, const CallerLimits& limits);
void from_json(const nlohmann::json& json, CallerLimits& limits);

}  // namespace ds01::api
