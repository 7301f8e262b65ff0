#pragma once

#include <string>
#include <string_view>

#include "common/error.h"
#include "docker/container_spec.h"

namespace ds01::docker {

/// `spec` as ds01 keeps it (JSON with one key per field, named as in ContainerSpec): the
/// record a container is rebuilt from when it must be made again, say with other GPUs. Unlike
/// the engine's create body it loses nothing, and reading back what an older ds01 wrote gives
/// the defaults for fields it did not know.
std::string SpecRecord(const ContainerSpec& spec);

/// The spec SpecRecord wrote; kInternal when `record` is not such JSON.
Result<ContainerSpec> SpecFromRecord(std::string_view record);

}  // namespace ds01::docker
