#include "api/wire_images.h"

namespace ds01::api {

void to_json(nlohmann::json& json, const Image& image) {
  json = {{"reference", image.reference},
          {"repository", image.repository},
          {"tag", image.tag},
          {"id", image.id},
          {"size_bytes", image.size_bytes},
          {"created_at", TimeJson(image.created_at)},
          {"kind", image.kind},
          {"used_by", image.used_by}};
  PutIfSet(json, "owner", image.owner);
}

void from_json(const nlohmann::json& json, Image& image) {
  json.at("reference").get_to(image.reference);
  json.at("repository").get_to(image.repository);
  json.at("tag").get_to(image.tag);
  json.at("id").get_to(image.id);
  json.at("size_bytes").get_to(image.size_bytes);
  image.created_at = TimeAt(json, "created_at");
  image.owner = OptionalAt<Owner>(json, "owner");
  json.at("kind").get_to(image.kind);
  if (image.kind != "project" && image.kind != "catalogue") {
    throw MalformedField("unknown image kind \"" + image.kind + "\"");
  }
  json.at("used_by").get_to(image.used_by);
}

void to_json(nlohmann::json& json, const ImageList& list) { json = {{"images", list.images}}; }

void from_json(const nlohmann::json& json, ImageList& list) {
  json.at("images").get_to(list.images);
}

void to_json(nlohmann::json& json, const ImageRemoveRequest& request) {
  json = nlohmann::json::object();
  if (request.force) json["force"] = true;
}

void from_json(const nlohmann::json& json, ImageRemoveRequest& request) {
  request.force = OptionalAt<bool>(json, "force").value_or(false);
}

void to_json(nlohmann::json& json, const ImageRemoved& removed) {
  json = {{"removed", removed.removed}};
}

void from_json(const nlohmann::json& json, ImageRemoved& removed) {
  json.at("removed").get_to(removed.removed);
}

}  // namespace ds01::api
