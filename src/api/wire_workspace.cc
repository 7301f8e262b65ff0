#include "api/wire_workspace.h"

namespace ds01::api {

void to_json(nlohmann::json& json, const Workspace& workspace) {
  json = {{"root", workspace.root}, {"frameworks", workspace.frameworks}};
}

void from_json(const nlohmann::json& json, Workspace& workspace) {
  json.at("root").get_to(workspace.root);
  json.at("frameworks").get_to(workspace.frameworks);
}

}  // namespace ds01::api
