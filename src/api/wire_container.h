#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "api/wire_json.h"

namespace ds01::api {

/// Whose a container is: {"uid", "user"}.
struct Owner {
  uid_t uid = 0;
  std::string user;

  bool operator==(const Owner&) const = default;
};

/// One GPU slot of a container: {"slot", "uuid", "mig_profile", "weight"}.
struct ContainerGpu {
  std::string slot;         // "0", or "1:2" for a MIG instance
  std::string uuid;         // "GPU-…" or "MIG-…"
  std::string mig_profile;  // empty for a whole GPU
  double weight = 0;        // GPU-equivalents: 1 for a whole GPU

  bool operator==(const ContainerGpu&) const = default;
};

/// A container object (docs/api.md, "Containers"): what every container route answers.
struct Container {
  std::string name;
  Owner owner;
  ContainerState state = ContainerState::kCreated;
  std::string image;
  std::string project;
  std::string interface;  // "atomic"
  std::vector<ContainerGpu> gpus;
  std::string gpu_state;                     // "allocated", "held" or "none"
  std::optional<TimePoint> hold_expires_at;  // while gpu_state is "held"
  bool simulated_gpus = false;               // GPUs declared in the config, not found by NVML
  TimePoint created_at{};
  std::optional<TimePoint> started_at;  // the last start
  std::optional<TimePoint> stopped_at;  // the last stop; a start clears it
  std::string docker_id;

  bool operator==(const Container&) const = default;
};

/// GET /v1/containers: {"containers": [container…]}.
struct ContainerList {
  std::vector<Container> containers;

  bool operator==(const ContainerList&) const = default;
};

/// POST /v1/containers/{name}/remove: {"removed": name}.
struct Removed {
  std::string removed;

  bool operator==(const Removed&) const = default;
};

void to_json(nlohmann::json& json, const Owner& owner);
void from_json(const nlohmann::json& json, Owner& owner);
void to_json(nlohmann::json& json, const ContainerGpu& gpu);
void from_json(const nlohmann::json& json, ContainerGpu& gpu);
void to_json(nlohmann::json& json, const Container& container);
void from_json(const nlohmann::json& json, Container& container);
void to_json(nlohmann::json& json, const ContainerList& list);
void from_json(const nlohmann::json& json, ContainerList& list);
void to_json(nlohmann::json& json, const Removed& removed);
void from_json(const nlohmann::json& json, Removed& removed);

/// ContainerList's text, written one container at a time, so that a listing of thousands never
/// builds one tree of them all.
std::string ContainerListText(std::span<const Container> containers);

}  // namespace ds01::api
