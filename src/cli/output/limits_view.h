#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "api/wire_container.h"
#include "api/wire_limits.h"
#include "cli/output/format.h"
#include "common/clock.h"

namespace ds01::cli {

/// The containers of `owner` that hold something: GPUs (allocated, or held after a stop) or,
/// stopped, their place until ds01d removes them. In the order given.
std::vector<api::Container> HoldingContainers(const std::vector<api::Container>& containers,
                                              uid_t owner);

/// When ds01d removes `container`: its stop plus `container_hold`; nothing unless it is stopped.
std::optional<Clock::TimePoint> RemovalTime(const api::Container& container,
                                            std::chrono::seconds container_hold);

/// Writes check-limits' output for the caller's GET /v1/limits answer and their containers
/// (GET /v1/containers?all=1; others' containers in an admin's answer are left out):
/// - table: "Limits of USER (uid N)", one line per limit key with its use beside it, then the
///   holds as CONTAINER STATE GPU GPU-HOLD REMOVAL;
/// - json: {"limits", "usage", "holds"}, the first two as ds01d sent them, each hold
///   {name, state, gpu_state, gpus, hold_expires_at, container_hold_expires_at};
/// - simple: "key value" lines in wire units (bytes, seconds), then one
///   "hold NAME STATE GPU_STATE SLOTS GPU_SECONDS_LEFT REMOVAL_SECONDS_LEFT" line per hold, "-"
///   where there is none.
void RenderLimits(std::ostream& out, const api::CallerLimits& caller,
                  const std::vector<api::Container>& containers, OutputFormat format,
                  Clock::TimePoint now);

}  // namespace ds01::cli
