#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "policy/config.h"
#include "policy/gpu_devices.h"
#include "policy/identity.h"
#include "policy/limits.h"

namespace ds01::policy {

/// A host directory or file made visible inside the container.
struct BindMount {
  std::string source;  // absolute host path
  std::string target;  // absolute path inside the container
  bool read_only = false;
};

/// A memory-backed directory inside the container; what it holds counts in the container's
/// memory.
struct TmpfsMount {
  std::string target;                       // absolute path inside the container
  std::optional<std::uint64_t> size_bytes;  // default: the container's memory limit
  std::optional<unsigned> mode;             // permission bits, e.g. 01777; default 0755
};

/// A container port published on the host.
struct PortRequest {
  int container_port = 0;
  std::string protocol = "tcp";  // or "udp"
  int host_port = 0;             // 0: ds01d picks the next free port of the owner's range
  std::string host_ip;           // empty: 127.0.0.1
};

/// When the engine starts an exited container again (docker's --restart).
struct RestartPolicy {
  std::string name;     // "" or "no": never; "on-failure", "unless-stopped"; "always" is refused
  int max_retries = 0;  // on-failure only; 0: no bound
};

/// The container's health probe (docker's --health-* flags); what is unset keeps the image's.
struct HealthOptions {
  std::string command;    // run by /bin/sh -c in the container
  bool disabled = false;  // no probe at all, whatever the image declares
  std::optional<std::chrono::seconds> interval;
  std::optional<std::chrono::seconds> timeout;
  std::optional<std::chrono::seconds> start_period;
  std::optional<int> retries;  // failures in a row that make it unhealthy
};

/// What a user asks for when creating a container, before policy has looked at it. Unset
/// resources take the user's limits.
struct CreateRequest {
  std::string image;
  std::vector<std::string> command;                    // empty: the image's
  std::optional<std::vector<std::string>> entrypoint;  // empty list: none, not the image's
  std::vector<BindMount> binds;
  std::vector<TmpfsMount> tmpfs;
  bool read_only = false;  // the container's own filesystem cannot be written
  bool privileged = false;
  std::vector<std::string> cap_add;
  std::vector<std::string> devices;  // host device paths
  std::string network_mode;  // "", "default", "bridge", "none", "host" or an allowed network
  std::vector<PortRequest> ports;
  std::string pid_mode;  // "" or "host"
  std::string ipc_mode;  // "", "private", "shareable", "none" or "host"
  std::optional<std::uint64_t> memory_bytes;
  std::optional<double> cpus;
  std::optional<std::uint64_t> shm_size_bytes;
  std::optional<std::int64_t> pids_limit;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> env;
  std::string user;  // "uid", "uid:gid" or empty
  // How the process runs (policy/process_options.h checks them).
  std::string working_dir;  // absolute; empty: /workspace when mounted, else the image's
  std::string hostname;     // empty: the container's name
  bool init = false;        // a small init as PID 1: reaps zombies, forwards signals
  std::string stop_signal;  // "SIGINT", "INT" or "2"; empty: the image's
  std::optional<std::int64_t> stop_timeout;  // seconds a stop waits; at most max_stop_time
  RestartPolicy restart;
  bool auto_remove = false;  // the engine removes it when its process exits (run --rm)
  HealthOptions health;
};

/// Sockets whose exposure would hand a container control of the host.
struct ProtectedSockets {
  std::string engine_socket;  // the Docker engine the daemon talks to
  std::string daemon_socket;  // ds01d's own socket
};

/// Checks a create request against the config and the caller's limits, trusting nothing in
/// it, and returns it normalised: every resource set (missing ones at the limit), bind
/// sources and targets written plainly (lexically, see LocateBindSource), the user set to uid:gid
/// when policy runs containers as their owner, and NVIDIA_VISIBLE_DEVICES dropped from the
/// environment (the daemon sets it).
class RequestValidator {
 public:
  /// `gpu_devices` tells which host devices reach a GPU: never passed through, whatever the
  /// config allows.
  explicit RequestValidator(ProtectedSockets sockets, GpuDevices gpu_devices = GpuDevices());

  /// The normalised request, or the first refusal: kPermissionDenied (privileges, mounts,
  /// labels), kLimitExceeded (resources above the limits) or kInvalidArgument (malformed).
  Result<CreateRequest> Validate(const CreateRequest& request, const Config& config,
                                 const Limits& limits, const Identity& identity) const;

 private:
  Status CheckBind(BindMount* bind, const Config& config, const Identity& identity) const;
  Status CheckNotSocket(const BindMount& bind) const;

  GpuDevices gpu_devices_;
  std::vector<std::string> protected_paths_;  // the sockets, as given and resolved
};

}  // namespace ds01::policy
