#include "core/image_builder.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "api/names.h"
#include "common/unique_fd.h"
#include "core/container_name.h"
#include "core/managed_labels.h"
#include "core/thread_credentials.h"
#include "docker/build_context.h"
#include "policy/dockerfile_review.h"

namespace ds01::core {
namespace {

Error NoProject(const std::string& project, const std::string& directory) {
  return MakeError(ErrorCode::kNotFound,
                   fmt::format("No project '{}' in your workspace ({})", project, directory),
                   fmt::format("create it with: project init {}", project));
}

// The project's Dockerfile, read as the thread's (the owner's) filesystem identity.
Result<std::string> ReadDockerfile(const std::string& project, const std::string& directory) {
  const std::string path = directory + "/Dockerfile";
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd.valid()) {
    if (errno == ENOENT && ::access(directory.c_str(), F_OK) != 0) {
      return NoProject(project, directory);
    }
    if (errno == ENOENT) {
      return MakeError(ErrorCode::kNotFound,
                       fmt::format("Project '{}' has no Dockerfile ({})", project, path),
                       "write one there: FROM a base image, then the steps that install what "
                       "the project needs (project init writes a first one)");
    }
    return MakeError(ErrorCode::kPermissionDenied,
                     fmt::format("Cannot read {}: {}", path, std::strerror(errno)),
                     "make it readable by you");
  }
  std::string text;
  char buffer[16 * 1024];
  while (text.size() <= policy::kMaxDockerfileBytes) {
    const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("Cannot read {}: {}", path, std::strerror(errno)),
                       "make it a regular file you can read");
    }
    if (got == 0) return text;
    text.append(buffer, static_cast<std::size_t>(got));
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   fmt::format("{} is larger than {} bytes", path, policy::kMaxDockerfileBytes),
                   "a Dockerfile holds steps, not data: COPY files from the project instead");
}

// The reviewed Dockerfile with ds01's labels as one last instruction: the engine's own
// `labels` would add a step for each.
Result<std::string> WithLabels(std::string text, const Labels& labels) {
  const std::size_t end = text.find_last_not_of(" \t\r\n");
  if (end != std::string::npos && (text[end] == '\\' || text[end] == '`')) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "The Dockerfile's last line continues onto a line that is not there",
                     "remove the \\ (or `) at the end of the last instruction");
  }
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text + LabelInstruction(labels);
}

// The build context, made as `owner`, with the Dockerfile reviewed and ds01's labels added.
Result<docker::BuildContext> ReadProject(const policy::Identity& owner, const BuildAsk& ask,
                                         const std::string& directory, const policy::Config& config,
                                         const policy::ImageExists& exists, const Labels& labels,
                                         std::uint64_t max_context_bytes) {
  auto as_owner = ThreadCredentials::Assume(owner);
  if (!as_owner.ok()) return std::move(as_owner).error();
  auto text = ReadDockerfile(ask.project, directory);
  if (!text.ok()) return std::move(text).error();
  auto review = policy::ReviewDockerfile(*text, owner.uid, config, ask.base, exists);
  if (!review.ok()) return std::move(review).error();
  auto sent = WithLabels(review->text, labels);
  if (!sent.ok()) return std::move(sent).error();
  auto context = docker::MakeBuildContext(directory, {.dockerfile_text = std::move(*sent),
                                                      .refuse_links_out = true,
                                                      .max_bytes = max_context_bytes});
  if (!context.ok()) return std::move(context).error();
  return context;
}

}  // namespace

ImageBuilder::ImageBuilder(ImageEngine& engine, LimitsFor limits, std::uint64_t max_context_bytes)
    : engine_(engine), limits_(std::move(limits)), max_context_bytes_(max_context_bytes) {}

std::optional<KeyedMutex::Lock> ImageBuilder::Claim(uid_t owner, const std::string& project) {
  return building_.TryAcquire(fmt::format("{}/{}", owner, project));
}

Result<PreparedBuild> ImageBuilder::Prepare(const policy::Identity& owner, const BuildAsk& ask,
                                            const policy::Config& config) {
  DS01_RETURN_IF_ERROR(api::ValidateProjectName(ask.project));
  const std::string directory = config.workspaces.RootFor(owner.user) + "/" + ask.project;
  // Only a definite "no such image" counts as missing; an engine that cannot answer now will
  // say so when asked to build.
  const policy::ImageExists exists = [this](std::string_view reference) {
    auto found = engine_.FindImage(reference);
    return found.ok() || found.error().code != ErrorCode::kNotFound;
  };
  Labels labels = ProjectImageLabels(owner.uid, owner.user, ask.project);
  auto read = ReadProject(owner, ask, directory, config, exists, labels, max_context_bytes_);
  if (!read.ok()) return std::move(read).error();

  PreparedBuild prepared;
  prepared.labels = std::move(labels);
  prepared.owner = owner.uid;
  prepared.project = ask.project;
  prepared.build.context = std::move(*read);
  prepared.build.no_cache = ask.no_cache;
  const policy::Limits limits = limits_(owner.uid);
  prepared.build.memory_bytes = static_cast<std::int64_t>(limits.memory_bytes);
  prepared.build.cpus = limits.cpus;
  prepared.build.shm_bytes = static_cast<std::int64_t>(limits.shm_size_bytes);

  auto previous = engine_.FindImage(ProjectImage(owner.uid, ask.project));
  if (previous.ok()) {
    prepared.replaces = previous->id;
  } else if (previous.error().code != ErrorCode::kNotFound) {
    return std::move(previous).error();
  }
  return prepared;
}

Result<BuiltImage> ImageBuilder::Run(PreparedBuild prepared, const BuildListener& listener) {
  const Labels expected = prepared.labels;
  auto id = engine_.BuildImage(std::move(prepared.build), listener);
  if (!id.ok()) return std::move(id).error();

  // The image is built untagged and tagged only once its labels are checked: a LABEL in the
  // Dockerfile may have set a ds01.* label, which every container of the image would carry.
  auto built = engine_.FindImage(*id);
  if (!built.ok()) return std::move(built).error();
  if (auto foreign = ForeignImageLabel(built->labels, expected)) {
    (void)engine_.RemoveImage(*id, true);
    return MakeError(
        ErrorCode::kPermissionDenied,
        fmt::format("The Dockerfile sets the label {}: ds01.* labels are ds01's own", *foreign),
        "remove that LABEL from the Dockerfile");
  }
  const std::string reference = ProjectImage(prepared.owner, prepared.project);
  DS01_RETURN_IF_ERROR(engine_.TagImage(*id, reference));
  BuiltImage image{reference, *id, std::nullopt};
  if (prepared.replaces && *prepared.replaces != *id) image.replaced = prepared.replaces;
  return image;
}

}  // namespace ds01::core
