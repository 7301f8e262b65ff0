#include "cli/commands/image_delete.h"

#include <vector>

#include "api/wire_images.h"
#include "cli/output/image_view.h"
#include "cli/output/menu.h"
#include "http/percent_encode.h"

namespace ds01::cli {
namespace {

constexpr std::string_view kLatest = ":latest";

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

Status RunImageDelete(Session& session, const ImageDeleteOptions& options) {
  auto name = options.name ? Result<std::string>(ProjectNamed(*options.name, session.uid))
                           : ChooseImage(session);
  if (!name.ok()) return std::move(name).error();
  const std::string reference = OwnPrefix(session.uid) + *name + std::string(kLatest);
  if (session.interactive && !session.force &&
      !Confirm(session.in, session.out,
               "Delete image " + reference +
                   "? Containers can no longer be created from it; your workspace is kept.")) {
    return MakeError(ErrorCode::kCancelled, "image " + *name + " was not deleted",
                     "answer y, or use --force to delete without asking");
  }
  session.guide.Step("before", {{"name", *name}});
  auto removed = CallAs<api::ImageRemoved>(session.daemon, "POST",
                                           "/v1/images/" + http::PercentEncode(*name) + "/remove",
                                           api::ImageRemoveRequest{session.force});
  if (!removed.ok()) return std::move(removed).error();
  session.out << "Deleted image " << removed->removed << "\n";
  session.guide.Step("after", {{"name", *name}});
  return Ok();
}

CommandSpec ImageDeleteCommand() {
  return {"image-delete", "image",
          "delete",       "Delete one of your project images (refused while a container uses it)",
          "image_delete", &Bind<ImageDeleteOptions, DeclareImageDelete, RunImageDelete>};
}

}  // namespace ds01::cli
