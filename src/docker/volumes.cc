#include "docker/volumes.h"

#include <utility>

#include "docker/api_path.h"
#include "docker/json_fields.h"

namespace ds01::docker {

Result<std::vector<VolumeSummary>> ParseVolumeList(std::string_view body) {
  Result<nlohmann::json> parsed = ParseJson(body, "the volume list");
  if (!parsed.ok()) return std::move(parsed).error();
  std::vector<VolumeSummary> volumes;
  const nlohmann::json& items = Field(*parsed, "Volumes");
  if (!items.is_array()) return volumes;
  for (const nlohmann::json& item : items) {
    VolumeSummary volume;
    volume.name = StringField(item, "Name");
    volume.driver = StringField(item, "Driver");
    volume.mountpoint = StringField(item, "Mountpoint");
    volume.scope = StringField(item, "Scope");
    volume.created_at = StringField(item, "CreatedAt");
    volume.labels = StringMapField(item, "Labels");
    volumes.push_back(std::move(volume));
  }
  return volumes;
}

std::string VolumePruneFilters(std::string_view api_version,
                               const std::vector<std::string>& labels) {
  std::map<std::string, std::vector<std::string>> filters;
  if (!labels.empty()) filters["label"] = labels;
  if (OlderApiVersion(api_version, "1.42") == "1.42") filters["all"] = {"true"};
  return EncodeFilters(filters);
}

Result<std::vector<VolumeSummary>> VolumeApi::List(const std::vector<std::string>& labels) {
  ApiPath path("/volumes");
  if (!labels.empty()) path.AddEncoded("filters", EncodeFilters({{"label", labels}}));
  Result<http::Response> response = engine_.Call("GET", path.str());
  if (!response.ok()) return std::move(response).error();
  return ParseVolumeList(response->body);
}

Result<PruneReport> VolumeApi::Prune(const std::vector<std::string>& labels) {
  ApiPath path("/volumes/prune");
  path.AddEncoded("filters", VolumePruneFilters(engine_.api_version(), labels));
  Result<http::Response> response = engine_.Call("POST", path.str());
  if (!response.ok()) return std::move(response).error();
  return ParsePruneReport(response->body, "VolumesDeleted");
}

}  // namespace ds01::docker
