#include "api/wire_event.h"

namespace ds01::api {

void to_json(nlohmann::json& json, const Event& event) {
  json = {{"id", event.id},           {"time", TimeJson(event.time)},
          {"actor", event.actor},     {"action", event.action},
          {"owner", event.owner},     {"container", event.container},
          {"outcome", event.outcome}, {"detail", event.detail}};
}

void from_json(const nlohmann::json& json, Event& event) {
  json.at("id").get_to(event.id);
  event.time = TimeAt(json, "time");
  json.at("actor").get_to(event.actor);
  json.at("action").get_to(event.action);
  json.at("owner").get_to(event.owner);
  json.at("container").get_to(event.container);
  json.at("outcome").get_to(event.outcome);
  json.at("detail").get_to(event.detail);
}

}  // namespace ds01::api
