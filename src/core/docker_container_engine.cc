#include "core/docker_container_engine.h"

#include <fcntl.h>

#include "common/rfc3339.h"
#include "core/managed_labels.h"
#include "core/spec_builder.h"
#include "docker/file_archive.h"

namespace ds01::core {
namespace {

// The hijacked connection, to hand to another process: a copy of its descriptor outlives the
// stream, which closes its own.
Result<HijackedStdio> KeptOpen(http::RawStream& raw) {
  UniqueFd socket(::fcntl(raw.fd(), F_DUPFD_CLOEXEC, 0));
  if (!socket.valid()) {
    return MakeError(ErrorCode::kInternal, "could not keep the engine's connection open");
  }
  return HijackedStdio{std::move(socket), raw.TakeEarlyBytes()};
}

}  // namespace

Result<ImageFacts> DockerContainerEngine::InspectImage(std::string_view reference) {
  auto image = images_.Inspect(reference);
  if (!image.ok()) return image.error();
  const bool has_command =
      !image->entrypoint.empty() || (!image->cmd.empty() && !WaitsForATerminal(image->cmd));
  return ImageFacts{has_command, image->repo_tags};
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

Result<std::int64_t> DockerContainerEngine::WritableLayerSize(std::string_view id) {
  auto inspect = containers_.Inspect(id, true);
  if (!inspect.ok()) return std::move(inspect).error();
  return inspect->size_rw;
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

Result<docker::AnswerConnection> DockerContainerEngine::OpenLogs(
    std::string_view id, const docker::LogsOptions& options) {
  return containers_.OpenLogs(id, options);
}

Result<docker::AnswerConnection> DockerContainerEngine::OpenWait(std::string_view id,
                                                                 docker::WaitCondition condition) {
  return containers_.OpenWait(id, condition);
}

Result<HijackedStdio> DockerContainerEngine::OpenAttach(std::string_view id) {
  auto attached = containers_.Attach(id);
  if (!attached.ok()) return std::move(attached).error();
  return KeptOpen((*attached)->raw());
}

Result<std::string> DockerContainerEngine::ReadFile(std::string_view id, std::string_view path,
                                                    std::size_t max_bytes) {
  auto tar = containers_.CopyFrom(id, path);
  if (!tar.ok()) return std::move(tar).error();
  return docker::SoleFileOf(*tar, max_bytes);
}

Status DockerContainerEngine::WriteFiles(std::string_view id,
                                         const std::vector<docker::ArchiveEntry>& files) {
  return containers_.CopyTo(id, "/", docker::TarOf(files));
}

Result<std::string> DockerContainerEngine::CreateExec(std::string_view container,
                                                      const docker::ExecSpec& spec) {
  return execs_.Create(container, spec);
}

Status DockerContainerEngine::StartExecDetached(std::string_view exec_id) {
  return execs_.StartDetached(exec_id);
}

Result<HijackedStdio> DockerContainerEngine::StartExecHijacked(std::string_view exec_id, bool tty) {
  auto started = execs_.StartHijacked(exec_id, tty);
  if (!started.ok()) return std::move(started).error();
  return KeptOpen((*started)->raw());
}

Result<docker::ExecInspect> DockerContainerEngine::InspectExec(std::string_view exec_id) {
  return execs_.Inspect(exec_id);
}

Result<int> DockerContainerEngine::ExecExitCode(std::string_view exec_id) {
  return execs_.ExitCode(exec_id);
}

Status DockerContainerEngine::ResizeExec(std::string_view exec_id, int height, int width) {
  return execs_.Resize(exec_id, height, width);
}

Result<std::vector<LocalImage>> DockerContainerEngine::ListImages(const ImageQuery& query) {
  docker::ImageListOptions options;
  options.references = query.references;
  options.labels = query.labels;
  options.all = query.intermediate;
  auto listed = images_.List(options);
  if (!listed.ok()) return std::move(listed).error();
  std::vector<LocalImage> images;
  images.reserve(listed->size());
  for (docker::ImageSummary& summary : *listed) {
    images.push_back(
        LocalImage{std::move(summary.id), std::move(summary.repo_tags), summary.size,
                   std::chrono::system_clock::time_point(std::chrono::seconds(summary.created)),
                   std::move(summary.labels), std::move(summary.parent_id)});
  }
  return images;
}

Result<LocalImage> DockerContainerEngine::FindImage(std::string_view reference) {
  auto image = images_.Inspect(reference);
  if (!image.ok()) return std::move(image).error();
  // An engine too old or too odd to say when it built the image leaves the epoch: still listed.
  const auto created = ParseRfc3339(image->created);
  return LocalImage{std::move(image->id),
                    std::move(image->repo_tags),
                    image->size,
                    created.value_or(std::chrono::system_clock::time_point()),
                    std::move(image->labels),
                    std::move(image->parent)};
}

Status DockerContainerEngine::RemoveImage(std::string_view reference, bool force) {
  auto removed = images_.Remove(reference, docker::ImageRemoveOptions{.force = force});
  if (!removed.ok()) return std::move(removed).error();
  return Ok();
}

Result<std::string> DockerContainerEngine::BuildImage(ImageBuild build,
                                                      const BuildListener& listener) {
  docker::BuildOptions options;
  options.no_cache = build.no_cache;
  options.memory_bytes = build.memory_bytes;
  options.cpus = build.cpus;
  options.shm_bytes = build.shm_bytes;
  return images_.Build(options, std::move(build.context), listener);
}

Status DockerContainerEngine::TagImage(std::string_view id, std::string_view reference) {
  const std::size_t colon = reference.rfind(':');
  const std::size_t slash = reference.rfind('/');
  if (colon == std::string_view::npos || (slash != std::string_view::npos && colon < slash)) {
    return images_.Tag(id, reference);
  }
  return images_.Tag(id, reference.substr(0, colon), reference.substr(colon + 1));
}

}  // namespace ds01::core
