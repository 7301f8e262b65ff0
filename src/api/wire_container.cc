#include "api/wire_container.h"

namespace ds01::api {

void to_json(nlohmann::json& json, const Owner& owner) {
  json = {{"uid", owner.uid}, {"user", owner.user}};
}

void from_json(const nlohmann::json& json, Owner& owner) {
  json.at("uid").get_to(owner.uid);
  json.at("user").get_to(owner.user);
}

void to_json(nlohmann::json& json, const ContainerGpu& gpu) {
  json = {{"slot", gpu.slot},
          {"uuid", gpu.uuid},
          {"mig_profile", gpu.mig_profile},
          {"weight", gpu.weight}};
}

void from_json(const nlohmann::json& json, ContainerGpu& gpu) {
  json.at("slot").get_to(gpu.slot);
  json.at("uuid").get_to(gpu.uuid);
  json.at("mig_profile").get_to(gpu.mig_profile);
  json.at("weight").get_to(gpu.weight);
}

void to_json(nlohmann::json& json, const Container& container) {
  json = {{"name", container.name},
          {"owner", container.owner},
          {"state", container.state},
          {"image", container.image},
          {"project", container.project},
          {"interface", container.interface},
          {"gpus", container.gpus},
          {"gpu_state", container.gpu_state},
          {"hold_expires_at", TimeJson(container.hold_expires_at)},
          {"simulated_gpus", container.simulated_gpus},
          {"created_at", TimeJson(container.created_at)},
          {"started_at", TimeJson(container.started_at)},
          {"stopped_at", TimeJson(container.stopped_at)},
          {"docker_id", container.docker_id}};
}

void from_json(const nlohmann::json& json, Container& container) {
  json.at("name").get_to(container.name);
  json.at("owner").get_to(container.owner);
  json.at("state").get_to(container.state);
  json.at("image").get_to(container.image);
  json.at("project").get_to(container.project);
  json.at("interface").get_to(container.interface);
  json.at("gpus").get_to(container.gpus);
  json.at("gpu_state").get_to(container.gpu_state);
  container.hold_expires_at = OptionalTimeAt(json, "hold_expires_at");
  json.at("simulated_gpus").get_to(container.simulated_gpus);
  container.created_at = TimeAt(json, "created_at");
  container.started_at = OptionalTimeAt(json, "started_at");
  container.stopped_at = OptionalTimeAt(json, "stopped_at");
  json.at("docker_id").get_to(container.docker_id);
}

void to_json(nlohmann::json& json, const ContainerList& list) {
  json = {{"containers", list.containers}};
}

void from_json(const nlohmann::json& json, ContainerList& list) {
  json.at("containers").get_to(list.containers);
}

void to_json(nlohmann::json& json, const Removed& removed) {
  json = {{"removed", removed.removed}};
}

void from_json(const nlohmann::json& json, Removed& removed) {
  json.at("removed").get_to(removed.removed);
}

std::string ContainerListText(std::span<const Container> containers) {
  std::string text = R"({"containers":[)";
  for (std::size_t i = 0; i < containers.size(); ++i) {
    if (i > 0) text += ',';
    text += DumpWire(containers[i]);
  }
  return text + "]}";
}

}  // namespace ds01::api
