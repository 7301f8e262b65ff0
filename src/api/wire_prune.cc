#include "api/wire_prune.h"

namespace ds01::api {

void to_json(nlohmann::json& json, const ContainerPruneRequest& request) {
  json = nlohmann::json::object();
  PutIfSet(json, "until", request.until);
  if (request.dry_run) json["dry_run"] = true;
}

void from_json(const nlohmann::json& json, ContainerPruneRequest& request) {
  request.until = OptionalAt<std::int64_t>(json, "until");
  request.dry_run = OptionalAt<bool>(json, "dry_run").value_or(false);
}

void to_json(nlohmann::json& json, const ImagePruneRequest& request) {
  json = nlohmann::json::object();
  if (request.dry_run) json["dry_run"] = true;
}

void from_json(const nlohmann::json& json, ImagePruneRequest& request) {
  request.dry_run = OptionalAt<bool>(json, "dry_run").value_or(false);
}

void to_json(nlohmann::json& json, const Pruned& pruned) {
  json = {
      {"name", pruned.name}, {"owner", pruned.owner},           {"project", pruned.project},
      {"id", pruned.id},     {"size_bytes", pruned.size_bytes}, {"since", TimeJson(pruned.since)}};
}

void from_json(const nlohmann::json& json, Pruned& pruned) {
  json.at("name").get_to(pruned.name);
  json.at("owner").get_to(pruned.owner);
  json.at("project").get_to(pruned.project);
  json.at("id").get_to(pruned.id);
  json.at("size_bytes").get_to(pruned.size_bytes);
  pruned.since = TimeAt(json, "since");
}

void to_json(nlohmann::json& json, const PruneSkipped& skipped) {
  json = {{"name", skipped.name}, {"owner", skipped.owner}, {"reason", skipped.reason}};
}

void from_json(const nlohmann::json& json, PruneSkipped& skipped) {
  json.at("name").get_to(skipped.name);
  json.at("owner").get_to(skipped.owner);
  json.at("reason").get_to(skipped.reason);
}

void to_json(nlohmann::json& json, const PruneReport& report) {
  json = {{"dry_run", report.dry_run},
          {"removed", report.removed},
          {"skipped", report.skipped},
          {"space_reclaimed_bytes", report.space_reclaimed_bytes}};
}

void from_json(const nlohmann::json& json, PruneReport& report) {
  json.at("dry_run").get_to(report.dry_run);
  json.at("removed").get_to(report.removed);
  json.at("skipped").get_to(report.skipped);
  json.at("space_reclaimed_bytes").get_to(report.space_reclaimed_bytes);
}

}  // namespace ds01::api
