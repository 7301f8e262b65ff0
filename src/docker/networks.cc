#include "docker/networks.h"

#include <utility>

#include "docker/api_path.h"
#include "docker/json_fields.h"

namespace ds01::docker {
namespace {

std::string LabelFilters(const std::vector<std::string>& labels) {
  return EncodeFilters({{"label", labels}});
}

}  // namespace

Result<std::vector<NetworkSummary>> ParseNetworkList(std::string_view body) {
  Result<nlohmann::json> parsed = ParseJson(body, "the network list");
  if (!parsed.ok()) return std::move(parsed).error();
  if (!parsed->is_array()) {
    return MakeError(ErrorCode::kProtocol, "The Docker engine's network list is not a JSON array",
                     "check that the address points at a Docker engine");
  }
  std::vector<NetworkSummary> networks;
  for (const nlohmann::json& item : *parsed) {
    NetworkSummary network;
    network.id = StringField(item, "Id");
    network.name = StringField(item, "Name");
    network.driver = StringField(item, "Driver");
    network.scope = StringField(item, "Scope");
    network.created = StringField(item, "Created");
    network.internal = BoolField(item, "Internal");
    network.labels = StringMapField(item, "Labels");
    networks.push_back(std::move(network));
  }
  return networks;
}

Result<std::vector<NetworkSummary>> NetworkApi::List(const std::vector<std::string>& labels) {
  ApiPath path("/networks");
  if (!labels.empty()) path.AddEncoded("filters", LabelFilters(labels));
  Result<http::Response> response = engine_.Call("GET", path.str());
  if (!response.ok()) return std::move(response).error();
  return ParseNetworkList(response->body);
}

Result<PruneReport> NetworkApi::Prune(const std::vector<std::string>& labels) {
  ApiPath path("/networks/prune");
  if (!labels.empty()) path.AddEncoded("filters", LabelFilters(labels));
  Result<http::Response> response = engine_.Call("POST", path.str());
  if (!response.ok()) return std::move(response).error();
  return ParsePruneReport(response->body, "NetworksDeleted");
}

}  // namespace ds01::docker
