#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "cli/command.h"

namespace ds01::cli {

struct ImageDeleteOptions {
  std::optional<std::string> name;  // the project; omitted on a terminal: a menu of your images
};

/// Declares image-delete's NAME on `args`, bound to `options` (--force is every command's).
void DeclareImageDelete(ArgSpec& args, ImageDeleteOptions& options);

/// Deletes the caller's project image ds01-<uid>/NAME:latest, asking first on a terminal unless
/// --force. ds01d refuses while any of the caller's containers was made from it.
Status RunImageDelete(Session& session, const ImageDeleteOptions& options);

/// The project an image-delete NAME means: NAME itself, or the project of a reference of the
/// caller's own as image-list shows it ("ds01-1001/my-thesis" or "ds01-1001/my-thesis:latest").
std::string ProjectNamed(std::string_view name, uid_t caller);

/// The caller's project image of `project`, as ds01d names it: "ds01-1001/my-thesis:latest".
std::string ProjectImageReference(std::string_view project, uid_t caller);

/// The project of `reference` when it is the caller's own project image at :latest, the image
/// image-delete removes ("ds01-1001/my-thesis:latest", "ds01-1001/my-thesis", either after
/// "docker.io/"); nothing for any other image, another tag or another user's.
std::optional<std::string> OwnLatestProject(std::string_view reference, uid_t caller);

/// Deletes the caller's project image of `project` (POST /v1/images/PROJECT/remove, `force`
/// passing the engine's force) and says so, without asking: image-delete's work, which container
/// retire shares.
Status DeleteProjectImage(Session& session, std::string_view project, bool force);

/// image-delete's entry in the registry.
CommandSpec ImageDeleteCommand();

}  // namespace ds01::cli
