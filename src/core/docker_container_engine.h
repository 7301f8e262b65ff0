#pragma once

#include "core/container_engine.h"
#include "docker/containers.h"
#include "docker/engine.h"
#include "docker/images.h"

namespace ds01::core {

/// ContainerEngine over a real Docker engine's typed API.
class DockerContainerEngine final : public ContainerEngine {
 public:
  explicit DockerContainerEngine(docker::Engine& engine) : containers_(engine), images_(engine) {}

  /// Reads the image's Cmd and Entrypoint.
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
  /// GET /containers/json?all=1 filtered on the label; a paused container counts as running.
  Result<std::vector<EngineContainer>> ListManaged() override;
  /// GET /containers/{id}/stats?stream=0.
  Result<docker::ContainerStats> Stats(std::string_view id) override;

 private:
  docker::ContainerApi containers_;
  docker::ImageApi images_;
};

}  // namespace ds01::core
