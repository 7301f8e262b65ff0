#include "policy/port_rules.h"

#include <fmt/format.h>

namespace ds01::policy {
namespace {

constexpr uid_t kFirstUserUid = 1000;
constexpr std::string_view kLoopback = "127.0.0.1";
constexpr std::string_view kEveryInterface = "0.0.0.0";

Error Invalid(std::string message, std::string hint) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(hint));
}

std::string Key(int port, const std::string& protocol) {
  return std::to_string(port) + "/" + protocol;
}

Status CheckHostIp(PortRequest* port, const NetworkPolicy& network) {
  if (port->host_ip.empty() || port->host_ip == "localhost") port->host_ip = kLoopback;
  if (port->host_ip == kLoopback) return Ok();
  if (port->host_ip != kEveryInterface) {
    return Invalid(
        fmt::format("Host address '{}' is not one ports are published on", port->host_ip),
        "leave it out (127.0.0.1), or give 0.0.0.0 where an admin allows it");
  }
  if (network.public_ports) return Ok();
  return MakeError(ErrorCode::kPermissionDenied,
                   fmt::format("Publishing port {} on every interface refused: ports here "
                               "listen on 127.0.0.1 only",
                               port->container_port),
                   "leave the address out and reach it through an SSH tunnel; an admin can "
                   "allow it with network.public_ports: true");
}

}  // namespace

std::string PortRange::ToString() const { return fmt::format("{}-{}", first, last); }

std::optional<PortRange> PortRangeOf(const NetworkPolicy& network, uid_t uid) {
  if (uid < kFirstUserUid || network.ports_per_user < 1) return std::nullopt;
  const long long first =
      network.ports_first + static_cast<long long>(uid - kFirstUserUid) * network.ports_per_user;
  const long long last = first + network.ports_per_user - 1;
  if (last > 65535) return std::nullopt;
  return PortRange{static_cast<int>(first), static_cast<int>(last)};
}

Status CheckPorts(CreateRequest* request, const NetworkPolicy& network, uid_t uid) {
  if (request->ports.empty()) return Ok();
  const std::optional<PortRange> range = PortRangeOf(network, uid);
  if (!range) {
    return MakeError(ErrorCode::kPermissionDenied,
                     fmt::format("uid {} has no range of host ports to publish on", uid),
                     "publish ports as a user of uid 1000 or above; an admin can widen "
                     "network.ports");
  }
  const auto size = static_cast<std::size_t>(range->last - range->first + 1);
  if (request->ports.size() > size) {
    return MakeError(ErrorCode::kLimitExceeded,
                     fmt::format("{} ports asked for; your range {} holds {}",
                                 request->ports.size(), range->ToString(), size),
                     "publish fewer ports");
  }
  std::set<std::string> seen;
  for (PortRequest& port : request->ports) {
    if (port.container_port < 1 || port.container_port > 65535) {
      return Invalid(fmt::format("Container port {} is not a port", port.container_port),
                     "give a port from 1 to 65535, e.g. --port 8888");
    }
    if (port.protocol != "tcp" && port.protocol != "udp") {
      return Invalid(fmt::format("'{}' is not a protocol ports are published for", port.protocol),
                     "use tcp or udp, e.g. --port 8888/tcp");
    }
    DS01_RETURN_IF_ERROR(CheckHostIp(&port, network));
    if (port.host_port == 0) continue;
    if (port.host_port < range->first || port.host_port > range->last) {
      return MakeError(
          ErrorCode::kPermissionDenied,
          fmt::format("Host port {} refused: your ports are {}", port.host_port, range->ToString()),
          fmt::format("publish on one of {}, e.g. --port {}:{}, or leave the host "
                      "port out and ds01 picks one",
                      range->ToString(), range->first, port.container_port));
    }
    if (!seen.insert(Key(port.host_port, port.protocol)).second) {
      return Invalid(fmt::format("Host port {} is asked for twice", port.host_port),
                     "give each published port a host port of its own");
    }
  }
  return Ok();
}

Status AssignPorts(CreateRequest* request, const NetworkPolicy& network, uid_t uid,
                   const std::set<int>& taken) {
  const std::optional<PortRange> range = PortRangeOf(network, uid);
  std::set<int> used = taken;
  for (const PortRequest& port : request->ports) used.insert(port.host_port);
  int next = range ? range->first : 0;
  for (PortRequest& port : request->ports) {
    if (port.host_port != 0) continue;
    while (range && next <= range->last && used.contains(next)) ++next;
    if (!range || next > range->last) {
      return MakeError(ErrorCode::kLimitExceeded,
                       fmt::format("Every port of your range {} is published already",
                                   range ? range->ToString() : "(none)"),
                       "remove a container that publishes ports, or give a port it frees");
    }
    port.host_port = next;
    used.insert(next);
  }
  return Ok();
}

}  // namespace ds01::policy
