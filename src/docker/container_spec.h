#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"

namespace ds01::docker {

/// A mount in Docker's `Mounts` form: type "bind", "volume" or "tmpfs".
struct Mount {
  std::string type = "bind";
  std::string source;  // host path (bind) or volume name (volume); empty for tmpfs
  std::string target;  // path inside the container
  bool read_only = false;
  std::uint64_t tmpfs_size_bytes = 0;  // tmpfs only; 0 = the engine's default

  bool operator==(const Mount&) const = default;
};

/// One published port: container_port is "8000", "8000/tcp" or "53/udp"; an empty host_port
/// lets the engine pick one.
struct PortBinding {
  std::string container_port;
  std::string host_ip;
  std::string host_port;

  bool operator==(const PortBinding&) const = default;
};

/// When the engine restarts a container: "", "no", "always", "unless-stopped", "on-failure".
struct RestartPolicy {
  std::string name;
  int maximum_retry_count = 0;  // on-failure only

  bool operator==(const RestartPolicy&) const = default;
};

/// A request for devices from a driver, as used for GPUs ("nvidia", capabilities [["gpu"]]).
struct DeviceRequest {
  std::string driver;
  int count = 0;  // -1 = all; the engine refuses count together with device_ids
  std::vector<std::string> device_ids;
  std::vector<std::vector<std::string>> capabilities;
  std::map<std::string, std::string> options;

  bool operator==(const DeviceRequest&) const = default;
};

/// The container's health probe; durations are sent to the engine in nanoseconds.
struct Healthcheck {
  std::vector<std::string> test;  // ["CMD", …], ["CMD-SHELL", "…"] or ["NONE"]
  std::chrono::nanoseconds interval{0};
  std::chrono::nanoseconds timeout{0};
  std::chrono::nanoseconds start_period{0};
  int retries = 0;

  bool operator==(const Healthcheck&) const = default;
};

/// Where the engine keeps a container's output: a driver ("json-file") and its options
/// ("max-size", "max-file").
struct LogConfig {
  std::string type;
  std::map<std::string, std::string> options;

  bool operator==(const LogConfig&) const = default;
};

/// Everything ds01 sets when it creates a container (seed 003's options); zero, empty and
/// nullopt leave the engine's default.
struct ContainerSpec {
  std::string name;  // sent as ?name=; empty lets the engine choose
  std::string image;
  std::vector<std::string> cmd;
  std::optional<std::vector<std::string>> entrypoint;
  std::string hostname;
  std::string user;  // "1000:1000"
  std::string working_dir;
  std::map<std::string, std::string> env;
  std::map<std::string, std::string> labels;
  bool tty = false;
  bool open_stdin = false;  // keep stdin open for attach (also sets AttachStdin)

  // Storage.
  std::vector<std::string> binds;  // "/host:/container[:ro|rw]"
  std::vector<Mount> mounts;
  std::map<std::string, std::string> tmpfs;  // path → options ("size=100m")
  bool read_only_rootfs = false;

  // Networking.
  std::vector<PortBinding> ports;
  std::string network;  // NetworkMode: "bridge", "none", "host" or a network's name
  std::vector<std::string> network_aliases;

  // Lifecycle.
  std::optional<RestartPolicy> restart_policy;
  std::optional<bool> init;
  std::string stop_signal;  // "SIGTERM"
  std::optional<int> stop_timeout_seconds;
  bool auto_remove = false;
  std::optional<Healthcheck> healthcheck;
  std::optional<LogConfig> log_config;

  // Resources and isolation.
  std::int64_t memory_bytes = 0;
  std::int64_t memory_swap_bytes = 0;  // -1 = unlimited swap
  std::int64_t nano_cpus = 0;          // 500'000'000 = half a CPU
  std::int64_t shm_size_bytes = 0;
  std::optional<std::int64_t> pids_limit;
  std::vector<DeviceRequest> device_requests;
  std::string runtime;
  std::string cgroup_parent;
  bool privileged = false;
  std::vector<std::string> cap_add;
  std::vector<std::string> cap_drop;
  std::vector<std::string> devices;  // host device paths, given at the same path, rwm
  std::string pid_mode;              // "" or "host"
  std::string ipc_mode;              // "", "private", "shareable", "none" or "host"
  std::vector<std::string> security_opt;
  std::vector<std::string> group_add;

  bool operator==(const ContainerSpec&) const = default;
};

/// The JSON body of POST /containers/create for `spec`; refuses what the engine would refuse
/// with a less helpful message (no image, malformed ports or binds, count with device IDs).
Result<nlohmann::json> ContainerCreateBody(const ContainerSpec& spec);

/// DeviceRequest ↔ the engine's JSON (also used when reading HostConfig back).
nlohmann::json DeviceRequestToJson(const DeviceRequest& request);
DeviceRequest DeviceRequestFromJson(const nlohmann::json& json);

}  // namespace ds01::docker
