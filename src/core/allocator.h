#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/lifecycle.h"
#include "common/clock.h"
#include "common/error.h"
#include "core/gpu_ask.h"
#include "core/gpu_usage.h"
#include "core/ledger.h"
#include "gpu/slot.h"
#include "policy/limits.h"
#include "store/records.h"
#include "store/store.h"

namespace ds01::core {

/// The effective limits of a uid (policy::Config in the daemon, a table in tests).
using LimitsFor = std::function<policy::Limits(uid_t)>;

/// A container to reserve: whose, its name, and what it asks for in GPUs.
struct AllocationRequest {
  uid_t uid = 0;
  std::string user;
  std::string name;
  GpuAsk gpus = WholeGpus{0};
  std::string project;
  std::string image;
  std::string interface = "atomic";
};

/// What a container was given.
struct Grant {
  std::int64_t container_id = 0;
  std::vector<gpu::Slot> slots;
  bool reallocated = false;  // Start only: the hold had expired and these slots are new
};

struct AllocatorOptions {
  Strategy strategy = Strategy::kLeastLoaded;
};

/// Decides which GPU slots a container gets and records it, within the user's limits
/// (max_gpus counted over allocations and holds, max_gpus_per_container, allow_full_gpu,
/// max_containers). Each decision is made and recorded in one write transaction (BEGIN
/// IMMEDIATE under the store's lock) that first reads the current state, so threads of this
/// process and other processes sharing the database can never give one slot twice or let a
/// user past a limit. Every change is audited in the same transaction.
class Allocator {
 public:
  Allocator(store::Store& store, std::vector<gpu::Slot> inventory, LimitsFor limits,
            const Clock& clock, AllocatorOptions options = {});

  /// Reserves the container (state "creating") together with its slots, or refuses with a
  /// specific error: kConflict (name taken, no free slot), kLimitExceeded (a limit),
  /// kInvalidArgument (an unknown profile or slot).
  Result<Grant> Allocate(const AllocationRequest& request);
  /// Marks a reserved container created, with its Docker id and the engine spec it was made
  /// from (docker/container_spec_record.h), which a recreate rebuilds it from.
  Status Confirm(uid_t uid, std::string_view name, std::string_view docker_id,
                 std::string_view spec_record);
  /// Rolls back a reservation whose container could not be created; frees its slots.
  Status Release(uid_t uid, std::string_view name);
  /// Marks the container running, audited as `actor`'s start. From a hold it gets the same
  /// slots; after the hold has expired it asks again for what it first asked for, and may be
  /// refused.
  Result<Grant> Start(uid_t uid, std::string_view name, const Actor& actor);
  /// Applies any other transition of the lifecycle table to the container in one transaction
  /// (stop, pause, remove, an exit the engine reported …): see ContainerRows::Apply. The actor
  /// is the owner unless given.
  Status Apply(uid_t uid, std::string_view name, api::Action action,
               const std::optional<Actor>& actor, std::string detail = {},
               std::string_view audit_action = {});

  const std::vector<gpu::Slot>& inventory() const { return inventory_; }

 private:
  Result<std::vector<gpu::Slot>> Choose(const GpuUsage& usage, uid_t uid, std::string_view name,
                                        const GpuAsk& ask, const policy::Limits& limits,
                                        store::TimePoint now) const;
  Result<std::vector<gpu::Slot>> PickWhole(const GpuUsage& usage, uid_t uid, int count,
                                           store::TimePoint now) const;
  Result<std::vector<gpu::Slot>> PickMig(const GpuUsage& usage, uid_t uid, std::string_view profile,
                                         store::TimePoint now) const;
  Result<std::vector<gpu::Slot>> PickNamed(const GpuUsage& usage, uid_t uid,
                                           const std::vector<std::string>& ids) const;
  std::vector<gpu::Slot> SlotsOf(const std::vector<store::SlotClaim>& claims) const;

  store::Store& store_;
  std::vector<gpu::Slot> inventory_;
  LimitsFor limits_;
  const Clock& clock_;
  AllocatorOptions options_;
};

}  // namespace ds01::core
