#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ds01::api {

/// A host directory or file mounted into the container ("binds").
struct Bind {
  std::string source;  // absolute, inside the caller's workspace root or a shared root
  std::string target;
  bool read_only = false;  // left out when false

  bool operator==(const Bind&) const = default;
};

/// A memory-backed directory ("tmpfs").
struct Tmpfs {
  std::string target;
  std::optional<std::string> size;  // "1G" or bytes; default: the container's memory
  std::optional<unsigned> mode;     // permission bits, e.g. 01777 (sent as a number)

  bool operator==(const Tmpfs&) const = default;
};

/// A container port published on the host ("ports").
struct Port {
  int container = 0;
  std::string protocol = "tcp";        // or "udp"
  std::optional<int> host;             // default: the next free port of the caller's range
  std::optional<std::string> host_ip;  // default: 127.0.0.1

  bool operator==(const Port&) const = default;
};

/// The health probe ("health"); durations in seconds, unset ones keep the image's.
struct Health {
  std::optional<std::string> cmd;  // run by /bin/sh -c in the container
  std::optional<std::int64_t> interval;
  std::optional<std::int64_t> timeout;
  std::optional<std::int64_t> start_period;
  std::optional<int> retries;
  bool disabled = false;  // no probe at all; left out when false

  bool operator==(const Health&) const = default;
};

/// POST /v1/containers as ds01 sends it. ds01d accepts more fields (docs/api.md, "Create body,
/// in full") and reads the body itself, under bounds (daemon/request_bodies.h).
struct CreateRequest {
  std::string name;
  std::optional<std::string> image;           // default: the project's image
  std::optional<std::string> project;         // default: the name
  std::optional<std::string> workspace;       // a path to mount at /workspace instead
  std::optional<int> gpus;                    // whole GPUs; ds01d's default is 1
  std::optional<std::string> mig_profile;     // one MIG instance instead of whole GPUs
  std::map<std::string, std::string> env;     // left out when empty
  std::map<std::string, std::string> labels;  // left out when empty; ds01.* is refused
  std::optional<std::string> memory;          // "8G" or bytes; default and cap: the limit
  std::optional<double> cpus;
  std::optional<std::string> shm_size;
  std::optional<std::int64_t> pids_limit;
  std::optional<std::string> workdir;
  std::optional<std::string> hostname;  // default: the container's name
  bool init = false;                    // left out when false
  std::optional<std::string> stop_signal;
  std::optional<std::int64_t> stop_timeout;  // seconds
  // One argument alone is sent as a string, which ds01d splits as a shell would (or, with
  // shell, runs by /bin/sh -c); more are sent as the list they are.
  std::vector<std::string> command;       // left out when empty: the image's
  bool shell = false;                     // left out when false
  std::optional<std::string> entrypoint;  // split as a shell would; "" clears the image's
  std::optional<std::string> user;        // "uid[:gid]" or a name; policy decides
  std::vector<Bind> binds;                // left out when empty
  std::vector<Tmpfs> tmpfs;               // left out when empty
  bool read_only = false;                 // left out when false
  std::optional<std::string> restart;     // "no", "on-failure[:N]", "unless-stopped"
  bool auto_remove = false;               // removed at its exit (run --rm); left out when false
  std::optional<Health> health;
  std::vector<Port> ports;             // left out when empty
  std::optional<std::string> network;  // sent as "network_mode"

  bool operator==(const CreateRequest&) const = default;
};

/// POST /v1/containers/{name}/stop: {"time"?: seconds of grace before the kill}.
struct StopRequest {
  std::optional<std::int64_t> time;

  bool operator==(const StopRequest&) const = default;
};

/// POST /v1/containers/{name}/remove: {"stop"?: true} to stop a running container first.
struct RemoveRequest {
  bool stop = false;  // left out when false

  bool operator==(const RemoveRequest&) const = default;
};

void to_json(nlohmann::json& json, const CreateRequest& request);
void from_json(const nlohmann::json& json, CreateRequest& request);
void to_json(nlohmann::json& json, const StopRequest& request);
void from_json(const nlohmann::json& json, StopRequest& request);
void to_json(nlohmann::json& json, const RemoveRequest& request);
void from_json(const nlohmann::json& json, RemoveRequest& request);

}  // namespace ds01::api
