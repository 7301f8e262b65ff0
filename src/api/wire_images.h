#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/wire_container.h"
#include "api/wire_json.h"

namespace ds01::api {

/// An image object (docs/api.md, "Images"): one reference of a local image, whose it is and
/// which of its owner's containers use it.
struct Image {
  std::string reference;   // "ds01-1001/my-thesis:latest"
  std::string repository;  // "ds01-1001/my-thesis"
  std::string tag;         // "latest"
  std::string id;          // the engine's "sha256:…"
  std::int64_t size_bytes = 0;
  TimePoint created_at{};
  std::optional<Owner> owner;        // a project image's; absent for a catalogue image
  std::string kind;                  // "project" or "catalogue"
  std::vector<std::string> used_by;  // names of the owner's containers made from it, sorted

  bool operator==(const Image&) const = default;
};

/// GET /v1/images: {"images": [image…]}.
struct ImageList {
  std::vector<Image> images;

  bool operator==(const ImageList&) const = default;
};

/// POST /v1/images/{name}/remove: {"force"?: true}, sent only when true.
struct ImageRemoveRequest {
  bool force = false;

  bool operator==(const ImageRemoveRequest&) const = default;
};

/// The answer of POST /v1/images/{name}/remove: {"removed": reference}.
struct ImageRemoved {
  std::string removed;

  bool operator==(const ImageRemoved&) const = default;
};

void to_json(nlohmann::json& json, const Image& image);
void from_json(const nlohmann::json& json, Image& image);
void to_json(nlohmann::json& json, const ImageList& list);
void from_json(const nlohmann::json& json, ImageList& list);
void to_json(nlohmann::json& json, const ImageRemoveRequest& request);
void from_json(const nlohmann::json& json, ImageRemoveRequest& request);
void to_json(nlohmann::json& json, const ImageRemoved& removed);
void from_json(const nlohmann::json& json, ImageRemoved& removed);

}  // namespace ds01::api
