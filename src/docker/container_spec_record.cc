#include "docker/container_spec_record.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>

// The one specialisation this file needs that nlohmann 3.11 (Debian 12) lacks: an absent
// optional is stored as null.
template <typename T>
struct nlohmann::adl_serializer<std::optional<T>> {
  static void to_json(json& out, const std::optional<T>& value) {
    if (value) {
      out = *value;
    } else {
      out = nullptr;
    }
  }
  static void from_json(const json& in, std::optional<T>& value) {
    if (in.is_null()) {
      value.reset();
    } else {
      value = in.get<T>();
    }
  }
};

namespace ds01::docker {

// Field lists, in declaration order; the round-trip test fails when a field is left out.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Mount, type, source, target, read_only,
                                                tmpfs_size_bytes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PortBinding, container_port, host_ip, host_port)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RestartPolicy, name, maximum_retry_count)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DeviceRequest, driver, count, device_ids,
                                                capabilities, options)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LogConfig, type, options)

void to_json(nlohmann::json& out, const Healthcheck& check) {
  out = {{"test", check.test},
         {"interval_ns", check.interval.count()},
         {"timeout_ns", check.timeout.count()},
         {"start_period_ns", check.start_period.count()},
         {"retries", check.retries}};
}

void from_json(const nlohmann::json& in, Healthcheck& check) {
  check.test = in.value("test", std::vector<std::string>{});
  check.interval = std::chrono::nanoseconds(in.value("interval_ns", std::int64_t{0}));
  check.timeout = std::chrono::nanoseconds(in.value("timeout_ns", std::int64_t{0}));
  check.start_period = std::chrono::nanoseconds(in.value("start_period_ns", std::int64_t{0}));
  check.retries = in.value("retries", 0);
}

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    ContainerSpec, name, image, cmd, entrypoint, hostname, user, working_dir, env, labels, tty,
    open_stdin, binds, mounts, tmpfs, read_only_rootfs, ports, network, network_aliases,
    restart_policy, init, stop_signal, stop_timeout_seconds, auto_remove, healthcheck, log_config,
    memory_bytes, memory_swap_bytes, nano_cpus, shm_size_bytes, pids_limit, device_requests,
    runtime, cgroup_parent, privileged, cap_add, cap_drop, devices, pid_mode, ipc_mode,
    security_opt, group_add)

std::string SpecRecord(const ContainerSpec& spec) { return nlohmann::json(spec).dump(); }

Result<ContainerSpec> SpecFromRecord(std::string_view record) {
  try {
    return nlohmann::json::parse(record).get<ContainerSpec>();
  } catch (const nlohmann::json::exception& error) {
    return MakeError(ErrorCode::kInternal,
                     fmt::format("A stored container spec is not readable: {}", error.what()),
                     "remove the container and create it again");
  }
}

}  // namespace ds01::docker
