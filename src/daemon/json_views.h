#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "core/container_view.h"
#include "daemon/caller.h"
#include "docker/stats.h"
#include "gpu/inventory.h"
#include "gpu/sampler.h"
#include "policy/limits.h"

namespace ds01::daemon {

/// A container object of docs/api.md: name, owner, state, image, project, gpus, gpu_state,
/// hold_expires_at, simulated_gpus, the times (RFC 3339 or null) and docker_id.
nlohmann::json ContainerJson(const core::ContainerView& view, bool simulated_gpus);

/// GET /v1/gpus: the inventory by physical GPU with its slots. Every claimed slot reads
/// "taken": true; its holder {user, container, state} is shown only to the holder and admins.
nlohmann::json GpusJson(const gpu::Inventory& inventory,
                        const std::vector<core::ContainerView>& containers, const Caller& caller);

/// GET /v1/limits: the caller's effective limits (sizes in bytes, durations in seconds) and
/// what they use now (GPU-equivalents held, containers, running containers).
nlohmann::json LimitsJson(const Caller& caller, const policy::Limits& limits,
                          const std::vector<core::ContainerView>& mine);

/// One entry of GET /v1/stats: CPU and memory from the engine's sample, GPU memory and
/// utilisation of the container's slots where the sampler knows them (omitted otherwise).
nlohmann::json StatsJson(const core::ContainerView& view, const docker::ContainerStats& stats,
                         const std::optional<gpu::UsageSnapshot>& gpus,
                         const gpu::Inventory& inventory);

}  // namespace ds01::daemon
