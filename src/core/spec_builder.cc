#include "core/spec_builder.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "core/container_name.h"
#include "core/managed_labels.h"

namespace ds01::core {
namespace {

constexpr std::string_view kNvidiaVisible = "NVIDIA_VISIBLE_DEVICES";
constexpr long long kMinNanoCpus = 10'000'000;  // 0.01 CPU, the engine's smallest
constexpr std::string_view kCudaVisible = "CUDA_VISIBLE_DEVICES";

std::string Joined(const std::vector<std::string>& parts) {
  return fmt::format("{}", fmt::join(parts, ","));
}

// What root inside a container could use to leave files in a workspace that act for someone
// else on the host: changing owners, keeping set-id bits, device nodes, file capabilities, and
// taking on another uid (a set-uid file owned by another user). Dropped whenever the process
// may be root, unless an admin-allowed cap_add asks for one back.
constexpr std::array<std::string_view, 7> kOwnershipCapabilities = {
    "CHOWN", "FOWNER", "FSETID", "MKNOD", "SETFCAP", "SETGID", "SETUID"};

// True when `user` ("uid" or "uid:gid") names a uid other than 0; a name may map to root in
// the image's passwd, and an empty user is the image's own choice.
bool RunsAsNonRoot(std::string_view user) {
  const std::string_view uid = user.substr(0, user.find(':'));
  unsigned long value = 0;
  const auto [end, ec] = std::from_chars(uid.data(), uid.data() + uid.size(), value);
  return !uid.empty() && ec == std::errc() && end == uid.data() + uid.size() && value != 0;
}

// The programs that, as an image's whole command, only wait for someone to type.
constexpr std::array<std::string_view, 12> kInteractivePrograms = {
    "sh", "bash", "ash", "dash", "zsh", "fish", "python", "python3", "ipython", "node", "irb", "R"};

// Options a shell or REPL may be given and still be one: a login or interactive shell.
bool IsInteractiveOption(std::string_view arg) {
  return arg == "-l" || arg == "-i" || arg == "--login" || arg == "-il" || arg == "-li";
}

// Programs may run from a tmpfs (a build in /tmp), but no set-id bit or device node acts there.
std::string TmpfsOptions(const policy::TmpfsMount& tmpfs) {
  std::string options = "rw,exec,nosuid,nodev";
  if (tmpfs.size_bytes) options += fmt::format(",size={}", *tmpfs.size_bytes);
  if (tmpfs.mode) options += fmt::format(",mode={:o}", *tmpfs.mode);
  return options;
}

std::optional<docker::Healthcheck> Healthcheck(const policy::HealthOptions& health) {
  if (health.disabled) return docker::Healthcheck{{"NONE"}, {}, {}, {}, 0};
  docker::Healthcheck check;
  if (!health.command.empty()) check.test = {"CMD-SHELL", health.command};
  check.interval = health.interval.value_or(std::chrono::seconds(0));
  check.timeout = health.timeout.value_or(std::chrono::seconds(0));
  check.start_period = health.start_period.value_or(std::chrono::seconds(0));
  check.retries = health.retries.value_or(0);
  if (check == docker::Healthcheck{}) return std::nullopt;  // the image's, untouched
  return check;
}

}  // namespace

std::vector<std::string> IdleCommand() {
  return {"/bin/sh", "-c", "trap 'exit 0' TERM INT; sleep infinity & wait"};
}

bool WaitsForATerminal(const std::vector<std::string>& cmd) {
  if (cmd.empty()) return false;
  const std::string_view program = std::string_view(cmd.front()).substr(cmd.front().rfind('/') + 1);
  if (std::find(kInteractivePrograms.begin(), kInteractivePrograms.end(), program) ==
      kInteractivePrograms.end()) {
    return false;
  }
  return std::all_of(cmd.begin() + 1, cmd.end(), IsInteractiveOption);
}

docker::ContainerSpec BuildSpec(const Blueprint& blueprint, const std::vector<gpu::Slot>& slots,
                                GpuExposure exposure) {
  const policy::CreateRequest& request = blueprint.request;
  docker::ContainerSpec spec;
  spec.name = DockerName(blueprint.name, blueprint.uid);
  spec.image = request.image;
  spec.hostname = request.hostname.empty() ? blueprint.name : request.hostname;
  // A run removed at its exit is a command whose output and exit code are read, its stdout and
  // stderr apart, as docker run without -t; anything else is a place to work in.
  spec.tty = !request.auto_remove;
  spec.open_stdin = !request.auto_remove;
  spec.auto_remove = request.auto_remove;
  spec.cmd = request.command;
  spec.entrypoint = request.entrypoint;
  // An image with neither a command nor an entrypoint runs nothing; idle, it stays up.
  const bool runs_something = !request.command.empty() ||
                              (request.entrypoint && !request.entrypoint->empty()) ||
                              (!request.entrypoint && blueprint.image_has_command);
  if (!runs_something) spec.cmd = IdleCommand();
  spec.user = request.user;
  // A set-uid program inside the image (sudo, su) must not turn the process into root.
  spec.security_opt = {"no-new-privileges:true"};
  if (!RunsAsNonRoot(request.user)) {
    for (std::string_view cap : kOwnershipCapabilities) {
      if (std::find(request.cap_add.begin(), request.cap_add.end(), cap) == request.cap_add.end()) {
        spec.cap_drop.emplace_back(cap);
      }
    }
  }
  spec.env = request.env;
  spec.labels = request.labels;
  // The GPU labels come with the GPUs (ExposeGpus, below).
  WriteLabels(ManagedLabels{blueprint.uid,
                            blueprint.user,
                            blueprint.name,
                            blueprint.project,
                            blueprint.interface,
                            blueprint.created_at,
                            {},
                            {},
                            request.binds},
              spec.labels);
  for (std::size_t i = 0; i < request.binds.size(); ++i) {
    const policy::BindMount& bind = request.binds[i];
    // A Mounts bind (unlike Binds) is refused when its source is missing, never created.
    spec.mounts.push_back(
        docker::Mount{"bind", blueprint.bind_sources.at(i), bind.target, bind.read_only});
    if (bind.target == kWorkspaceTarget) spec.working_dir = std::string(kWorkspaceTarget);
  }
  for (const policy::TmpfsMount& tmpfs : request.tmpfs) {
    spec.tmpfs[tmpfs.target] = TmpfsOptions(tmpfs);
  }
  spec.read_only_rootfs = request.read_only;
  if (!request.working_dir.empty()) spec.working_dir = request.working_dir;
  if (request.init) spec.init = true;
  spec.stop_signal = request.stop_signal;
  if (request.stop_timeout) spec.stop_timeout_seconds = static_cast<int>(*request.stop_timeout);
  if (!request.restart.name.empty()) {
    spec.restart_policy = docker::RestartPolicy{request.restart.name, request.restart.max_retries};
  }
  spec.healthcheck = Healthcheck(request.health);
  if (request.network_mode != "default") spec.network = request.network_mode;
  for (const policy::PortRequest& port : request.ports) {
    spec.ports.push_back(
        docker::PortBinding{fmt::format("{}/{}", port.container_port, port.protocol), port.host_ip,
                            port.host_port == 0 ? std::string() : std::to_string(port.host_port)});
  }
  spec.memory_bytes = static_cast<std::int64_t>(request.memory_bytes.value_or(0));
  spec.memory_swap_bytes = spec.memory_bytes;  // no swap beyond the memory limit
  // Never 0, which the engine reads as "no limit": a tiny limit is the smallest it takes.
  if (request.cpus) spec.nano_cpus = std::max(std::llround(*request.cpus * 1e9), kMinNanoCpus);
  spec.shm_size_bytes = static_cast<std::int64_t>(request.shm_size_bytes.value_or(0));
  spec.pids_limit = request.pids_limit;
  if (blueprint.log_size_bytes > 0) {
    // Two files of half the size each: the newest half is always there after a rotation.
    const std::uint64_t half = std::max<std::uint64_t>(blueprint.log_size_bytes / 2, 1);
    spec.log_config =
        docker::LogConfig{"json-file", {{"max-size", std::to_string(half)}, {"max-file", "2"}}};
  }
  // What policy allowed (policy::RequestValidator refuses each unless the config permits it).
  spec.privileged = request.privileged;
  spec.cap_add = request.cap_add;
  spec.devices = request.devices;
  spec.pid_mode = request.pid_mode;
  spec.ipc_mode = request.ipc_mode;
  ExposeGpus(slots, exposure, &spec);
  return spec;
}

void ExposeGpus(const std::vector<gpu::Slot>& slots, GpuExposure exposure,
                docker::ContainerSpec* spec) {
  std::vector<std::string> ids;
  std::vector<std::string> uuids;
  for (const gpu::Slot& slot : slots) {
    ids.push_back(slot.id);
    uuids.push_back(slot.uuid);
  }
  if (auto managed = ReadLabels(spec->labels); managed.ok()) {
    managed->slot_ids = ids;
    managed->slot_uuids = uuids;
    WriteLabels(*managed, spec->labels);
  }
  spec->env[std::string(kNvidiaVisible)] = uuids.empty() ? "void" : Joined(uuids);
  spec->device_requests.clear();
  if (exposure != GpuExposure::kDeviceRequests) {
    spec->env[std::string(kCudaVisible)] = Joined(uuids);
  } else if (!uuids.empty()) {
    docker::DeviceRequest request;
    request.driver = "nvidia";
    request.device_ids = uuids;
    request.capabilities = {{"gpu"}};
    spec->device_requests.push_back(std::move(request));
  }
}

}  // namespace ds01::core
