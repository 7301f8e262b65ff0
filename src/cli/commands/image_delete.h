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

/// image-delete's entry in the registry.
CommandSpec ImageDeleteCommand();

}  // namespace ds01::cli
