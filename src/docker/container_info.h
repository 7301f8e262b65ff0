#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "docker/container_spec.h"

namespace ds01::docker {

/// One probe result in State.Health.Log.
struct HealthLogEntry {
  std::string start;
  std::string end;
  int exit_code = 0;
  std::string output;
};

/// State.Health: "starting", "healthy" or "unhealthy", with the recent probes.
struct HealthState {
  std::string status;
  int failing_streak = 0;
  std::vector<HealthLogEntry> log;
};

/// State: where the container is in its life.
struct ContainerState {
  std::string status;  // "created", "running", "paused", "restarting", "exited", "dead"
  bool running = false;
  bool paused = false;
  bool restarting = false;
  bool oom_killed = false;
  int pid = 0;
  int exit_code = 0;
  std::string error;  // e.g. why the last start failed
  std::string started_at;
  std::string finished_at;
  std::optional<HealthState> health;
};

/// The typed subset of GET /containers/{id}/json that ds01 reads, plus the raw document.
struct ContainerInspect {
  std::string id;
  std::string name;  // without the engine's leading '/'
  std::string image_id;
  std::string created;
  int restart_count = 0;
  ContainerState state;

  // Config.
  std::string image;
  std::vector<std::string> cmd;
  std::vector<std::string> env;  // "KEY=VALUE" as the engine stores it
  std::map<std::string, std::string> labels;
  std::string hostname;
  std::string user;
  std::string working_dir;
  std::string stop_signal;
  bool tty = false;
  bool open_stdin = false;
  std::vector<std::string> healthcheck_test;  // its own or its image's; empty or ["NONE"]: none

  // HostConfig.
  std::vector<std::string> binds;
  std::vector<Mount> mounts;  // HostConfig.Mounts: what the container was created with
  std::map<std::string, std::string> tmpfs;
  std::string network_mode;
  RestartPolicy restart_policy;
  bool init = false;
  bool auto_remove = false;
  bool read_only_rootfs = false;
  std::int64_t memory_bytes = 0;
  std::int64_t nano_cpus = 0;
  std::int64_t shm_size_bytes = 0;
  std::int64_t pids_limit = 0;
  std::vector<DeviceRequest> device_requests;

  std::int64_t size_rw = 0;  // SizeRw: bytes in its own layer; only when the inspect asked for it

  nlohmann::json raw;
};

/// One published port in a list entry.
struct PortSummary {
  std::string ip;
  int private_port = 0;
  int public_port = 0;
  std::string type;
};

/// One entry of GET /containers/json.
struct ContainerSummary {
  std::string id;
  std::vector<std::string> names;  // without the leading '/'
  std::string image;
  std::string image_id;
  std::string command;
  std::int64_t created = 0;  // Unix seconds
  std::string state;         // "running", "exited", …
  std::string status;        // "Up 3 minutes"
  std::map<std::string, std::string> labels;
  std::vector<PortSummary> ports;

  /// The first name, or the short ID when the engine gave none.
  std::string name() const;
};

/// Parses an inspect document.
Result<ContainerInspect> ParseContainerInspect(std::string_view body);
/// Parses a container list.
Result<std::vector<ContainerSummary>> ParseContainerList(std::string_view body);

}  // namespace ds01::docker
