#include "api/wire_requests.h"

#include "api/wire_json.h"

namespace ds01::api {

void to_json(nlohmann::json& json, const CreateRequest& request) {
  json = {{"name", request.name}};
  PutIfSet(json, "image", request.image);
  PutIfSet(json, "project", request.project);
  PutIfSet(json, "workspace", request.workspace);
  PutIfSet(json, "gpus", request.gpus);
  PutIfSet(json, "mig_profile", request.mig_profile);
  if (!request.env.empty()) json["env"] = request.env;
  if (!request.labels.empty()) json["labels"] = request.labels;
  PutIfSet(json, "memory", request.memory);
  PutIfSet(json, "cpus", request.cpus);
  PutIfSet(json, "shm_size", request.shm_size);
  PutIfSet(json, "pids_limit", request.pids_limit);
  PutIfSet(json, "workdir", request.workdir);
  PutIfSet(json, "hostname", request.hostname);
  if (request.init) json["init"] = true;
  PutIfSet(json, "stop_signal", request.stop_signal);
  PutIfSet(json, "stop_timeout", request.stop_timeout);
}

void from_json(const nlohmann::json& json, CreateRequest& request) {
  json.at("name").get_to(request.name);
  request.image = OptionalAt<std::string>(json, "image");
  request.project = OptionalAt<std::string>(json, "project");
  request.workspace = OptionalAt<std::string>(json, "workspace");
  request.gpus = OptionalAt<int>(json, "gpus");
  request.mig_profile = OptionalAt<std::string>(json, "mig_profile");
  using Map = std::map<std::string, std::string>;
  request.env = OptionalAt<Map>(json, "env").value_or(Map{});
  request.labels = OptionalAt<Map>(json, "labels").value_or(Map{});
  request.memory = OptionalAt<std::string>(json, "memory");
  request.cpus = OptionalAt<double>(json, "cpus");
  request.shm_size = OptionalAt<std::string>(json, "shm_size");
  request.pids_limit = OptionalAt<std::int64_t>(json, "pids_limit");
  request.workdir = OptionalAt<std::string>(json, "workdir");
  request.hostname = OptionalAt<std::string>(json, "hostname");
  request.init = OptionalAt<bool>(json, "init").value_or(false);
  request.stop_signal = OptionalAt<std::string>(json, "stop_signal");
  request.stop_timeout = OptionalAt<std::int64_t>(json, "stop_timeout");
}

void to_json(nlohmann::json& json, const StopRequest& request) {
  json = nlohmann::json::object();
  PutIfSet(json, "time", request.time);
}

void from_json(const nlohmann::json& json, StopRequest& request) {
  request.time = OptionalAt<std::int64_t>(json, "time");
}

void to_json(nlohmann::json& json, const RemoveRequest& request) {
  json = nlohmann::json::object();
  if (request.stop) json["stop"] = true;
}

void from_json(const nlohmann::json& json, RemoveRequest& request) {
  request.stop = OptionalAt<bool>(json, "stop").value_or(false);
}

}  // namespace ds01::api
