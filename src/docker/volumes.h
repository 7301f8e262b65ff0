#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "docker/containers.h"
#include "docker/engine.h"

namespace ds01::docker {

/// One entry of GET /volumes.
struct VolumeSummary {
  std::string name;
  std::string driver;
  std::string mountpoint;
  std::string scope;       // "local" or "global"
  std::string created_at;  // RFC 3339, as the engine gives it
  std::map<std::string, std::string> labels;
};

/// Parses GET /volumes ({"Volumes":[…],"Warnings":[…]}).
Result<std::vector<VolumeSummary>> ParseVolumeList(std::string_view body);

/// The filters= value of a volume prune: `labels` and, from API 1.42 on (where a prune spares
/// named volumes unless told otherwise), all=true, so every version prunes the same volumes.
std::string VolumePruneFilters(std::string_view api_version,
                               const std::vector<std::string>& labels);

/// The volume endpoints of the Engine API that ds01 needs, typed.
class VolumeApi {
 public:
  explicit VolumeApi(Engine& engine) : engine_(engine) {}

  /// The volumes carrying every label in `labels` ("key" or "key=value").
  Result<std::vector<VolumeSummary>> List(const std::vector<std::string>& labels = {});
  /// Removes the volumes no container uses that carry every label in `labels`; what it freed.
  Result<PruneReport> Prune(const std::vector<std::string>& labels = {});

 private:
  Engine& engine_;
};

}  // namespace ds01::docker
