#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "common/error.h"

namespace ds01::e2e {

/// The engine's inspect of the container called `docker_name`, read by an independent client,
/// Debian's python3-docker (docker-py), as root: what the engine really holds, not what
/// ds01's own client makes of it.
Result<nlohmann::json> InspectWithDockerPy(const std::string& engine_address,
                                           const std::string& docker_name);

}  // namespace ds01::e2e
