#pragma once

#include <optional>
#include <vector>

#include "api/wire_container.h"
#include "api/wire_gpus.h"
#include "api/wire_limits.h"
#include "api/wire_stats.h"
#include "core/container_view.h"
#include "daemon/caller.h"
#include "docker/stats.h"
#include "gpu/inventory.h"
#include "gpu/sampler.h"
#include "policy/limits.h"

// What the API shows of the daemon's own types, as the wire types (api/wire_*.h) that give it
// its JSON.
namespace ds01::daemon {

/// A container object of docs/api.md: the record, its GPU slots and their hold.
api::Container WireContainer(const core::ContainerView& view, bool simulated_gpus);

/// GET /v1/gpus: the inventory by physical GPU with its slots. Every claimed slot is taken; its
/// holder is shown only to the holder and admins.
api::GpuInventory WireGpus(const gpu::Inventory& inventory,
                           const std::vector<core::ContainerView>& containers,
                           const Caller& caller);

/// GET /v1/limits: the caller's effective limits and what they use now (GPU-equivalents held,
/// containers, running containers).
api::CallerLimits WireLimits(const Caller& caller, const policy::Limits& limits,
                             const std::vector<core::ContainerView>& mine);

/// One entry of GET /v1/stats: CPU and memory from the engine's sample, GPU memory and
/// utilisation of the container's slots where the sampler knows them (unset otherwise).
api::StatsEntry WireStats(const core::ContainerView& view, const docker::ContainerStats& stats,
                          const std::optional<gpu::UsageSnapshot>& gpus,
                          const gpu::Inventory& inventory);

}  // namespace ds01::daemon
