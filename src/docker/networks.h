#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "docker/containers.h"
#include "docker/engine.h"

namespace ds01::docker {

/// One entry of GET /networks.
struct NetworkSummary {
  std::string id;
  std::string name;
  std::string driver;   // "bridge", "host", "null", …
  std::string scope;    // "local", "swarm"
  std::string created;  // RFC 3339, as the engine gives it
  bool internal = false;
  std::map<std::string, std::string> labels;
};

/// Parses GET /networks.
Result<std::vector<NetworkSummary>> ParseNetworkList(std::string_view body);

/// The network endpoints of the Engine API that ds01 needs, typed.
class NetworkApi {
 public:
  explicit NetworkApi(Engine& engine) : engine_(engine) {}

  /// The networks carrying every label in `labels` ("key" or "key=value").
  Result<std::vector<NetworkSummary>> List(const std::vector<std::string>& labels = {});
  /// Removes the networks no container uses that carry every label in `labels`; `deleted`
  /// holds their names (networks reclaim no space).
  Result<PruneReport> Prune(const std::vector<std::string>& labels = {});

 private:
  Engine& engine_;
};

}  // namespace ds01::docker
