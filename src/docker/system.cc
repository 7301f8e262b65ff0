#include "docker/system.h"

#include <algorithm>

#include "docker/json_fields.h"

namespace ds01::docker {

Result<VersionInfo> ParseVersionInfo(std::string_view body) {
  Result<nlohmann::json> parsed = ParseJson(body, "the engine's version");
  if (!parsed.ok()) return parsed.error();
  const nlohmann::json& doc = *parsed;
  return VersionInfo{StringField(doc, "Version"),       StringField(doc, "ApiVersion"),
                     StringField(doc, "MinAPIVersion"), StringField(doc, "Os"),
                     StringField(doc, "Arch"),          StringField(doc, "KernelVersion")};
}

Result<SystemInfo> ParseSystemInfo(std::string_view body) {
  Result<nlohmann::json> parsed = ParseJson(body, "the engine's info");
  if (!parsed.ok()) return parsed.error();
  const nlohmann::json& doc = *parsed;
  SystemInfo info;
  info.id = StringField(doc, "ID");
  info.name = StringField(doc, "Name");
  info.server_version = StringField(doc, "ServerVersion");
  info.operating_system = StringField(doc, "OperatingSystem");
  info.kernel_version = StringField(doc, "KernelVersion");
  info.storage_driver = StringField(doc, "Driver");
  info.cgroup_driver = StringField(doc, "CgroupDriver");
  info.cgroup_version = StringField(doc, "CgroupVersion");
  info.default_runtime = StringField(doc, "DefaultRuntime");
  const nlohmann::json& runtimes = Field(doc, "Runtimes");
  if (runtimes.is_object()) {
    for (const auto& [name, runtime] : runtimes.items()) info.runtimes.push_back(name);
  }
  info.has_nvidia_runtime =
      std::find(info.runtimes.begin(), info.runtimes.end(), "nvidia") != info.runtimes.end();
  for (const std::string& option : StringListField(doc, "SecurityOptions")) {
    info.user_namespaces = info.user_namespaces || option == "name=userns";
  }
  info.containers = static_cast<int>(IntField(doc, "Containers"));
  info.containers_running = static_cast<int>(IntField(doc, "ContainersRunning"));
  info.images = static_cast<int>(IntField(doc, "Images"));
  info.cpus = static_cast<int>(IntField(doc, "NCPU"));
  info.memory_bytes = IntField(doc, "MemTotal");
  return info;
}

Status SystemApi::Ping() {
  Result<http::Response> pong = engine_.Call("GET", "/_ping");
  if (!pong.ok()) return pong.error();
  if (pong->body != "OK") {
    return MakeError(ErrorCode::kProtocol, "GET /_ping answered '" + pong->body + "', not OK",
                     "check that the address points at a Docker engine");
  }
  return Ok();
}

Result<VersionInfo> SystemApi::Version() {
  Result<http::Response> response = engine_.Call("GET", "/version");
  if (!response.ok()) return response.error();
  return ParseVersionInfo(response->body);
}

Result<SystemInfo> SystemApi::Info() {
  Result<http::Response> response = engine_.Call("GET", "/info");
  if (!response.ok()) return response.error();
  return ParseSystemInfo(response->body);
}

Result<std::unique_ptr<EventStream>> SystemApi::Events(const EventQuery& query) {
  Result<std::unique_ptr<http::BodyStream>> body = engine_.OpenStream("GET", EventsPath(query));
  if (!body.ok()) return body.error();
  return std::make_unique<EventStream>(std::move(*body), &ParseEvent);
}

}  // namespace ds01::docker
