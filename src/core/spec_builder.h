#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "docker/container_spec.h"
#include "gpu/slot.h"
#include "policy/validation.h"
#include "store/records.h"

namespace ds01::core {

/// Where the workspace is mounted inside every container.
inline constexpr std::string_view kWorkspaceTarget = "/workspace";

/// What a container runs when its image names nothing (the busybox test image has no Cmd) or
/// only a shell or REPL (see WaitsForATerminal): a shell that idles until it is stopped and
/// exits at once on SIGTERM, so that a start keeps the container running and a stop is quick.
std::vector<std::string> IdleCommand();

/// True when an image's Cmd is a bare shell or REPL ("bash", "/bin/sh", "python3", "sh -l"):
/// started in the background it would read an empty stdin and exit at once, so the container
/// runs IdleCommand instead and people reach the shell with container-attach.
bool WaitsForATerminal(const std::vector<std::string>& cmd);

/// How a container is given its GPUs (DESIGN.md §5).
enum class GpuExposure {
  kDeviceRequests,  // the engine has an NVIDIA runtime: HostConfig.DeviceRequests by UUID
  kEnvironment,     // simulated GPUs: only NVIDIA_VISIBLE_DEVICES / CUDA_VISIBLE_DEVICES
  kUnavailable,     // real GPUs but no NVIDIA runtime in the engine: GPU requests are refused
};

/// A container as policy accepted it, before it has GPUs: whose it is, what it is called and
/// the normalised request (image, binds, resources, environment, labels, user).
struct Blueprint {
  uid_t uid = 0;
  std::string user;
  std::string name;
  std::string project;
  std::string interface = "atomic";
  store::TimePoint created_at{};
  bool image_has_command = true;
  policy::CreateRequest request;
  std::vector<std::string> bind_sources;  // where the engine mounts each bind from (staging)
  std::uint64_t log_size_bytes = 0;       // the container's log is kept to this; 0: no cap
};

/// The engine's create spec for `blueprint` with `slots`: the Docker name "<name>._.<uid>",
/// the container's name as its hostname, a TTY and an open stdin (as `docker run -dit`, so a
/// command that waits for input keeps running), the ds01 labels, the caps of the request, its binds
/// as Mounts from `bind_sources` (the one at /workspace becomes the working directory),
/// no-new-privileges, a log kept to its size, and the GPUs as ExposeGpus gives them.
docker::ContainerSpec BuildSpec(const Blueprint& blueprint, const std::vector<gpu::Slot>& slots,
                                GpuExposure exposure);

/// Gives `spec` exactly `slots`: its GPU labels (ManagedLabels), NVIDIA_VISIBLE_DEVICES (the
/// UUIDs, or "void" for none, overriding whatever was there) and, per `exposure`, a device request
/// for the UUIDs or CUDA_VISIBLE_DEVICES.
void ExposeGpus(const std::vector<gpu::Slot>& slots, GpuExposure exposure,
                docker::ContainerSpec* spec);

}  // namespace ds01::core
