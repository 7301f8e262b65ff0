#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace ds01::api {

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
