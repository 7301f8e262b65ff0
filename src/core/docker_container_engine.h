#pragma once

#include "core/container_engine.h"
#include "core/exec_engine.h"
#include "core/image_engine.h"
#include "docker/containers.h"
#include "docker/engine.h"
#include "docker/exec.h"
#include "docker/images.h"

namespace ds01::core {

/// ContainerEngine, ExecEngine and ImageEngine over a real Docker engine's typed API.
class DockerContainerEngine final : public ContainerEngine, public ExecEngine, public ImageEngine {
 public:
  explicit DockerContainerEngine(docker::Engine& engine)
      : containers_(engine), images_(engine), execs_(engine) {}

  /// Reads the image's Cmd and Entrypoint (see WaitsForATerminal).
  Result<ImageFacts> InspectImage(std::string_view reference) override;
  /// POST /containers/create.
  Result<std::string> Create(const docker::ContainerSpec& spec) override;
  /// POST /containers/{id}/start.
  Status Start(std::string_view id) override;
  /// POST /containers/{id}/stop.
  Status Stop(std::string_view id, std::optional<std::chrono::seconds> timeout) override;
  /// POST /containers/{id}/pause.
  Status Pause(std::string_view id) override;
  /// POST /containers/{id}/unpause.
  Status Unpause(std::string_view id) override;
  /// DELETE /containers/{id}.
  Status Remove(std::string_view id, bool force) override;
  /// POST /containers/{id}/rename.
  Status Rename(std::string_view id, std::string_view new_name) override;
  /// GET /containers/{id}/json.
  Result<docker::ContainerInspect> Inspect(std::string_view id) override;
  /// GET /containers/{id}/json?size=1.
  Result<std::int64_t> WritableLayerSize(std::string_view id) override;
  /// GET /containers/json?all=1 filtered on the label; a paused container counts as running.
  Result<std::vector<EngineContainer>> ListManaged() override;
  /// GET /containers/{id}/stats?stream=0.
  Result<docker::ContainerStats> Stats(std::string_view id) override;
  /// GET /containers/{id}/logs with Connection: close.
  Result<docker::AnswerConnection> OpenLogs(std::string_view id,
                                            const docker::LogsOptions& options) override;
  /// POST /containers/{id}/wait with Connection: close.
  Result<docker::AnswerConnection> OpenWait(std::string_view id,
                                            docker::WaitCondition condition) override;
  /// POST /containers/{id}/attach?stream=1&stdout=1&stderr=1, upgraded.
  Result<HijackedStdio> OpenAttach(std::string_view id) override;
  /// GET /containers/{id}/archive of one file.
  Result<std::string> ReadFile(std::string_view id, std::string_view path,
                               std::size_t max_bytes) override;
  /// PUT /containers/{id}/archive at /.
  Status WriteFiles(std::string_view id, const std::vector<docker::ArchiveEntry>& files) override;

  /// POST /containers/{id}/exec.
  Result<std::string> CreateExec(std::string_view container, const docker::ExecSpec& spec) override;
  /// POST /exec/{id}/start with Detach.
  Status StartExecDetached(std::string_view exec_id) override;
  /// POST /exec/{id}/start, upgraded.
  Result<HijackedStdio> StartExecHijacked(std::string_view exec_id, bool tty) override;
  /// GET /exec/{id}/json.
  Result<docker::ExecInspect> InspectExec(std::string_view exec_id) override;
  /// GET /exec/{id}/json until the exit code is there.
  Result<int> ExecExitCode(std::string_view exec_id) override;
  /// POST /exec/{id}/resize.
  Status ResizeExec(std::string_view exec_id, int height, int width) override;

  /// GET /images/json with the query's filters.
  Result<std::vector<LocalImage>> ListImages(const ImageQuery& query) override;
  /// GET /images/{reference}/json.
  Result<LocalImage> FindImage(std::string_view reference) override;
  /// DELETE /images/{reference}.
  Status RemoveImage(std::string_view reference, bool force) override;
  Result<std::string> BuildImage(ImageBuild build, const BuildListener& listener) override;
  Status TagImage(std::string_view id, std::string_view reference) override;

 private:
  docker::ContainerApi containers_;
  docker::ImageApi images_;
  docker::ExecApi execs_;
};

}  // namespace ds01::core
