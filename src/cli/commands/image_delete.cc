#include "cli/commands/image_delete.h"

#include <vector>

#include "api/names.h"
#include "api/wire_images.h"
#include "cli/output/image_view.h"
#include "cli/output/menu.h"
#include "http/percent_encode.h"

namespace ds01::cli {
namespace {

constexpr std::string_view kLatest = ":latest";
constexpr std::string_view kHub = "docker.io/";

std::string OwnPrefix(uid_t caller) { return "ds01-" + std::to_string(caller) + "/"; }

// On a terminal, the project whose image the user picks from their own; otherwise a usage error.
Result<std::string> ChooseImage(Session& session) {
  if (!session.interactive) {
    return UsageError("NAME is missing, and there is no terminal to choose it on",
                      "give it: image-delete NAME (image-list shows your images)");
  }
  auto answer = CallAs<api::ImageList>(session.daemon, "GET", "/v1/images");
  if (!answer.ok()) return std::move(answer).error();
  const std::string prefix = OwnPrefix(session.uid);
  std::vector<std::string> projects;
  std::vector<std::vector<std::string>> rows;
  const auto now = session.clock.Now();
  for (const api::Image& image : answer->images) {
    // image-delete removes a project's :latest; other tags are not its to remove.
    if (image.kind != "project" || image.tag != "latest" || !image.repository.starts_with(prefix)) {
      continue;
    }
    projects.push_back(image.repository.substr(prefix.size()));
    rows.push_back({projects.back(), ImageSizeCell(image), ImageAgeCell(image, now),
                    image.used_by.empty() ? "" : "used by " + UsedByCell(image)});
  }
  if (projects.empty()) {
    return MakeError(ErrorCode::kNotFound, "no image to delete: you have no project image",
                     "image-list --all shows the images you have and may use");
  }
  auto chosen = ChooseFromMenu(session.in, session.out, "Which image to delete?", rows);
  if (!chosen.ok()) return std::move(chosen).error();
  return projects[*chosen];
}

}  // namespace

std::string ProjectNamed(std::string_view name, uid_t caller) {
  const std::string prefix = OwnPrefix(caller);
  if (!name.starts_with(prefix)) return std::string(name);
  name.remove_prefix(prefix.size());
  if (name.ends_with(kLatest)) name.remove_suffix(kLatest.size());
  return std::string(name);
}

void DeclareImageDelete(ArgSpec& args, ImageDeleteOptions& options) { args.Name(&options.name); }

std::string ProjectImageReference(std::string_view project, uid_t caller) {
  return OwnPrefix(caller) + std::string(project) + std::string(kLatest);
}

std::optional<std::string> OwnLatestProject(std::string_view reference, uid_t caller) {
  // As ds01d reads a record's image: Docker Hub's prefix named or not, no tag meaning :latest.
  if (reference.starts_with(kHub)) reference.remove_prefix(kHub.size());
  const std::string prefix = OwnPrefix(caller);
  if (!reference.starts_with(prefix)) return std::nullopt;
  reference.remove_prefix(prefix.size());
  if (reference.ends_with(kLatest)) reference.remove_suffix(kLatest.size());
  if (!api::ValidateProjectName(reference).ok()) return std::nullopt;
  return std::string(reference);
}

Status DeleteProjectImage(Session& session, std::string_view project, bool force) {
  auto removed = CallAs<api::ImageRemoved>(session.daemon, "POST",
                                           "/v1/images/" + http::PercentEncode(project) + "/remove",
                                           api::ImageRemoveRequest{force});
  if (!removed.ok()) return std::move(removed).error();
  session.out << "Deleted image " << removed->removed << "\n";
  return Ok();
}

Status RunImageDelete(Session& session, const ImageDeleteOptions& options) {
  auto name = options.name ? Result<std::string>(ProjectNamed(*options.name, session.uid))
                           : ChooseImage(session);
  if (!name.ok()) return std::move(name).error();
  if (session.interactive && !session.force &&
      !Confirm(session.in, session.out,
               "Delete image " + ProjectImageReference(*name, session.uid) +
                   "? Containers can no longer be created from it; your workspace is kept.")) {
    return MakeError(ErrorCode::kCancelled, "image " + *name + " was not deleted",
                     "answer y, or use --force to delete without asking");
  }
  session.guide.Step("before", {{"name", *name}});
  DS01_RETURN_IF_ERROR(DeleteProjectImage(session, *name, session.force));
  session.guide.Step("after", {{"name", *name}});
  return Ok();
}

CommandSpec ImageDeleteCommand() {
  return {"image-delete", "image",
          "delete",       "Delete one of your project images (refused while a container uses it)",
          "image_delete", &Bind<ImageDeleteOptions, DeclareImageDelete, RunImageDelete>};
}

}  // namespace ds01::cli
