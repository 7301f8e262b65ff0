#include "api/wire_limits.h"

namespace ds01::api {

void to_json(nlohmann::json& json, const LimitValues& limits) {
  json = {{"max_gpus", limits.max_gpus},
          {"max_gpus_per_container", limits.max_gpus_per_container},
          {"allow_full_gpu", limits.allow_full_gpu},
          {"max_containers", limits.max_containers},
          {"memory_bytes", limits.memory_bytes},
          {"cpus", limits.cpus},
          {"shm_size_bytes", limits.shm_size_bytes},
          {"pids_limit", limits.pids_limit},
          {"gpu_hold_after_stop_seconds", limits.gpu_hold_after_stop_seconds},
          {"container_hold_after_stop_seconds", limits.container_hold_after_stop_seconds},
          {"idle_timeout_seconds", limits.idle_timeout_seconds},
          {"max_runtime_seconds", limits.max_runtime_seconds},
          {"max_stop_time_seconds", limits.max_stop_time_seconds},
          {"log_size_bytes", limits.log_size_bytes}};
}

void from_json(const nlohmann::json& json, LimitValues& limits) {
  json.at("max_gpus").get_to(limits.max_gpus);
  json.at("max_gpus_per_container").get_to(limits.max_gpus_per_container);
  json.at("allow_full_gpu").get_to(limits.allow_full_gpu);
  json.at("max_containers").get_to(limits.max_containers);
  json.at("memory_bytes").get_to(limits.memory_bytes);
  json.at("cpus").get_to(limits.cpus);
  json.at("shm_size_bytes").get_to(limits.shm_size_bytes);
  json.at("pids_limit").get_to(limits.pids_limit);
  json.at("gpu_hold_after_stop_seconds").get_to(limits.gpu_hold_after_stop_seconds);
  json.at("container_hold_after_stop_seconds").get_to(limits.container_hold_after_stop_seconds);
  json.at("idle_timeout_seconds").get_to(limits.idle_timeout_seconds);
  json.at("max_runtime_seconds").get_to(limits.max_runtime_seconds);
  json.at("max_stop_time_seconds").get_to(limits.max_stop_time_seconds);
  json.at("log_size_bytes").get_to(limits.log_size_bytes);
}

void to_json(nlohmann::json& json, const LimitUsage& usage) {
  json = {{"gpus", usage.gpus}, {"containers", usage.containers}, {"running", usage.running}};
}

void from_json(const nlohmann::json& json, LimitUsage& usage) {
  json.at("gpus").get_to(usage.gpus);
  json.at("containers").get_to(usage.containers);
  json.at("running").get_to(usage.running);
}

void to_json(nlohmann::json& json, const CallerLimits& limits) {
  json = {{"user", limits.user},
          {"uid", limits.uid},
          {"admin", limits.admin},
          {"limits", limits.limits},
          {"usage", limits.usage}};
}

void from_json(const nlohmann::json& json, CallerLimits& limits) {
  json.at("user").get_to(limits.user);
  json.at("uid").get_to(limits.uid);
  json.at("admin").get_to(limits.admin);
  json.at("limits").get_to(limits.limits);
  json.at("usage").get_to(limits.usage);
}

}  // namespace ds01::api
