#include "docker/container_info.h"

#include <utility>

#include "docker/json_fields.h"

namespace ds01::docker {
namespace {

using nlohmann::json;

std::string WithoutSlash(std::string name) {
  if (!name.empty() && name.front() == '/') name.erase(0, 1);
  return name;
}

HealthState ParseHealth(const json& health) {
  HealthState out;
  out.status = StringField(health, "Status");
  out.failing_streak = static_cast<int>(IntField(health, "FailingStreak"));
  const json& log = Field(health, "Log");
  if (log.is_array()) {
    for (const json& entry : log) {
      out.log.push_back({StringField(entry, "Start"), StringField(entry, "End"),
                         static_cast<int>(IntField(entry, "ExitCode")),
                         StringField(entry, "Output")});
    }
  }
  return out;
}

ContainerState ParseState(const json& state) {
  ContainerState out;
  out.status = StringField(state, "Status");
  out.running = BoolField(state, "Running");
  out.paused = BoolField(state, "Paused");
  out.restarting = BoolField(state, "Restarting");
  out.oom_killed = BoolField(state, "OOMKilled");
  out.pid = static_cast<int>(IntField(state, "Pid"));
  out.exit_code = static_cast<int>(IntField(state, "ExitCode"));
  out.error = StringField(state, "Error");
  out.started_at = StringField(state, "StartedAt");
  out.finished_at = StringField(state, "FinishedAt");
  const json& health = Field(state, "Health");
  if (health.is_object()) out.health = ParseHealth(health);
  return out;
}

void ParseConfig(const json& config, ContainerInspect& out) {
  out.image = StringField(config, "Image");
  out.cmd = StringListField(config, "Cmd");
  out.env = StringListField(config, "Env");
  out.labels = StringMapField(config, "Labels");
  out.hostname = StringField(config, "Hostname");
  out.user = StringField(config, "User");
  out.working_dir = StringField(config, "WorkingDir");
  out.stop_signal = StringField(config, "StopSignal");
  out.tty = BoolField(config, "Tty");
  out.open_stdin = BoolField(config, "OpenStdin");
  out.healthcheck_test = StringListField(Field(config, "Healthcheck"), "Test");
}

void ParseHostConfig(const json& host, ContainerInspect& out) {
  out.binds = StringListField(host, "Binds");
  const json& mounts = Field(host, "Mounts");
  if (mounts.is_array()) {
    for (const json& mount : mounts) {
      out.mounts.push_back(Mount{StringField(mount, "Type"), StringField(mount, "Source"),
                                 StringField(mount, "Target"), BoolField(mount, "ReadOnly")});
    }
  }
  out.tmpfs = StringMapField(host, "Tmpfs");
  out.network_mode = StringField(host, "NetworkMode");
  const json& restart = Field(host, "RestartPolicy");
  out.restart_policy = {StringField(restart, "Name"),
                        static_cast<int>(IntField(restart, "MaximumRetryCount"))};
  out.init = BoolField(host, "Init");
  out.auto_remove = BoolField(host, "AutoRemove");
  out.read_only_rootfs = BoolField(host, "ReadonlyRootfs");
  out.memory_bytes = IntField(host, "Memory");
  out.nano_cpus = IntField(host, "NanoCpus");
  out.shm_size_bytes = IntField(host, "ShmSize");
  out.pids_limit = IntField(host, "PidsLimit");
  const json& requests = Field(host, "DeviceRequests");
  if (requests.is_array()) {
    for (const json& request : requests) {
      out.device_requests.push_back(DeviceRequestFromJson(request));
    }
  }
}

ContainerSummary ParseSummary(const json& entry) {
  ContainerSummary out;
  out.id = StringField(entry, "Id");
  for (std::string& name : StringListField(entry, "Names")) {
    out.names.push_back(WithoutSlash(std::move(name)));
  }
  out.image = StringField(entry, "Image");
  out.image_id = StringField(entry, "ImageID");
  out.command = StringField(entry, "Command");
  out.created = IntField(entry, "Created");
  out.state = StringField(entry, "State");
  out.status = StringField(entry, "Status");
  out.labels = StringMapField(entry, "Labels");
  const json& ports = Field(entry, "Ports");
  if (ports.is_array()) {
    for (const json& port : ports) {
      out.ports.push_back({StringField(port, "IP"), static_cast<int>(IntField(port, "PrivatePort")),
                           static_cast<int>(IntField(port, "PublicPort")),
                           StringField(port, "Type")});
    }
  }
  return out;
}

}  // namespace

std::string ContainerSummary::name() const {
  if (!names.empty()) return names.front();
  return id.substr(0, 12);
}

Result<ContainerInspect> ParseContainerInspect(std::string_view body) {
  Result<json> parsed = ParseJson(body, "a container inspect");
  if (!parsed.ok()) return parsed.error();
  if (!parsed->is_object()) {
    return MakeError(ErrorCode::kProtocol, "The Docker engine's container inspect is not an object",
                     "check that the address points at a Docker engine");
  }
  ContainerInspect out;
  const json& doc = *parsed;
  out.id = StringField(doc, "Id");
  out.name = WithoutSlash(StringField(doc, "Name"));
  out.image_id = StringField(doc, "Image");
  out.created = StringField(doc, "Created");
  out.restart_count = static_cast<int>(IntField(doc, "RestartCount"));
  out.state = ParseState(Field(doc, "State"));
  ParseConfig(Field(doc, "Config"), out);
  ParseHostConfig(Field(doc, "HostConfig"), out);
  out.size_rw = IntField(doc, "SizeRw");
  out.raw = std::move(*parsed);
  return out;
}

Result<std::vector<ContainerSummary>> ParseContainerList(std::string_view body) {
  Result<json> parsed = ParseJson(body, "a container list");
  if (!parsed.ok()) return parsed.error();
  if (!parsed->is_array()) {
    return MakeError(ErrorCode::kProtocol, "The Docker engine's container list is not an array",
                     "check that the address points at a Docker engine");
  }
  std::vector<ContainerSummary> out;
  out.reserve(parsed->size());
  for (const json& entry : *parsed) out.push_back(ParseSummary(entry));
  return out;
}

}  // namespace ds01::docker
