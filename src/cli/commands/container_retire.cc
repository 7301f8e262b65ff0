#include "cli/commands/container_retire.h"

#include <algorithm>

#include "api/wire_images.h"
#include "cli/commands/container_remove.h"
#include "cli/commands/image_delete.h"
#include "cli/output/menu.h"
#include "cli/target.h"

namespace ds01::cli {
namespace {

// The project whose image retiring `target` may leave unused: the container's image when it is
// the caller's own project image at :latest, read from its record before the record goes.
Result<std::optional<std::string>> ProjectImageOf(Session& session, const ContainerRef& target) {
  auto record =
      CallAs<api::Container>(session.daemon, "GET", ContainerRoute(target.name, {}, target.owner));
  if (!record.ok()) return std::move(record).error();
  // An admin retiring another user's container is never offered that user's image.
  if (record->owner.uid != session.uid) return std::optional<std::string>();
  return OwnLatestProject(record->image, session.uid);
}

// Offers to delete the project's image once no container of the caller's uses it any more; it
// is deleted on yes, as image-delete deletes it.
Status OfferImageDeletion(Session& session, const std::string& project) {
  auto listed = CallAs<api::ImageList>(session.daemon, "GET", "/v1/images");
  if (!listed.ok()) return std::move(listed).error();
  const std::string reference = ProjectImageReference(project, session.uid);
  auto image = std::find_if(listed->images.begin(), listed->images.end(),
                            [&](const api::Image& each) { return each.reference == reference; });
  // Gone already, or still another container's image: nothing to offer.
  if (image == listed->images.end() || !image->used_by.empty()) return Ok();
  if (!Confirm(session.in, session.out, "Also remove image " + reference + "?")) return Ok();
  return DeleteProjectImage(session, project, /*force=*/false);
}

}  // namespace

void DeclareContainerRetire(ArgSpec& args, ContainerRetireOptions& options) {
  args.Name(&options.name);
  args.Text("--owner", "USER", &options.owner);
  args.Flag("--keep-image", &options.keep_image);
}

Status RunContainerRetire(Session& session, const ContainerRetireOptions& options) {
  auto target = ResolveTarget(session, options.name, options.owner,
                              {"container retire", "retire", Fit::kRemovableWithStop});
  if (!target.ok()) return std::move(target).error();
  // Scripts are never asked, and an image is never deleted unasked: --force keeps it too.
  const bool may_offer = session.interactive && !session.force && !options.keep_image;
  std::optional<std::string> project;
  if (may_offer) {
    auto found = ProjectImageOf(session, *target);
    if (!found.ok()) return std::move(found).error();
    project = *found;
  }
  DS01_RETURN_IF_ERROR(RemoveContainer(session, *target, /*stop=*/true));
  if (!project) return Ok();
  return OfferImageDeletion(session, *project);
}

CommandSpec ContainerRetireCommand() {
  return {"container-retire",
          "container",
          "retire",
          "Stop and remove a container, freeing its GPU at once",
          "container_retire",
          &Bind<ContainerRetireOptions, DeclareContainerRetire, RunContainerRetire>};
}

}  // namespace ds01::cli
