#include "docker/container_spec.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "docker/json_fields.h"

namespace ds01::docker {
namespace {

using nlohmann::json;

Error InvalidSpec(std::string message, std::string hint) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(hint));
}

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](unsigned char c) { return std::isdigit(c) != 0; });
}

// "8000" → "8000/tcp"; "53/udp" stays; anything else is refused.
Result<std::string> NormalisePort(std::string_view port) {
  std::string_view number = port;
  std::string_view protocol = "tcp";
  if (auto slash = port.find('/'); slash != std::string_view::npos) {
    number = port.substr(0, slash);
    protocol = port.substr(slash + 1);
  }
  if (!AllDigits(number) || (protocol != "tcp" && protocol != "udp" && protocol != "sctp")) {
    return InvalidSpec("Invalid container port '" + std::string(port) + "'",
                       "write a port as 8000, 8000/tcp or 53/udp");
  }
  return std::string(number) + "/" + std::string(protocol);
}

Status CheckBind(const std::string& bind) {
  auto first = bind.find(':');
  if (first == std::string::npos || first == 0 || first + 1 == bind.size()) {
    return InvalidSpec("Invalid bind '" + bind + "'",
                       "write a bind as /host/path:/container/path[:ro]");
  }
  return Ok();
}

json HealthcheckToJson(const Healthcheck& check) {
  json out = {{"Test", check.test}};
  if (check.interval.count() > 0) out["Interval"] = check.interval.count();
  if (check.timeout.count() > 0) out["Timeout"] = check.timeout.count();
  if (check.start_period.count() > 0) out["StartPeriod"] = check.start_period.count();
  if (check.retries > 0) out["Retries"] = check.retries;
  return out;
}

Result<json> MountToJson(const Mount& mount) {
  if (mount.target.empty()) {
    return InvalidSpec("A mount has no target", "give every mount the path inside the container");
  }
  if (mount.type != "bind" && mount.type != "volume" && mount.type != "tmpfs") {
    return InvalidSpec("Unknown mount type '" + mount.type + "'", "use bind, volume or tmpfs");
  }
  json out = {{"Type", mount.type}, {"Target", mount.target}};
  if (!mount.source.empty()) out["Source"] = mount.source;
  if (mount.read_only) out["ReadOnly"] = true;
  if (mount.type == "tmpfs" && mount.tmpfs_size_bytes > 0) {
    out["TmpfsOptions"] = {{"SizeBytes", mount.tmpfs_size_bytes}};
  }
  return out;
}

bool IsBuiltinNetworkMode(std::string_view mode) {
  return mode == "host" || mode == "none" || mode == "default" || mode.starts_with("container:");
}

std::vector<std::string> EnvList(const std::map<std::string, std::string>& env) {
  std::vector<std::string> out;
  out.reserve(env.size());
  for (const auto& [key, value] : env) out.push_back(key + "=" + value);
  return out;
}

Status AddPorts(const std::vector<PortBinding>& ports, json& config, json& host_config) {
  if (ports.empty()) return Ok();
  json exposed = json::object();
  json bindings = json::object();
  for (const PortBinding& port : ports) {
    Result<std::string> key = NormalisePort(port.container_port);
    if (!key.ok()) return key.error();
    if (!port.host_port.empty() && !AllDigits(port.host_port)) {
      return InvalidSpec("Invalid host port '" + port.host_port + "'",
                         "give the host port as a number, or leave it empty for any free port");
    }
    exposed[*key] = json::object();
    bindings[*key].push_back({{"HostIp", port.host_ip}, {"HostPort", port.host_port}});
  }
  config["ExposedPorts"] = std::move(exposed);
  host_config["PortBindings"] = std::move(bindings);
  return Ok();
}

Result<json> HostConfigJson(const ContainerSpec& spec) {
  json host = json::object();
  for (const std::string& bind : spec.binds) DS01_RETURN_IF_ERROR(CheckBind(bind));
  if (!spec.binds.empty()) host["Binds"] = spec.binds;
  if (!spec.mounts.empty()) {
    json mounts = json::array();
    for (const Mount& mount : spec.mounts) {
      Result<json> one = MountToJson(mount);
      if (!one.ok()) return one.error();
      mounts.push_back(std::move(*one));
    }
    host["Mounts"] = std::move(mounts);
  }
  if (!spec.tmpfs.empty()) host["Tmpfs"] = spec.tmpfs;
  if (spec.read_only_rootfs) host["ReadonlyRootfs"] = true;
  if (!spec.network.empty()) host["NetworkMode"] = spec.network;
  if (spec.restart_policy) {
    host["RestartPolicy"] = {{"Name", spec.restart_policy->name},
                             {"MaximumRetryCount", spec.restart_policy->maximum_retry_count}};
  }
  if (spec.init) host["Init"] = *spec.init;
  if (spec.auto_remove) host["AutoRemove"] = true;
  if (spec.log_config) {
    host["LogConfig"] = {{"Type", spec.log_config->type}, {"Config", spec.log_config->options}};
  }
  if (spec.memory_bytes > 0) host["Memory"] = spec.memory_bytes;
  if (spec.memory_swap_bytes != 0) host["MemorySwap"] = spec.memory_swap_bytes;
  if (spec.nano_cpus > 0) host["NanoCpus"] = spec.nano_cpus;
  if (spec.shm_size_bytes > 0) host["ShmSize"] = spec.shm_size_bytes;
  if (spec.pids_limit) host["PidsLimit"] = *spec.pids_limit;
  if (!spec.device_requests.empty()) {
    json requests = json::array();
    for (const DeviceRequest& request : spec.device_requests) {
      if (request.count != 0 && !request.device_ids.empty()) {
        return InvalidSpec("A device request sets both a count and device IDs",
                           "request devices either by count or by ID, not both");
      }
      requests.push_back(DeviceRequestToJson(request));
    }
    host["DeviceRequests"] = std::move(requests);
  }
  if (!spec.runtime.empty()) host["Runtime"] = spec.runtime;
  if (!spec.cgroup_parent.empty()) host["CgroupParent"] = spec.cgroup_parent;
  if (spec.privileged) host["Privileged"] = true;
  if (!spec.cap_add.empty()) host["CapAdd"] = spec.cap_add;
  if (!spec.cap_drop.empty()) host["CapDrop"] = spec.cap_drop;
  if (!spec.devices.empty()) {
    json devices = json::array();
    for (const std::string& path : spec.devices) {
      devices.push_back(
          {{"PathOnHost", path}, {"PathInContainer", path}, {"CgroupPermissions", "rwm"}});
    }
    host["Devices"] = std::move(devices);
  }
  if (!spec.pid_mode.empty()) host["PidMode"] = spec.pid_mode;
  if (!spec.ipc_mode.empty()) host["IpcMode"] = spec.ipc_mode;
  if (!spec.security_opt.empty()) host["SecurityOpt"] = spec.security_opt;
  if (!spec.group_add.empty()) host["GroupAdd"] = spec.group_add;
  return host;
}

}  // namespace

json DeviceRequestToJson(const DeviceRequest& request) {
  json out = {{"Driver", request.driver}, {"Count", request.count}};
  out["DeviceIDs"] = request.device_ids;
  out["Capabilities"] = request.capabilities;
  out["Options"] = request.options;
  return out;
}

DeviceRequest DeviceRequestFromJson(const json& value) {
  DeviceRequest request;
  request.driver = StringField(value, "Driver");
  request.count = static_cast<int>(IntField(value, "Count"));
  request.device_ids = StringListField(value, "DeviceIDs");
  const json& capabilities = Field(value, "Capabilities");
  if (capabilities.is_array()) {
    for (const json& group : capabilities) {
      std::vector<std::string> names;
      if (group.is_array()) {
        for (const json& name : group) {
          if (name.is_string()) names.push_back(name.get<std::string>());
        }
      }
      request.capabilities.push_back(std::move(names));
    }
  }
  request.options = StringMapField(value, "Options");
  return request;
}

Result<json> ContainerCreateBody(const ContainerSpec& spec) {
  if (spec.image.empty()) {
    return InvalidSpec("A container needs an image", "name the image to create it from");
  }
  json body = {{"Image", spec.image}};
  if (!spec.cmd.empty()) body["Cmd"] = spec.cmd;
  if (spec.entrypoint) body["Entrypoint"] = *spec.entrypoint;
  if (!spec.hostname.empty()) body["Hostname"] = spec.hostname;
  if (!spec.user.empty()) body["User"] = spec.user;
  if (!spec.working_dir.empty()) body["WorkingDir"] = spec.working_dir;
  if (!spec.env.empty()) body["Env"] = EnvList(spec.env);
  body["Labels"] = spec.labels;
  body["Tty"] = spec.tty;
  if (spec.open_stdin) {
    body["OpenStdin"] = true;
    body["AttachStdin"] = true;
  }
  if (!spec.stop_signal.empty()) body["StopSignal"] = spec.stop_signal;
  if (spec.stop_timeout_seconds) body["StopTimeout"] = *spec.stop_timeout_seconds;
  if (spec.healthcheck) body["Healthcheck"] = HealthcheckToJson(*spec.healthcheck);

  Result<json> host = HostConfigJson(spec);
  if (!host.ok()) return host.error();
  DS01_RETURN_IF_ERROR(AddPorts(spec.ports, body, *host));
  body["HostConfig"] = std::move(*host);

  if (!spec.network.empty() && !IsBuiltinNetworkMode(spec.network)) {
    json endpoint = json::object();
    if (!spec.network_aliases.empty()) endpoint["Aliases"] = spec.network_aliases;
    body["NetworkingConfig"] = {{"EndpointsConfig", {{spec.network, std::move(endpoint)}}}};
  }
  return body;
}

}  // namespace ds01::docker
