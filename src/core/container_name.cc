#include "core/container_name.h"

#include <fmt/format.h>

namespace ds01::core {

std::string DockerName(std::string_view name, uid_t uid) {
  return fmt::format("{}._.{}", name, uid);
}

std::string ProjectImage(uid_t uid, std::string_view project) {
  return fmt::format("ds01-{}/{}:latest", uid, project);
}

}  // namespace ds01::core
