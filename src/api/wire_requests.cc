#include "api/wire_requests.h"

#include "api/wire_json.h"

namespace ds01::api {
namespace {

nlohmann::json BindJson(const Bind& bind) {
  nlohmann::json json = {{"source", bind.source}, {"target", bind.target}};
  if (bind.read_only) json["read_only"] = true;
  return json;
}

Bind BindOf(const nlohmann::json& json) {
  return {json.at("source").get<std::string>(), json.at("target").get<std::string>(),
          OptionalAt<bool>(json, "read_only").value_or(false)};
}

nlohmann::json TmpfsJson(const Tmpfs& tmpfs) {
  nlohmann::json json = {{"target", tmpfs.target}};
  PutIfSet(json, "size", tmpfs.size);
  PutIfSet(json, "mode", tmpfs.mode);
  return json;
}

Tmpfs TmpfsOf(const nlohmann::json& json) {
  return {json.at("target").get<std::string>(), OptionalAt<std::string>(json, "size"),
          OptionalAt<unsigned>(json, "mode")};
}

nlohmann::json PortJson(const Port& port) {
  nlohmann::json json = {{"container", port.container}, {"protocol", port.protocol}};
  PutIfSet(json, "host", port.host);
  PutIfSet(json, "host_ip", port.host_ip);
  return json;
}

Port PortOf(const nlohmann::json& json) {
  return {json.at("container").get<int>(),
          OptionalAt<std::string>(json, "protocol").value_or("tcp"), OptionalAt<int>(json, "host"),
          OptionalAt<std::string>(json, "host_ip")};
}

nlohmann::json HealthJson(const Health& health) {
  nlohmann::json json = nlohmann::json::object();
  PutIfSet(json, "cmd", health.cmd);
  PutIfSet(json, "interval", health.interval);
  PutIfSet(json, "timeout", health.timeout);
  PutIfSet(json, "start_period", health.start_period);
  PutIfSet(json, "retries", health.retries);
  if (health.disabled) json["disabled"] = true;
  return json;
}

Health HealthOf(const nlohmann::json& json) {
  return {OptionalAt<std::string>(json, "cmd"),
          OptionalAt<std::int64_t>(json, "interval"),
          OptionalAt<std::int64_t>(json, "timeout"),
          OptionalAt<std::int64_t>(json, "start_period"),
          OptionalAt<int>(json, "retries"),
          OptionalAt<bool>(json, "disabled").value_or(false)};
}

template <typename T, typename Write>
nlohmann::json ListJson(const std::vector<T>& items, Write write) {
  nlohmann::json list = nlohmann::json::array();
  for (const T& item : items) list.push_back(write(item));
  return list;
}

template <typename T, typename Read>
std::vector<T> ListAt(const nlohmann::json& json, std::string_view key, Read read) {
  std::vector<T> items;
  const auto found = json.find(key);
  if (found == json.end() || found->is_null()) return items;
  for (const nlohmann::json& item : found->get_ref<const nlohmann::json::array_t&>()) {
    items.push_back(read(item));
  }
  return items;
}

}  // namespace

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
  if (request.command.size() == 1) {
    json["command"] = request.command.front();
  } else if (!request.command.empty()) {
    json["command"] = request.command;
  }
  if (request.shell) json["shell"] = true;
  PutIfSet(json, "entrypoint", request.entrypoint);
  PutIfSet(json, "user", request.user);
  if (!request.binds.empty()) json["binds"] = ListJson(request.binds, BindJson);
  if (!request.tmpfs.empty()) json["tmpfs"] = ListJson(request.tmpfs, TmpfsJson);
  if (request.read_only) json["read_only"] = true;
  PutIfSet(json, "restart", request.restart);
  if (request.auto_remove) json["auto_remove"] = true;
  if (request.health) json["health"] = HealthJson(*request.health);
  if (!request.ports.empty()) json["ports"] = ListJson(request.ports, PortJson);
  PutIfSet(json, "network_mode", request.network);
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
  if (const auto command = json.find("command"); command != json.end()) {
    request.command = command->is_string() ? std::vector<std::string>{command->get<std::string>()}
                                           : command->get<std::vector<std::string>>();
  }
  request.shell = OptionalAt<bool>(json, "shell").value_or(false);
  request.entrypoint = OptionalAt<std::string>(json, "entrypoint");
  request.user = OptionalAt<std::string>(json, "user");
  request.binds = ListAt<Bind>(json, "binds", BindOf);
  request.tmpfs = ListAt<Tmpfs>(json, "tmpfs", TmpfsOf);
  request.read_only = OptionalAt<bool>(json, "read_only").value_or(false);
  request.restart = OptionalAt<std::string>(json, "restart");
  request.auto_remove = OptionalAt<bool>(json, "auto_remove").value_or(false);
  if (const auto health = json.find("health"); health != json.end() && !health->is_null()) {
    request.health = HealthOf(*health);
  }
  request.ports = ListAt<Port>(json, "ports", PortOf);
  request.network = OptionalAt<std::string>(json, "network_mode");
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
