#pragma once

#include <string_view>

#include "common/error.h"

namespace ds01::api {

/// Checks a user-facing container name (DESIGN.md §4): [a-z0-9][a-z0-9_.-]{0,62}, never
/// containing "._." (the separator of the Docker name). ds01d judges every name by it; ds01
/// too, where a name becomes a path before ds01d sees it (project init).
Status ValidateContainerName(std::string_view name);

/// Checks a project name: the same alphabet, since it names a directory under the workspace
/// root and the image ds01-<uid>/<project>.
Status ValidateProjectName(std::string_view project);

}  // namespace ds01::api
