#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/error.h"
#include "core/allocator.h"
#include "core/bind_stager.h"
#include "core/container_engine.h"
#include "core/container_view.h"
#include "core/gpu_ask.h"
#include "core/hold_reaper.h"
#include "core/keyed_mutex.h"
#include "core/ledger.h"
#include "core/prune_rules.h"
#include "core/reconciler.h"
#include "core/spec_builder.h"
#include "docker/events.h"
#include "policy/config_holder.h"
#include "policy/identity.h"
#include "policy/validation.h"
#include "store/store.h"

namespace ds01::core {

/// What a user asks for when creating a container (POST /v1/containers).
struct CreateParams {
  std::string name;
  std::string image;      // empty: the project's image (the project defaults to the name)
  std::string project;    // mounts <workspace root>/<project> at /workspace
  std::string workspace;  // mounts this host path at /workspace instead
  GpuAsk gpus = WholeGpus{1};
  policy::CreateRequest options;  // everything else asked for; policy decides (image, binds…)
};

/// How the service gives containers GPUs, and whom it tells about changes.
struct ContainerServiceOptions {
  GpuExposure exposure = GpuExposure::kEnvironment;
  std::function<void()> on_change;  // after every change of state; may be empty
};

/// The container lifecycle of seed 002, the one place that changes a managed container: it
/// drives the engine, the allocator and the records together so that they never disagree —
/// creation in one critical section (policy → reserve → docker create → record, each failure
/// undoing what came before), the user's transitions, changes the engine reports, reconcile
/// and the expiry of stopped containers. Work on one container is serialised by its own lock;
/// a reconcile waits until no other work is in flight.
class ContainerService {
 public:
  ContainerService(store::Store& store, Allocator& allocator, Reconciler& reconciler,
                   ContainerEngine& engine, const BindStager& stager,
                   const policy::ConfigHolder& config, const policy::RequestValidator& validator,
                   LimitsFor limits, const Clock& clock, ContainerServiceOptions options = {});

  /// Creates `params.name` for `owner` (state created, GPUs allocated) or refuses with the
  /// reason, leaving no trace: no allocation without a container, no container without a
  /// record.
  Result<ContainerView> Create(const policy::Identity& owner, const CreateParams& params);
  /// created/stopped → running; a stopped container whose hold has expired is given GPUs anew
  /// (and recreated with them when they differ) or refused with the allocator's reason. Its
  /// binds are opened again as its owner and staged (BindStager) for the engine's start.
  Result<ContainerView> Start(const Actor& actor, uid_t uid, std::string_view name);
  /// running/paused → stopped: the GPUs are held for gpu_hold_after_stop. The engine kills
  /// the process after `timeout` (its default when unset).
  Result<ContainerView> Stop(const Actor& actor, uid_t uid, std::string_view name,
                             std::optional<std::chrono::seconds> timeout);
  /// running → paused; the GPUs stay allocated with no timeout.
  Result<ContainerView> Pause(const Actor& actor, uid_t uid, std::string_view name);
  /// paused → running.
  Result<ContainerView> Unpause(const Actor& actor, uid_t uid, std::string_view name);
  /// Removes the container and frees its GPUs at once; a running or paused one is refused
  /// unless `stop`. Workspace files are never touched.
  Status Remove(const Actor& actor, uid_t uid, std::string_view name, bool stop);
  /// Removes a container a prune chose, as Remove does (its GPUs freed at once), if it still
  /// qualifies under its lock (PruneCheck): one started, or stopped again, since the prune chose
  /// it stays, and the refusal says why.
  Status Prune(const Actor& actor, uid_t uid, std::string_view name, const PruneAsk& ask);

  /// Reflects a change the engine reports about a managed container (create, start, die,
  /// stop, oom, pause, unpause, destroy): an exit holds the GPUs, a destroy frees them, a
  /// container created with no record is adopted (a reconcile). Other events about unknown
  /// containers, or older than the record's last transition, change nothing.
  Status Follow(const docker::Event& event);
  /// Brings the records in line with the engine's managed containers (DESIGN.md §4).
  Result<ReconcileReport> Reconcile();

  /// Frees expired GPU holds and removes stopped containers whose container_hold_after_stop
  /// has passed, each an audit event.
  Status ExpireDue();
  /// When ExpireDue next has work; nullopt when nothing is waiting.
  Result<std::optional<store::TimePoint>> NextDeadline();

 private:
  struct BeforeStart;

  Result<ContainerView> Load(uid_t uid, std::string_view name);
  /// Remove's work once `allowed` has passed the container, under its locks; `detail` goes to
  /// the audit row.
  Status RemoveIf(const Actor& actor, uid_t uid, std::string_view name, api::Action action,
                  const std::function<Status(const ContainerView&)>& allowed, std::string detail);
  /// Follow for a container with a record; true when a reconcile must finish the job.
  Result<bool> FollowRecorded(const ContainerView& view, const docker::Event& event);
  Result<ContainerView> GiveGpus(const ContainerView& view, const std::vector<gpu::Slot>& slots);
  /// What the engine has as `reference`, if `uid` may use it (policy::MayUseImage); an image
  /// they may not use is as missing as one the engine does not have.
  Result<ImageFacts> ImageFor(uid_t uid, const std::string& reference,
                              const policy::Config& config);
  /// The container's binds, opened again as its owner and mounted for the engine's start.
  Result<StagedBinds> StageBinds(uid_t uid, std::string_view name, const std::string& docker_id);
  Status RestoreAfterFailedStart(const BeforeStart& before, const Actor& actor, const Error& why);
  /// The host ports the containers of `uid` publish, from the specs they were made from.
  Result<std::set<int>> PortsTakenBy(uid_t uid);
  /// The engine spec the container was made from; kConflict for one made before ds01 kept it.
  Result<docker::ContainerSpec> StoredSpec(const store::ContainerRecord& record);
  /// Records that the container was made again, as `docker_id` from `spec`.
  Status Recreated(const store::ContainerRecord& record, const std::string& docker_id,
                   const docker::ContainerSpec& spec);
  /// The lifecycle table's refusal when `action` does not apply to the container now.
  Status Allowed(const ContainerView& view, api::Action action) const;
  /// An audit row that changes no state (an OOM kill, a recreate).
  Status AuditRecord(const Actor& actor, std::string_view action,
                     const store::ContainerRecord& record, store::Outcome outcome,
                     std::string detail);
  Status RemoveExpired(const store::ContainerRecord& due);
  void Changed() const;

  store::Store& store_;
  Allocator& allocator_;
  Reconciler& reconciler_;
  ContainerEngine& engine_;
  const BindStager& stager_;
  const policy::ConfigHolder& config_;
  const policy::RequestValidator& validator_;
  LimitsFor limits_;
  const Clock& clock_;
  ContainerServiceOptions options_;
  ContainerViews views_;
  HoldReaper reaper_;
  KeyedMutex containers_;  // one lock per (uid, name)
  // Held by each change a user asked for, for all of it: a second one for the same container
  // is answered busy at once rather than queueing behind a stop's grace period. Timers and
  // engine events only take containers_, so they never make a user's request busy.
  KeyedMutex asked_;
  std::shared_mutex gate_;  // shared by all work; a reconcile holds it alone
  std::mutex ports_;        // held by a create that picks free host ports, until it is recorded
};

}  // namespace ds01::core
