#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/unique_fd.h"
#include "core/reconciler.h"
#include "docker/answer_connection.h"
#include "docker/container_info.h"
#include "docker/container_spec.h"
#include "docker/containers.h"
#include "docker/file_archive.h"
#include "docker/logs.h"
#include "docker/stats.h"

namespace ds01::core {

/// What the container service needs to know about an image before it creates from it.
struct ImageFacts {
  bool has_command = false;  // an Entrypoint, or a Cmd other than a bare shell or REPL
  std::vector<std::string> repo_tags;
};

/// An attach or exec over a hijacked connection: the engine's socket, which now carries nothing
/// but a process's stdio, and the output that arrived with the engine's 101.
struct HijackedStdio {
  UniqueFd socket;
  std::string early_bytes;
};

/// The part of the Docker engine the container service drives: narrow, so that unit tests
/// pass a fake while the daemon passes the real engine (DockerContainerEngine). Container
/// arguments are Docker ids or names.
class ContainerEngine {
 public:
  virtual ~ContainerEngine() = default;

  /// What the local image `reference` runs; kNotFound when the engine has no such image.
  virtual Result<ImageFacts> InspectImage(std::string_view reference) = 0;
  /// Creates (does not start) the container and returns its Docker id.
  virtual Result<std::string> Create(const docker::ContainerSpec& spec) = 0;
  /// Starts it; Ok when it already runs.
  virtual Status Start(std::string_view id) = 0;
  /// Stops it, killing it after `timeout` (the engine's default when unset).
  virtual Status Stop(std::string_view id, std::optional<std::chrono::seconds> timeout) = 0;
  /// Freezes every process of it.
  virtual Status Pause(std::string_view id) = 0;
  /// Thaws it.
  virtual Status Unpause(std::string_view id) = 0;
  /// Removes it (killing it first when `force`); kNotFound when it is already gone.
  virtual Status Remove(std::string_view id, bool force) = 0;
  /// Gives it another Docker name.
  virtual Status Rename(std::string_view id, std::string_view new_name) = 0;
  /// Its configuration and state as the engine has them.
  virtual Result<docker::ContainerInspect> Inspect(std::string_view id) = 0;
  /// The bytes in its own (writable) layer, which its removal frees; kNotFound when it is gone.
  virtual Result<std::int64_t> WritableLayerSize(std::string_view id) = 0;
  /// Every container labelled ds01.managed=true, running (or paused) or not.
  virtual Result<std::vector<EngineContainer>> ListManaged() = 0;
  /// One resource-usage sample of a running container.
  virtual Result<docker::ContainerStats> Stats(std::string_view id) = 0;
  /// Its logs as the engine answers them, the connection taken over right after the head for
  /// ds01d to hand to the client; the engine reads no further request from it.
  virtual Result<docker::AnswerConnection> OpenLogs(std::string_view id,
                                                    const docker::LogsOptions& options) = 0;
  /// A wait for `condition`, registered with the engine when this returns, its connection taken
  /// over as OpenLogs's; the body, when it comes, is the engine's {"StatusCode", "Error"}.
  virtual Result<docker::AnswerConnection> OpenWait(std::string_view id,
                                                    docker::WaitCondition condition) = 0;
  /// Its main process's output (stdout and stderr, never stdin) from now on, over a hijacked
  /// connection: raw with a TTY, else multiplexed frames. Works before the start, so that
  /// nothing the process writes is missed.
  virtual Result<HijackedStdio> OpenAttach(std::string_view id) = 0;
  /// The content of the file `path` in the container (created or running); kNotFound when it
  /// has none, kInvalidArgument when it is larger than `max_bytes`.
  virtual Result<std::string> ReadFile(std::string_view id, std::string_view path,
                                       std::size_t max_bytes) = 0;
  /// Writes `files` into the container's own filesystem (never its image), relative to `/`.
  virtual Status WriteFiles(std::string_view id,
                            const std::vector<docker::ArchiveEntry>& files) = 0;
};

}  // namespace ds01::core
