#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "docker/answer_connection.h"
#include "docker/container_info.h"
#include "docker/container_spec.h"
#include "docker/engine.h"
#include "docker/json_stream.h"
#include "docker/logs.h"
#include "docker/output_stream.h"
#include "docker/stats.h"

namespace ds01::docker {

/// What POST /containers/create answered.
struct CreatedContainer {
  std::string id;
  std::vector<std::string> warnings;
};

/// GET /containers/json: `all` includes stopped ones; filters as the engine takes them
/// ({"label":["ds01.managed=true"],"status":["exited"]}).
struct ListOptions {
  bool all = true;
  std::map<std::string, std::vector<std::string>> filters;
};

/// DELETE /containers/{id}: `force` kills a running container first; `volumes` removes its
/// anonymous volumes.
struct RemoveOptions {
  bool force = false;
  bool volumes = false;
};

/// When POST /containers/{id}/wait answers.
enum class WaitCondition { kNotRunning, kNextExit, kRemoved };

/// How a waited-for container ended.
struct WaitResult {
  int status_code = 0;
  std::string error;  // the engine's message when waiting itself failed
};

/// Parses the wait endpoint's answer.
Result<WaitResult> ParseWaitResult(std::string_view body);

/// A wait registered with the engine; Next() yields the result once, Cancel() ends it early.
using WaitStream = JsonStream<WaitResult>;

/// POST /containers/{id}/update; unset fields stay as they are. The engine refuses a memory
/// limit above the current swap limit, so raise memory_swap_bytes with memory_bytes.
struct ResourceUpdate {
  std::optional<std::int64_t> memory_bytes;
  std::optional<std::int64_t> memory_swap_bytes;
  std::optional<std::int64_t> nano_cpus;
  std::optional<std::int64_t> pids_limit;
  std::optional<RestartPolicy> restart_policy;
};

/// The JSON body of an update.
nlohmann::json ResourceUpdateBody(const ResourceUpdate& update);

/// POST /containers/prune: only stopped containers older than `until` ("24h", a timestamp)
/// carrying every label in `labels` ("key" or "key=value"; "key!=value" excludes).
struct PruneOptions {
  std::optional<std::string> until;
  std::vector<std::string> labels;
};

/// What a prune removed.
struct PruneReport {
  std::vector<std::string> deleted;
  std::uint64_t space_reclaimed = 0;
};

/// Parses a prune answer; `deleted_key` is "ContainersDeleted", "ImagesDeleted", ….
Result<PruneReport> ParsePruneReport(std::string_view body, std::string_view deleted_key);

/// POST /containers/{id}/attach over a hijacked connection.
struct AttachOptions {
  bool stdin_stream = false;
  bool stdout_stream = true;
  bool stderr_stream = true;
  bool logs = false;  // replay the output so far first
};

/// The container endpoints of the Engine API, typed. IDs may be names or (short) IDs.
class ContainerApi {
 public:
  explicit ContainerApi(Engine& engine) : engine_(engine) {}

  /// Creates (does not start) a container from `spec`.
  Result<CreatedContainer> Create(const ContainerSpec& spec);
  /// Starts it; Ok when it was already running.
  Status Start(std::string_view id);
  /// SIGTERM (or its stop signal), then SIGKILL after `timeout` (its own default when unset).
  Status Stop(std::string_view id, std::optional<std::chrono::seconds> timeout = {});
  /// Sends `signal` ("SIGKILL", "SIGHUP", "9") to the main process.
  Status Kill(std::string_view id, std::string_view signal = "SIGKILL");
  /// Stops (as Stop) and starts it again.
  Status Restart(std::string_view id, std::optional<std::chrono::seconds> timeout = {});
  /// Freezes every process of the container.
  Status Pause(std::string_view id);
  /// Thaws a paused container.
  Status Unpause(std::string_view id);
  /// Removes it; see RemoveOptions.
  Status Remove(std::string_view id, RemoveOptions options = {});
  /// The typed inspect document; `with_size` adds size_rw, which the engine measures by walking
  /// the container's own layer (slow for a large one).
  Result<ContainerInspect> Inspect(std::string_view id, bool with_size = false);
  /// The containers matching `options`.
  Result<std::vector<ContainerSummary>> List(const ListOptions& options = {});
  /// Registers a wait; returns once the engine has it, so a later stop or kill is seen.
  /// The result comes from the stream's Next(); `timeout` (zero: none) bounds that wait.
  Result<std::unique_ptr<WaitStream>> StartWait(std::string_view id, WaitCondition condition,
                                                std::chrono::milliseconds timeout = {});
  /// The wait's answer, its connection taken over once the head has come (the engine has the
  /// wait registered by then); the exit code comes as the body when `condition` is reached.
  Result<AnswerConnection> OpenWait(std::string_view id, WaitCondition condition);
  /// Blocks until `condition`; kTimeout after `timeout` (zero: no limit).
  Result<WaitResult> Wait(std::string_view id, WaitCondition condition = WaitCondition::kNotRunning,
                          std::chrono::milliseconds timeout = {});
  /// The container's output; demultiplexed unless the container has a TTY.
  Result<std::unique_ptr<OutputStream>> Logs(std::string_view id, const LogsOptions& options);
  /// The container's logs answer, its connection taken over once the head has come.
  Result<AnswerConnection> OpenLogs(std::string_view id, const LogsOptions& options);
  /// One stats sample (the engine takes about a second to pair it with a previous one).
  Result<ContainerStats> Stats(std::string_view id);
  /// A sample about every second until the container is removed or Cancel().
  Result<std::unique_ptr<StatsStream>> StreamStats(std::string_view id);
  /// Changes resources or the restart policy of a container; the engine's warnings.
  Result<std::vector<std::string>> Update(std::string_view id, const ResourceUpdate& update);
  /// Gives the container a new name.
  Status Rename(std::string_view id, std::string_view new_name);
  /// Sets the TTY's size.
  Status Resize(std::string_view id, int height, int width);
  /// Attaches to the running container's stdio over a hijacked connection.
  Result<std::unique_ptr<HijackedStream>> Attach(std::string_view id,
                                                 const AttachOptions& options = {});
  /// GET /containers/{id}/archive: a tar of `path` in the container's filesystem (created or
  /// running); kNotFound when there is no such path.
  Result<std::string> CopyFrom(std::string_view id, std::string_view path);
  /// PUT /containers/{id}/archive: unpacks `tar` at the directory `dir`, which must exist. A
  /// directory is never replaced by a file nor a file by a directory.
  Status CopyTo(std::string_view id, std::string_view dir, std::string tar);
  /// Removes stopped containers as `options` select.
  Result<PruneReport> Prune(const PruneOptions& options = {});

 private:
  Result<bool> HasTty(std::string_view id);

  Engine& engine_;
};

}  // namespace ds01::docker
