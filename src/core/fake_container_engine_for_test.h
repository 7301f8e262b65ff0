#pragma once

#include <fnmatch.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/container_engine.h"
#include "core/exec_engine.h"
#include "core/image_engine.h"
#include "docker/file_archive.h"

namespace ds01::core {

/// For tests: an engine kept in memory. Containers move through the engine's states as the
/// calls ask, images exist when added, and any operation can be made to fail once.
class FakeContainerEngine final : public ContainerEngine, public ExecEngine, public ImageEngine {
 public:
  struct Container {
    docker::ContainerSpec spec;
    std::string status = "created";  // created, running, paused, exited
    int exit_code = 0;
    std::map<std::string, std::string> files;  // written by WriteFiles, by absolute path
    std::int64_t layer_bytes = 0;              // its writable layer's size
  };

  /// Makes `reference` a local image of its own; `has_command` says whether it names what to
  /// run.
  void AddImage(std::string reference, bool has_command = true, std::int64_t size_bytes = 0,
                std::chrono::system_clock::time_point created = {}) {
    std::lock_guard lock(mutex_);
    images_[std::move(reference)] =
        FakeImage{"sha256:fake-image-" + std::to_string(++next_image_id_),
                  has_command,
                  size_bytes,
                  created,
                  {}};
  }
  /// Adds an image no reference names (a build's result once rebuilt, or one of its steps),
  /// known by `id` alone and built on `parent_id` ("" for none).
  void AddUntaggedImage(std::string id, std::string parent_id, std::int64_t size_bytes,
                        std::map<std::string, std::string> labels,
                        std::chrono::system_clock::time_point created = {}) {
    std::lock_guard lock(mutex_);
    images_[id] = FakeImage{id, true, size_bytes, created, std::move(labels), std::move(parent_id)};
  }
  /// Gives the image `source` names the further reference `reference`, as `docker tag` does.
  void TagImage(const std::string& source, std::string reference) {
    std::lock_guard lock(mutex_);
    images_[std::move(reference)] = images_.at(source);
  }
  /// Sets a label on the image `reference` names.
  void LabelImage(const std::string& reference, std::string key, std::string value) {
    std::lock_guard lock(mutex_);
    const std::string id = images_.at(reference).id;
    for (auto& [name, image] : images_) {
      if (image.id == id) image.labels[key] = value;
    }
  }
  /// True when some image has the reference `reference`.
  bool HasImage(const std::string& reference) {
    std::lock_guard lock(mutex_);
    return images_.contains(reference);
  }
  /// The next call of `operation` ("create", "start", "stop", "pause", "unpause", "remove",
  /// "rename", "inspect", "size", "list", "stats", "logs", "wait", "list-images", "remove-image")
  /// fails with `error`.
  void FailNext(std::string operation, Error error) {
    std::lock_guard lock(mutex_);
    failures_[std::move(operation)] = std::move(error);
  }
  /// The next call of `operation` ("start", "stop", "pause", "unpause") first runs `wait`, as
  /// a slow engine would take its time.
  void StallNext(std::string operation, std::function<void()> wait) {
    std::lock_guard lock(mutex_);
    stalls_[std::move(operation)] = std::move(wait);
  }
  /// Adds a container as if made outside ds01 (or by a ds01d that crashed); returns its id.
  std::string Put(docker::ContainerSpec spec, std::string status) {
    std::lock_guard lock(mutex_);
    const std::string id = NewId();
    containers_[id] = Container{std::move(spec), std::move(status), 0, {}};
    return id;
  }
  /// Sets a container's status (and its process's exit code), as an outside `docker stop`
  /// or an exit would.
  void SetStatus(const std::string& id, std::string status, int exit_code = 0) {
    std::lock_guard lock(mutex_);
    containers_.at(id).status = std::move(status);
    containers_.at(id).exit_code = exit_code;
  }
  /// Sets the size of a container's writable layer.
  void SetLayerSize(const std::string& id, std::int64_t bytes) {
    std::lock_guard lock(mutex_);
    containers_.at(id).layer_bytes = bytes;
  }
  /// Forgets a container, as an outside `docker rm` would.
  void Erase(const std::string& id) {
    std::lock_guard lock(mutex_);
    containers_.erase(id);
  }
  /// The container with this id or name, if any.
  std::optional<Container> Find(std::string_view id_or_name) {
    std::lock_guard lock(mutex_);
    const auto it = Locate(id_or_name);
    if (it == containers_.end()) return std::nullopt;
    return it->second;
  }
  /// The id of the container with this id or name, or "".
  std::string IdOf(std::string_view id_or_name) {
    std::lock_guard lock(mutex_);
    const auto it = Locate(id_or_name);
    return it == containers_.end() ? std::string() : it->first;
  }
  /// What the container `id` has written, as its logs answer's body gives it (sent as it is,
  /// not in chunks); nothing until set.
  void SetLogs(const std::string& id, std::string body) {
    std::lock_guard lock(mutex_);
    logs_[id] = std::move(body);
  }
  /// The options of the last OpenLogs.
  docker::LogsOptions last_logs_options() {
    std::lock_guard lock(mutex_);
    return last_logs_options_;
  }
  /// How many containers exist.
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return containers_.size();
  }

  Result<ImageFacts> InspectImage(std::string_view reference) override {
    std::lock_guard lock(mutex_);
    const auto it = images_.find(std::string(reference));
    if (it == images_.end()) return NoSuchImage(reference);
    return ImageFacts{it->second.has_command, ReferencesOf(it->second.id)};
  }
  Result<std::string> Create(const docker::ContainerSpec& spec) override {
    std::lock_guard lock(mutex_);
    if (auto failure = TakeFailure("create")) return *failure;
    for (const auto& [id, container] : containers_) {
      if (container.spec.name == spec.name) {
        return MakeError(ErrorCode::kConflict,
                         "Conflict. The container name \"/" + spec.name + "\" is already in use");
      }
    }
    const std::string id = NewId();
    containers_[id] = Container{spec, "created", 0, {}};
    return id;
  }
  Status Start(std::string_view id) override {
    return Move(id, "start", {"created", "exited"}, "running");
  }
  Status Stop(std::string_view id, std::optional<std::chrono::seconds>) override {
    return Move(id, "stop", {"running", "paused"}, "exited");
  }
  Status Pause(std::string_view id) override { return Move(id, "pause", {"running"}, "paused"); }
  Status Unpause(std::string_view id) override {
    return Move(id, "unpause", {"paused"}, "running");
  }
  Status Remove(std::string_view id, bool force) override {
    std::lock_guard lock(mutex_);
    if (auto failure = TakeFailure("remove")) return *failure;
    const auto it = Locate(id);
    if (it == containers_.end()) return NoSuch(id);
    if (!force && (it->second.status == "running" || it->second.status == "paused")) {
      return MakeError(ErrorCode::kConflict, "You cannot remove a running container");
    }
    containers_.erase(it);
    return Ok();
  }
  Status Rename(std::string_view id, std::string_view new_name) override {
    std::lock_guard lock(mutex_);
    if (auto failure = TakeFailure("rename")) return *failure;
    const auto it = Locate(id);
    if (it == containers_.end()) return NoSuch(id);
    it->second.spec.name = std::string(new_name);
    return Ok();
  }
  Result<docker::ContainerInspect> Inspect(std::string_view id) override {
    std::lock_guard lock(mutex_);
    if (auto failure = TakeFailure("inspect")) return *failure;
    const auto it = Locate(id);
    if (it == containers_.end()) return NoSuch(id);
    const docker::ContainerSpec& spec = it->second.spec;
    docker::ContainerInspect inspect;
    inspect.id = it->first;
    inspect.name = spec.name;
    inspect.image = spec.image;
    inspect.cmd = spec.cmd;
    for (const auto& [key, value] : spec.env) inspect.env.push_back(key + "=" + value);
    inspect.labels = spec.labels;
    inspect.user = spec.user;
    inspect.working_dir = spec.working_dir;
    inspect.tty = spec.tty;
    inspect.binds = spec.binds;
    inspect.mounts = spec.mounts;
    inspect.memory_bytes = spec.memory_bytes;
    inspect.nano_cpus = spec.nano_cpus;
    inspect.shm_size_bytes = spec.shm_size_bytes;
    inspect.pids_limit = spec.pids_limit.value_or(0);
    inspect.device_requests = spec.device_requests;
    inspect.state.status = it->second.status;
    inspect.state.running = it->second.status == "running" || it->second.status == "paused";
    inspect.state.paused = it->second.status == "paused";
    inspect.state.exit_code = it->second.exit_code;
    inspect.raw = {{"HostConfig",
                    {{"MemorySwap", spec.memory_swap_bytes}, {"SecurityOpt", spec.security_opt}}}};
    return inspect;
  }
  Result<std::int64_t> WritableLayerSize(std::string_view id) override {
    std::lock_guard lock(mutex_);
    if (auto failure = TakeFailure("size")) return *failure;
    const auto it = Locate(id);
    if (it == containers_.end()) return NoSuch(id);
    return it->second.layer_bytes;
  }
  Result<std::vector<EngineContainer>> ListManaged() override {
    std::lock_guard lock(mutex_);
    if (auto failure = TakeFailure("list")) return *failure;
    std::vector<EngineContainer> managed;
    for (const auto& [id, container] : containers_) {
      const auto label = container.spec.labels.find("ds01.managed");
      if (label == container.spec.labels.end() || label->second != "true") continue;
      managed.push_back(
          EngineContainer{id, container.spec.labels,
                          container.status == "running" || container.status == "paused"});
    }
    return managed;
  }
  Result<docker::ContainerStats> Stats(std::string_view id) override {
    std::lock_guard lock(mutex_);
    if (auto failure = TakeFailure("stats")) return *failure;
    const auto it = Locate(id);
    if (it == containers_.end()) return NoSuch(id);
    docker::ContainerStats stats;
    stats.cpu_total_ns = 3'000'000'000;
    stats.precpu_total_ns = 2'000'000'000;
    stats.system_cpu_ns = 20'000'000'000;
    stats.presystem_cpu_ns = 16'000'000'000;
    stats.online_cpus = 4;
    stats.memory_usage_bytes = 300u << 20;
    stats.memory_cache_bytes = 100u << 20;
    stats.memory_limit_bytes = static_cast<std::uint64_t>(it->second.spec.memory_bytes);
    return stats;
  }
  // The body SetLogs gave, whole, on a socket whose other end has closed.
  Result<docker::AnswerConnection> OpenLogs(std::string_view id,
                                            const docker::LogsOptions& options) override {
    std::lock_guard lock(mutex_);
    if (auto failure = TakeFailure("logs")) return *failure;
    const auto it = Locate(id);
    if (it == containers_.end()) return NoSuch(id);
    last_logs_options_ = options;
    return Answered(logs_[it->first]);
  }
  // The engine's answer at once, as if the condition held: the container's exit code.
  Result<docker::AnswerConnection> OpenWait(std::string_view id, docker::WaitCondition) override {
    std::lock_guard lock(mutex_);
    if (auto failure = TakeFailure("wait")) return *failure;
    const auto it = Locate(id);
    if (it == containers_.end()) return NoSuch(id);
    return Answered(R"({"Error":null,"StatusCode":)" + std::to_string(it->second.exit_code) + "}");
  }
  Result<HijackedStdio> OpenAttach(std::string_view) override { return NoProcesses(); }
  Result<std::string> ReadFile(std::string_view id, std::string_view path,
                               std::size_t max_bytes) override {
    std::lock_guard lock(mutex_);
    if (auto failure = TakeFailure("read")) return *failure;
    const auto it = Locate(id);
    if (it == containers_.end()) return NoSuch(id);
    const auto file = it->second.files.find(std::string(path));
    if (file == it->second.files.end()) {
      return MakeError(ErrorCode::kNotFound, "Could not find the file " + std::string(path));
    }
    if (file->second.size() > max_bytes) {
      return MakeError(ErrorCode::kInvalidArgument, "the file is too large");
    }
    return file->second;
  }
  Status WriteFiles(std::string_view id, const std::vector<docker::ArchiveEntry>& files) override {
    std::lock_guard lock(mutex_);
    if (auto failure = TakeFailure("write")) return *failure;
    const auto it = Locate(id);
    if (it == containers_.end()) return NoSuch(id);
    for (const docker::ArchiveEntry& file : files) it->second.files["/" + file.path] = file.content;
    return Ok();
  }
  // No process ever runs in a fake container: every exec is refused.
  Result<std::string> CreateExec(std::string_view, const docker::ExecSpec&) override {
    return NoProcesses();
  }
  Status StartExecDetached(std::string_view) override { return NoProcesses(); }
  Result<HijackedStdio> StartExecHijacked(std::string_view, bool) override { return NoProcesses(); }
  Result<docker::ExecInspect> InspectExec(std::string_view) override { return NoProcesses(); }
  Result<int> ExecExitCode(std::string_view) override { return NoProcesses(); }
  Status ResizeExec(std::string_view, int, int) override { return NoProcesses(); }

  Result<std::vector<LocalImage>> ListImages(const ImageQuery& query) override {
    std::lock_guard lock(mutex_);
    if (auto failure = TakeFailure("list-images")) return *failure;
    std::map<std::string, LocalImage> by_id;
    for (const auto& [reference, image] : images_) {
      if (!query.intermediate && TagsOf(image.id).empty() && IsParent(image.id)) continue;
      const bool labelled =
          std::all_of(query.labels.begin(), query.labels.end(), [&](const std::string& label) {
            const auto equals = label.find('=');
            const auto it = image.labels.find(label.substr(0, equals));
            return it != image.labels.end() &&
                   (equals == std::string::npos || it->second == label.substr(equals + 1));
          });
      if (!labelled) continue;
      const std::vector<std::string> references = ReferencesOf(image.id);
      const bool named =
          query.references.empty() ||
          std::any_of(references.begin(), references.end(), [&](const std::string& ref) {
            return std::any_of(query.references.begin(), query.references.end(),
                               [&](const std::string& pattern) { return Matches(pattern, ref); });
          });
      if (named) by_id.try_emplace(image.id, LocalOf(image));
    }
    std::vector<LocalImage> listed;
    for (auto& [id, image] : by_id) listed.push_back(std::move(image));
    return listed;
  }
  Result<LocalImage> FindImage(std::string_view reference) override {
    std::lock_guard lock(mutex_);
    const auto it = images_.find(std::string(reference));
    if (it == images_.end()) return NoSuchImage(reference);
    return LocalOf(it->second);
  }
  Status RemoveImage(std::string_view reference, bool force) override {
    std::lock_guard lock(mutex_);
    if (auto failure = TakeFailure("remove-image")) return *failure;
    const auto it = images_.find(std::string(reference));
    if (it == images_.end()) return NoSuchImage(reference);
    const std::vector<std::string> references = ReferencesOf(it->second.id);
    if (!force && references.size() == 1) {
      for (const auto& [id, container] : containers_) {
        if (container.spec.image == reference || container.spec.image == it->second.id) {
          return MakeError(ErrorCode::kConflict,
                           "conflict: unable to remove repository reference \"" +
                               std::string(reference) + "\" (must force) - container " + id +
                               " is using its referenced image");
        }
      }
    }
    images_.erase(it);
    return Ok();
  }

  /// Records the build, reports one step per line of its Dockerfile text, then tags a new image;
  /// FailNext("build") fails it after the steps instead.
  Result<std::string> BuildImage(ImageBuild build, const BuildListener& listener) override {
    std::unique_lock lock(mutex_);
    builds_.push_back(build);
    std::optional<Error> failure = TakeFailure("build");
    lock.unlock();
    const Result<std::string> dockerfile =
        docker::FileIn(build.context.tar, build.context.dockerfile, 1 << 20);
    const std::string text = dockerfile.ok() ? *dockerfile : std::string();
    std::vector<std::string> lines;
    for (std::size_t at = 0; at < text.size();) {
      const std::size_t end = std::min(text.find('\n', at), text.size());
      if (end > at) lines.push_back(text.substr(at, end - at));
      at = end + 1;
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string step = "Step " + std::to_string(i + 1) + "/" +
                               std::to_string(lines.size()) + " : " + lines[i] + "\n";
      docker::BuildEvent event;
      event.text = step;
      if (listener && !listener(event)) {
        return MakeError(ErrorCode::kCancelled, "The build was stopped before it finished");
      }
    }
    if (failure) return *failure;
    lock.lock();
    FakeImage image{"sha256:fake-image-" + std::to_string(++next_image_id_), true, 0, {}, {}};
    image.labels = extra_build_labels_;
    images_[image.id] = image;
    return image.id;
  }
  Status TagImage(std::string_view id, std::string_view reference) override {
    std::lock_guard lock(mutex_);
    const auto it = images_.find(std::string(id));
    if (it == images_.end()) return NoSuchImage(id);
    images_[std::string(reference)] = it->second;
    return Ok();
  }
  /// Labels every later build's image also gets, as a LABEL in its Dockerfile would give it.
  void AddBuildLabel(std::string key, std::string value) {
    std::lock_guard lock(mutex_);
    extra_build_labels_[std::move(key)] = std::move(value);
  }
  /// Every build asked for, in order.
  std::vector<ImageBuild> builds() {
    std::lock_guard lock(mutex_);
    return builds_;
  }

  /// The file `path` of container `id` as WriteFiles left it; empty when never written.
  std::string FileOf(std::string_view id, const std::string& path) {
    std::lock_guard lock(mutex_);
    const auto it = Locate(id);
    if (it == containers_.end()) return {};
    const auto file = it->second.files.find(path);
    return file == it->second.files.end() ? std::string() : file->second;
  }

 private:
  std::map<std::string, Container>::iterator Locate(std::string_view id_or_name) {
    auto it = containers_.find(std::string(id_or_name));
    if (it != containers_.end()) return it;
    for (it = containers_.begin(); it != containers_.end(); ++it) {
      if (it->second.spec.name == id_or_name) return it;
    }
    return it;
  }
  struct FakeImage {
    std::string id;
    bool has_command = true;
    std::int64_t size_bytes = 0;
    std::chrono::system_clock::time_point created{};
    std::map<std::string, std::string> labels;
    std::string parent_id = {};
  };
  // Every reference of the image `id`, sorted.
  std::vector<std::string> ReferencesOf(const std::string& id) const {
    std::vector<std::string> references;
    for (const auto& [reference, image] : images_) {
      if (image.id == id) references.push_back(reference);
    }
    return references;
  }
  // The references of the image `id` that are names: an untagged image is keyed by its id.
  std::vector<std::string> TagsOf(const std::string& id) const {
    std::vector<std::string> tags = ReferencesOf(id);
    std::erase(tags, id);
    return tags;
  }
  bool IsParent(const std::string& id) const {
    return std::any_of(images_.begin(), images_.end(),
                       [&](const auto& entry) { return entry.second.parent_id == id; });
  }
  LocalImage LocalOf(const FakeImage& image) const {
    return LocalImage{image.id,      TagsOf(image.id), image.size_bytes,
                      image.created, image.labels,     image.parent_id};
  }
  // The engine's reference filter: the pattern matches "repo:tag" or "repo" alone.
  static bool Matches(const std::string& pattern, const std::string& reference) {
    const std::string repository = reference.substr(0, reference.rfind(':'));
    return fnmatch(pattern.c_str(), reference.c_str(), FNM_PATHNAME) == 0 ||
           fnmatch(pattern.c_str(), repository.c_str(), FNM_PATHNAME) == 0;
  }
  static Error NoSuchImage(std::string_view reference) {
    return MakeError(ErrorCode::kNotFound, "No such image: " + std::string(reference));
  }
  static Error NoProcesses() {
    return MakeError(ErrorCode::kUnavailable, "the fake engine runs no processes");
  }
  std::optional<Error> TakeFailure(const std::string& operation) {
    const auto it = failures_.find(operation);
    if (it == failures_.end()) return std::nullopt;
    Error error = std::move(it->second);
    failures_.erase(it);
    return error;
  }
  static Error NoSuch(std::string_view id) {
    return MakeError(ErrorCode::kNotFound, "No such container: " + std::string(id));
  }
  // An answer's `body`, whole and unchunked, on a socket whose other end has closed.
  static Result<docker::AnswerConnection> Answered(const std::string& body) {
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
      return MakeError(ErrorCode::kInternal, "socketpair failed");
    }
    const bool written =
        ::write(ends[1], body.data(), body.size()) == static_cast<ssize_t>(body.size());
    ::close(ends[1]);
    if (!written) return MakeError(ErrorCode::kInternal, "the fake's answer is too long");
    return docker::AnswerConnection{http::Socket(ends[0], "fake engine"), false, {}};
  }
  Status Move(std::string_view id, const std::string& operation, std::vector<std::string> from,
              std::string to) {
    std::function<void()> stall;
    {
      std::lock_guard lock(mutex_);
      if (auto it = stalls_.find(operation); it != stalls_.end()) {
        stall = std::move(it->second);
        stalls_.erase(it);
      }
    }
    if (stall) stall();
    std::lock_guard lock(mutex_);
    if (auto failure = TakeFailure(operation)) return *failure;
    const auto it = Locate(id);
    if (it == containers_.end()) return NoSuch(id);
    for (const std::string& status : from) {
      if (it->second.status == status) {
        it->second.status = to;
        return Ok();
      }
    }
    return MakeError(ErrorCode::kConflict, "Container " + it->first + " is " + it->second.status +
                                               ": cannot " + operation);
  }
  std::string NewId() { return "fake-" + std::to_string(++next_id_); }

  std::mutex mutex_;
  std::map<std::string, FakeImage> images_;  // by reference
  std::vector<ImageBuild> builds_;
  std::map<std::string, std::string> extra_build_labels_;
  std::map<std::string, Container> containers_;
  std::map<std::string, std::string> logs_;  // by container id
  docker::LogsOptions last_logs_options_;
  std::map<std::string, Error> failures_;
  std::map<std::string, std::function<void()>> stalls_;
  int next_id_ = 0;
  int next_image_id_ = 0;
};

}  // namespace ds01::core
