#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "common/error.h"

namespace ds01::core {

/// The Docker name of a user's container: "<name>._.<uid>".
std::string DockerName(std::string_view name, uid_t uid);

/// The image a project builds: "ds01-<uid>/<project>:latest".
std::string ProjectImage(uid_t uid, std::string_view project);

}  // namespace ds01::core
