#include "policy/validation.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string_view>

#include "common/units.h"
#include "policy/bind_rules.h"
#include "policy/gpu_devices.h"
#include "policy/host_path.h"
#include "policy/lifecycle_options.h"
#include "policy/port_rules.h"
#include "policy/process_options.h"
#include "policy/tmpfs_options.h"

namespace ds01::policy {
namespace {

constexpr std::string_view kGpuVisibilityEnv = "NVIDIA_VISIBLE_DEVICES";
constexpr double kMinCpus = 0.01;
constexpr std::size_t kMaxBinds = 32;

Error Denied(std::string message, std::string hint) {
  return MakeError(ErrorCode::kPermissionDenied, std::move(message), std::move(hint));
}

Error Invalid(std::string message, std::string hint) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(hint));
}

std::string FormatCpus(double cpus) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", cpus);
  return buffer;
}

bool OneOf(std::string_view value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

std::string AdminMayAllow(std::string_view key) {
  return "an admin can allow it with security." + std::string(key) + ": true";
}

Status CheckImage(const std::string& image) {
  if (image.empty()) {
    return Invalid("no image given", "name an image, e.g. ds01-1000/thesis:latest");
  }
  if (std::any_of(image.begin(), image.end(),
                  [](unsigned char c) { return std::isspace(c) || std::iscntrl(c); })) {
    return Invalid("image '" + image + "' contains whitespace or control characters",
                   "name an image such as ds01-1000/thesis:latest");
  }
  return Ok();
}

Status CheckPrivileges(const CreateRequest& request, const SecurityPolicy& security,
                       const GpuDevices& gpu_devices) {
  if (request.privileged && !security.allow_privileged) {
    return Denied("privileged mode refused: it gives the container full control of the host",
                  "drop the privileged option; " + AdminMayAllow("allow_privileged"));
  }
  if (!request.cap_add.empty() && !security.allow_capabilities) {
    std::string caps;
    for (const auto& cap : request.cap_add) caps += (caps.empty() ? "" : ", ") + cap;
    return Denied("adding capabilities (" + caps +
                      ") refused: they widen what the container "
                      "may do to the host",
                  "drop the added capabilities; " + AdminMayAllow("allow_capabilities"));
  }
  if (!request.devices.empty() && !security.allow_devices) {
    return Denied("host device '" + request.devices.front() +
                      "' refused: devices are not passed into containers here",
                  "drop the device option (GPUs are allocated by ds01 itself); " +
                      AdminMayAllow("allow_devices"));
  }
  // Even where allowed: a GPU reached any other way than ds01's allocation may be another
  // user's.
  for (const std::string& device : request.devices) {
    if (!gpu_devices.Reaches(device)) continue;
    return Denied("host device '" + device +
                      "' refused: it reaches a GPU, and GPUs are given "
                      "only by ds01's allocation",
                  "drop it and ask for GPUs with --gpu or --mig");
  }
  if (request.privileged && gpu_devices.HostHasAny()) {
    return Denied(
        "privileged mode refused on this host: a privileged container sees every "
        "GPU's device, other users' included",
        "drop the privileged option; ask for the capabilities you need (cap_add) "
        "where an admin allows them");
  }
  return Ok();
}

// A namespace mode: the private ones are always fine, "host" only where the config allows it,
// anything else (another container's namespace, a named network) never.
Status CheckNamespace(std::string_view what, const std::string& mode,
                      std::initializer_list<std::string_view> private_modes, bool host_allowed,
                      std::string_view allow_key) {
  if (OneOf(mode, private_modes)) return Ok();
  if (mode == "host") {
    if (host_allowed) return Ok();
    return Denied(std::string(what) + " mode 'host' refused: it shares the host's " +
                      std::string(what) + " namespace",
                  "drop the option; " + AdminMayAllow(allow_key));
  }
  std::string allowed;
  for (auto m : private_modes) {
    if (!m.empty()) allowed += (allowed.empty() ? "" : ", ") + std::string(m);
  }
  return Denied(
      std::string(what) + " mode '" + mode + "' refused: containers cannot join other namespaces",
      "use the default or one of: " + allowed);
}

// The private networks, the config's named ones, and the host's where security allows it.
Status CheckNetwork(const std::string& mode, const Config& config) {
  const auto& named = config.network.networks;
  if (OneOf(mode, {"", "default", "bridge", "none"}) ||
      std::find(named.begin(), named.end(), mode) != named.end()) {
    return Ok();
  }
  if (mode == "host") {
    return CheckNamespace("network", mode, {}, config.security.allow_host_network,
                          "allow_host_network");
  }
  std::string allowed = "bridge, none";
  for (const std::string& name : named) allowed += ", " + name;
  return Denied("network '" + mode + "' refused: containers here join " + allowed,
                "pick one of those with --network; an admin can add one with network.networks");
}

Status CheckNamespaces(const CreateRequest& request, const SecurityPolicy& security) {
  DS01_RETURN_IF_ERROR(
      CheckNamespace("pid", request.pid_mode, {""}, security.allow_host_pid, "allow_host_pid"));
  return CheckNamespace("ipc", request.ipc_mode, {"", "private", "shareable", "none"},
                        security.allow_host_ipc, "allow_host_ipc");
}

// Sets an unset size to the limit; refuses zero and anything above the limit.
Status CapSize(std::string_view what, std::optional<std::uint64_t>* requested,
               std::uint64_t limit) {
  if (!*requested) {
    *requested = limit;
    return Ok();
  }
  if (**requested == 0) {
    return Invalid(std::string(what) + " must be greater than 0",
                   "ask for a size such as 8G, or leave it out to get your limit");
  }
  if (**requested > limit) {
    return MakeError(ErrorCode::kLimitExceeded,
                     std::string(what) + " " + FormatSize(**requested) +
                         " is above your limit of " + FormatSize(limit),
                     "ask for at most " + FormatSize(limit) + ", or ask an admin to raise your " +
                         std::string(what) + " limit");
  }
  return Ok();
}

Status CapResources(CreateRequest* request, const Limits& limits) {
  DS01_RETURN_IF_ERROR(CapSize("memory", &request->memory_bytes, limits.memory_bytes));
  DS01_RETURN_IF_ERROR(CapSize("shm_size", &request->shm_size_bytes, limits.shm_size_bytes));
  if (!request->cpus) {
    request->cpus = limits.cpus;
  } else if (!std::isfinite(*request->cpus) || *request->cpus < kMinCpus) {
    // The engine takes nothing smaller, and a value that rounds to 0 would mean no limit.
    return Invalid("cpus must be a number of at least 0.01",
                   "ask for e.g. 4 or 0.5 CPUs, or leave it out to get your limit");
  } else if (*request->cpus > limits.cpus) {
    return MakeError(
        ErrorCode::kLimitExceeded,
        "cpus " + FormatCpus(*request->cpus) + " is above your limit of " + FormatCpus(limits.cpus),
        "ask for at most " + FormatCpus(limits.cpus) +
            " CPUs, or ask an admin to raise your cpus limit");
  }
  if (!request->pids_limit) {
    request->pids_limit = limits.pids_limit;
  } else if (*request->pids_limit < 1) {
    return Invalid("pids_limit must be at least 1 (unlimited is not available)",
                   "ask for e.g. 1024, or leave it out to get your limit");
  } else if (*request->pids_limit > limits.pids_limit) {
    return MakeError(ErrorCode::kLimitExceeded,
                     "pids_limit " + std::to_string(*request->pids_limit) +
                         " is above your limit of " + std::to_string(limits.pids_limit),
                     "ask for at most " + std::to_string(limits.pids_limit) +
                         ", or ask an admin to raise your pids_limit");
  }
  return Ok();
}

Status CheckLabels(const std::map<std::string, std::string>& labels) {
  for (const auto& [key, value] : labels) {
    if (key.empty()) return Invalid("a label has an empty name", "give every label a name");
    std::string lower = key.substr(0, 5);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "ds01.") {
      return Denied("label '" + key + "' refused: ds01.* labels are set by ds01 alone",
                    "remove the label or give it a name outside the ds01. prefix");
    }
  }
  return Ok();
}

Status CleanEnv(std::map<std::string, std::string>* env) {
  for (const auto& [key, value] : *env) {
    if (key.empty() || key.find_first_of(std::string_view("=\0", 2)) != std::string::npos) {
      return Invalid("environment variable name '" + key + "' is empty or contains '='",
                     "write variables as NAME=value with a non-empty NAME");
    }
    if (value.find('\0') != std::string::npos) {
      return Invalid("environment variable " + key + " contains a NUL byte",
                     "remove the NUL byte from its value");
    }
  }
  env->erase(std::string(kGpuVisibilityEnv));
  return Ok();
}

Status ApplyUser(CreateRequest* request, const SecurityPolicy& security, const Identity& identity) {
  if (!security.run_as_user) return Ok();
  std::string uid = std::to_string(identity.uid);
  std::string own = uid + ":" + std::to_string(identity.gid);
  if (!OneOf(request->user, {"", uid, own, identity.user})) {
    return Denied(
        "running as user '" + request->user + "' refused: containers run as you (" + own + ")",
        "drop the user option; an admin can allow other users with "
        "security.run_as_user: false");
  }
  request->user = own;
  return Ok();
}

}  // namespace

RequestValidator::RequestValidator(ProtectedSockets sockets, GpuDevices gpu_devices)
    : gpu_devices_(std::move(gpu_devices)) {
  for (std::string path : {sockets.engine_socket, sockets.daemon_socket,
                           std::string("/var/run/docker.sock"), std::string("/run/docker.sock")}) {
    if (path.empty()) continue;
    // The daemon's own paths, not a user's: following their symlinks as root is safe.
    if (char* real = realpath(path.c_str(), nullptr)) {
      protected_paths_.emplace_back(real);
      std::free(real);
    }
    if (auto normal = NormalizePath(path, "socket"); normal.ok()) {
      protected_paths_.push_back(std::move(*normal));
    }
  }
}

Result<CreateRequest> RequestValidator::Validate(const CreateRequest& request, const Config& config,
                                                 const Limits& limits,
                                                 const Identity& identity) const {
  CreateRequest normalised = request;
  DS01_RETURN_IF_ERROR(CheckImage(normalised.image));
  DS01_RETURN_IF_ERROR(CheckPrivileges(normalised, config.security, gpu_devices_));
  DS01_RETURN_IF_ERROR(CheckNetwork(normalised.network_mode, config));
  DS01_RETURN_IF_ERROR(CheckNamespaces(normalised, config.security));
  DS01_RETURN_IF_ERROR(CheckPorts(&normalised, config.network, identity.uid));
  if (normalised.binds.size() > kMaxBinds) {
    // Each is opened and mounted again at every start, under the container's lock.
    return Invalid(std::to_string(normalised.binds.size()) + " bind mounts asked for; at most " +
                       std::to_string(kMaxBinds) + " are allowed",
                   "mount a common parent directory instead of its parts");
  }
  for (BindMount& bind : normalised.binds) {
    DS01_RETURN_IF_ERROR(CheckBind(&bind, config, identity));
  }
  DS01_RETURN_IF_ERROR(CapResources(&normalised, limits));
  DS01_RETURN_IF_ERROR(CheckTmpfsMounts(&normalised));
  DS01_RETURN_IF_ERROR(CheckProcessOptions(&normalised, limits));
  DS01_RETURN_IF_ERROR(CheckLifecycleOptions(normalised));
  DS01_RETURN_IF_ERROR(CheckLabels(normalised.labels));
  DS01_RETURN_IF_ERROR(CleanEnv(&normalised.env));
  DS01_RETURN_IF_ERROR(ApplyUser(&normalised, config.security, identity));
  return normalised;
}

Status RequestValidator::CheckBind(BindMount* bind, const Config& config,
                                   const Identity& identity) const {
  auto target = NormalizePath(bind->target, "bind mount target");
  if (!target.ok()) return std::move(target).error();
  DS01_RETURN_IF_ERROR(CheckBindTarget(*target, config.workspaces));
  auto located = LocateBindSource(bind->source, config.workspaces, identity.user);
  if (!located.ok()) return std::move(located).error();
  if (located->shared && !bind->read_only) {
    return Denied("read-write bind mount of '" + bind->source + "' refused: " + located->root +
                      " is shared and may be mounted read-only only",
                  "mount it read-only (\"read_only\": true)");
  }
  bind->source =
      located->relative.empty() ? located->root : located->root + "/" + located->relative;
  bind->target = *target;
  return CheckNotSocket(*bind);
}

Status RequestValidator::CheckNotSocket(const BindMount& bind) const {
  for (const auto& socket : protected_paths_) {
    if (!IsWithin(socket, bind.source)) continue;
    return Denied("bind mount of '" + bind.source + "' refused: it exposes the Docker or ds01 " +
                      "socket " + socket + ", which would give the container control of the host",
                  "remove this mount; containers never get the engine's or ds01's socket");
  }
  return Ok();
}

}  // namespace ds01::policy
