#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "common/error.h"

namespace ds01::core {

/// Checks a user-facing container name (DESIGN.md §4): [a-z0-9][a-z0-9_.-]{0,62}, never
/// containing "._." (the separator of the Docker name).
Status ValidateContainerName(std::string_view name);

/// Checks a project name: the same alphabet, since it names a directory under the workspace
/// root and the image ds01-<uid>/<project>.
Status ValidateProjectName(std::string_view project);

/// The Docker name of a user's container: "<name>._.<uid>".
std::string DockerName(std::string_view name, uid_t uid);

/// The image a project builds: "ds01-<uid>/<project>:latest".
std::string ProjectImage(uid_t uid, std::string_view project);

}  // namespace ds01::core
