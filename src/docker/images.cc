#include "docker/images.h"

#include <utility>

#include "docker/api_path.h"
#include "docker/build_context.h"
#include "docker/json_fields.h"

namespace ds01::docker {
namespace {

constexpr std::string_view kUntaggedReference = "<none>:<none>";

std::string JsonObject(const std::map<std::string, std::string>& values) {
  return nlohmann::json(values).dump();
}

std::vector<std::string> RealTags(std::vector<std::string> tags) {
  std::erase(tags, std::string(kUntaggedReference));
  return tags;
}

Error ImageInUse(Error error) {
  error.hint =
      "remove the containers and references that still hold the image, or remove it with force";
  return error;
}

}  // namespace

std::string BuildPath(const BuildOptions& options, std::string_view dockerfile) {
  ApiPath path("/build");
  path.Add("dockerfile", dockerfile);
  for (const std::string& tag : options.tags) path.Add("t", tag);
  if (!options.build_args.empty()) path.Add("buildargs", JsonObject(options.build_args));
  if (!options.labels.empty()) path.Add("labels", JsonObject(options.labels));
  path.Flag("nocache", options.no_cache);
  path.Add("rm", options.rm ? "1" : "0");
  path.Flag("forcerm", options.force_rm);
  path.Add("pull", "0");
  if (options.memory_bytes > 0) {
    path.Add("memory", std::to_string(options.memory_bytes));
    path.Add("memswap", std::to_string(options.memory_bytes));
  }
  if (options.cpus > 0) {
    constexpr std::int64_t kPeriodMicros = 100'000;
    path.Add("cpuperiod", std::to_string(kPeriodMicros));
    path.Add("cpuquota", std::to_string(static_cast<std::int64_t>(options.cpus * kPeriodMicros)));
  }
  if (options.shm_bytes > 0) path.Add("shmsize", std::to_string(options.shm_bytes));
  return path.str();
}

Result<std::vector<ImageSummary>> ParseImageList(std::string_view body) {
  Result<nlohmann::json> parsed = ParseJson(body, "the image list");
  if (!parsed.ok()) return std::move(parsed).error();
  if (!parsed->is_array()) {
    return MakeError(ErrorCode::kProtocol, "The Docker engine's image list is not a JSON array",
                     "check that the address points at a Docker engine");
  }
  std::vector<ImageSummary> images;
  for (const nlohmann::json& item : *parsed) {
    ImageSummary image;
    image.id = StringField(item, "Id");
    image.repo_tags = RealTags(StringListField(item, "RepoTags"));
    image.size = IntField(item, "Size");
    image.created = IntField(item, "Created");
    image.labels = StringMapField(item, "Labels");
    image.parent_id = StringField(item, "ParentId");
    images.push_back(std::move(image));
  }
  return images;
}

Result<ImageInspect> ParseImageInspect(std::string_view body) {
  Result<nlohmann::json> parsed = ParseJson(body, "an image inspect document");
  if (!parsed.ok()) return std::move(parsed).error();
  const nlohmann::json& doc = *parsed;
  ImageInspect image;
  image.id = StringField(doc, "Id");
  image.repo_tags = RealTags(StringListField(doc, "RepoTags"));
  image.parent = StringField(doc, "Parent");
  image.created = StringField(doc, "Created");
  image.size = IntField(doc, "Size");
  image.architecture = StringField(doc, "Architecture");
  image.os = StringField(doc, "Os");
  const nlohmann::json& config = Field(doc, "Config");
  image.labels = StringMapField(config, "Labels");
  image.env = StringListField(config, "Env");
  image.cmd = StringListField(config, "Cmd");
  image.entrypoint = StringListField(config, "Entrypoint");
  image.working_dir = StringField(config, "WorkingDir");
  image.user = StringField(config, "User");
  image.raw = std::move(*parsed);
  return image;
}

Result<ImageRemoval> ParseImageRemoval(std::string_view body) {
  Result<nlohmann::json> parsed = ParseJson(body, "an image removal");
  if (!parsed.ok()) return std::move(parsed).error();
  ImageRemoval removal;
  if (!parsed->is_array()) return removal;
  for (const nlohmann::json& item : *parsed) {
    std::string untagged = StringField(item, "Untagged");
    std::string deleted = StringField(item, "Deleted");
    if (!untagged.empty()) removal.untagged.push_back(std::move(untagged));
    if (!deleted.empty()) removal.deleted.push_back(std::move(deleted));
  }
  return removal;
}

Result<PruneReport> ParseImagePrune(std::string_view body) {
  Result<nlohmann::json> parsed = ParseJson(body, "an image prune report");
  if (!parsed.ok()) return std::move(parsed).error();
  PruneReport report;
  const nlohmann::json& items = Field(*parsed, "ImagesDeleted");
  if (items.is_array()) {
    for (const nlohmann::json& item : items) {
      std::string deleted = StringField(item, "Deleted");
      if (!deleted.empty()) report.deleted.push_back(std::move(deleted));
    }
  }
  report.space_reclaimed = UintField(*parsed, "SpaceReclaimed");
  return report;
}

Result<std::string> ImageApi::Build(const BuildOptions& options, BuildContext context,
                                    const std::function<bool(const BuildEvent&)>& on_event) {
  Result<std::unique_ptr<http::BodyStream>> stream =
      engine_.OpenStream("POST", BuildPath(options, context.dockerfile), std::move(context.tar),
                         {{"Content-Type", "application/x-tar"}});
  if (!stream.ok()) return std::move(stream).error();

  BuildProgress progress;
  while (true) {
    Result<std::optional<std::string>> line = (*stream)->ReadLine();
    if (!line.ok()) return std::move(line).error();
    if (!line->has_value()) break;
    Result<std::optional<BuildEvent>> event = progress.Feed(**line);
    if (!event.ok()) return std::move(event).error();
    if (event->has_value() && on_event && !on_event(**event)) {
      return MakeError(ErrorCode::kCancelled, "The build was stopped before it finished");
    }
  }
  return progress.Outcome();
}

Result<std::vector<ImageSummary>> ImageApi::List(const ImageListOptions& options) {
  std::map<std::string, std::vector<std::string>> filters;
  if (!options.references.empty()) filters["reference"] = options.references;
  if (!options.labels.empty()) filters["label"] = options.labels;
  if (options.dangling) filters["dangling"] = {*options.dangling ? "true" : "false"};
  ApiPath path("/images/json");
  path.Flag("all", options.all);
  if (!filters.empty()) path.AddEncoded("filters", EncodeFilters(filters));
  Result<http::Response> response = engine_.Call("GET", path.str());
  if (!response.ok()) return std::move(response).error();
  return ParseImageList(response->body);
}

Result<ImageInspect> ImageApi::Inspect(std::string_view name) {
  Result<http::Response> response =
      engine_.Call("GET", ApiPath("/images").Segment(name).Then("json").str());
  if (!response.ok()) return std::move(response).error();
  return ParseImageInspect(response->body);
}

Status ImageApi::Tag(std::string_view name, std::string_view repo, std::string_view tag) {
  ApiPath path("/images");
  path.Segment(name).Then("tag").Add("repo", repo).Add("tag", tag);
  Result<http::Response> response = engine_.Call("POST", path.str());
  if (!response.ok()) return std::move(response).error();
  return Ok();
}

Result<ImageRemoval> ImageApi::Remove(std::string_view name, const ImageRemoveOptions& options) {
  ApiPath path("/images");
  path.Segment(name).Flag("force", options.force).Flag("noprune", options.no_prune);
  Result<http::Response> response = engine_.Call("DELETE", path.str());
  if (!response.ok()) {
    Error error = std::move(response).error();
    return error.code == ErrorCode::kConflict ? ImageInUse(std::move(error)) : error;
  }
  return ParseImageRemoval(response->body);
}

Result<PruneReport> ImageApi::PruneDangling(const std::vector<std::string>& labels) {
  std::map<std::string, std::vector<std::string>> filters{{"dangling", {"true"}}};
  if (!labels.empty()) filters["label"] = labels;
  Result<http::Response> response = engine_.Call(
      "POST", ApiPath("/images/prune").AddEncoded("filters", EncodeFilters(filters)).str());
  if (!response.ok()) return std::move(response).error();
  return ParseImagePrune(response->body);
}

}  // namespace ds01::docker
