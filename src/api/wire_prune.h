#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/wire_container.h"
#include "api/wire_json.h"

namespace ds01::api {

/// POST /v1/containers/prune: {"until"?: seconds, "dry_run"?: true}, each left out when unset.
struct ContainerPruneRequest {
  std::optional<std::int64_t> until;  // only those without processes for longer than this
  bool dry_run = false;               // say what would go, remove nothing

  bool operator==(const ContainerPruneRequest&) const = default;
};

/// POST /v1/images/prune: {"dry_run"?: true}.
struct ImagePruneRequest {
  bool dry_run = false;

  bool operator==(const ImagePruneRequest&) const = default;
};

/// One container or image a prune removed (in a dry run: would remove).
struct Pruned {
  std::string name;             // a container's name; an image's short id, "3f2a1b0c9d8e"
  Owner owner;                  // whose it is (an image's: who built it)
  std::string project;          // the container's project; the project the image was built for
  std::string id;               // the engine's: a container's docker_id, an image's "sha256:…"
  std::int64_t size_bytes = 0;  // what removing it frees: a container's writable layer, the
                                // layers of an image that nothing else holds
  TimePoint since{};  // a container's last stop (its creation if never started); an image's build

  bool operator==(const Pruned&) const = default;
};

/// One that qualified when the prune began and was left, and why.
struct PruneSkipped {
  std::string name;  // as in Pruned
  Owner owner;
  std::string reason;  // "it is running now", "container train still uses it"

  bool operator==(const PruneSkipped&) const = default;
};

/// The answer of POST /v1/containers/prune and POST /v1/images/prune.
struct PruneReport {
  bool dry_run = false;
  std::vector<Pruned> removed;
  std::vector<PruneSkipped> skipped;
  std::int64_t space_reclaimed_bytes = 0;  // the removed ones' size_bytes, added up

  bool operator==(const PruneReport&) const = default;
};

void to_json(nlohmann::json& json, const ContainerPruneRequest& request);
void from_json(const nlohmann::json& json, ContainerPruneRequest& request);
void to_json(nlohmann::json& json, const ImagePruneRequest& request);
void from_json(const nlohmann::json& json, ImagePruneRequest& request);
void to_json(nlohmann::json& json, const Pruned& pruned);
void from_json(const nlohmann::json& json, Pruned& pruned);
void to_json(nlohmann::json& json, const PruneSkipped& skipped);
void from_json(const nlohmann::json& json, PruneSkipped& skipped);
void to_json(nlohmann::json& json, const PruneReport& report);
void from_json(const nlohmann::json& json, PruneReport& report);

}  // namespace ds01::api
