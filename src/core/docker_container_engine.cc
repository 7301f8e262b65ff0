#include "core/docker_container_engine.h"

#include "core/managed_labels.h"

namespace ds01::core {

Result<ImageFacts> DockerContainerEngine::InspectImage(std::string_view reference) {
  auto image = images_.Inspect(reference);
  if (!image.ok()) return image.error();
  return ImageFacts{!image->cmd.empty() || !image->entrypoint.empty(), image->repo_tags};
}

Result<std::string> DockerContainerEngine::Create(const docker::ContainerSpec& spec) {
  auto created = containers_.Create(spec);
  if (!created.ok()) return created.error();
  return created->id;
}

Status DockerContainerEngine::Start(std::string_view id) { return containers_.Start(id); }

Status DockerContainerEngine::Stop(std::string_view id,
                                   std::optional<std::chrono::seconds> timeout) {
  return containers_.Stop(id, timeout);
}

Status DockerContainerEngine::Pause(std::string_view id) { return containers_.Pause(id); }

Status DockerContainerEngine::Unpause(std::string_view id) { return containers_.Unpause(id); }

Status DockerContainerEngine::Remove(std::string_view id, bool force) {
  // Its anonymous volumes go with it: nobody else can name them, so nothing else frees them.
  return containers_.Remove(id, docker::RemoveOptions{.force = force, .volumes = true});
}

Status DockerContainerEngine::Rename(std::string_view id, std::string_view new_name) {
  return containers_.Rename(id, new_name);
}

Result<docker::ContainerInspect> DockerContainerEngine::Inspect(std::string_view id) {
  return containers_.Inspect(id);
}

Result<std::vector<EngineContainer>> DockerContainerEngine::ListManaged() {
  auto listed =
      containers_.List(docker::ListOptions{.all = true, .filters = {{"label", {ManagedFilter()}}}});
  if (!listed.ok()) return listed.error();
  std::vector<EngineContainer> managed;
  managed.reserve(listed->size());
  for (docker::ContainerSummary& summary : *listed) {
    const bool running =
        summary.state == "running" || summary.state == "paused" || summary.state == "restarting";
    managed.push_back(EngineContainer{std::move(summary.id), std::move(summary.labels), running});
  }
  return managed;
}

Result<docker::ContainerStats> DockerContainerEngine::Stats(std::string_view id) {
  return containers_.Stats(id);
}

}  // namespace ds01::core
