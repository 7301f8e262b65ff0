#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "cli/daemon_client.h"
#include "cli/target.h"
#include "common/error.h"

namespace ds01::cli {

/// How a waited-for container ended, as the engine answers a wait.
struct ContainerExit {
  int status_code = 0;
  std::string error;  // why the engine could not wait, when it could not
};

/// Registers a wait for `condition` ("not-running", "next-exit", "removed") on the container
/// `target` with ds01d, which has the engine's wait in place when this returns (a start after it
/// is seen) and hands over the connection its answer comes on.
Result<HandedStream> OpenExitWait(DaemonApi& daemon, const ContainerRef& target,
                                  std::string_view condition);

/// The answer of a wait from OpenExitWait, once it comes; kTimeout when `timeout` passes first
/// (none: no limit).
Result<ContainerExit> AwaitExit(HandedStream& wait,
                                std::optional<std::chrono::milliseconds> timeout);

/// The engine's wait answer {"StatusCode": N, "Error": null | {"Message": …}} read.
Result<ContainerExit> ParseContainerExit(std::string_view body);

}  // namespace ds01::cli
