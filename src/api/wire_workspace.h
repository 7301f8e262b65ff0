#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace ds01::api {

/// GET /v1/workspace: where the caller's projects live and the frameworks a new project may be
/// built on (the config's catalogue: framework name → base image).
struct Workspace {
  std::string root;  // the caller's workspace root: <root>/<project> is a project
  std::map<std::string, std::string> frameworks;

  bool operator==(const Workspace&) const = default;
};

void to_json(nlohmann::json& json, const Workspace& workspace);
void from_json(const nlohmann::json& json, Workspace& workspace);

}  // namespace ds01::api
