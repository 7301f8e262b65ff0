#include "core/container_service.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <mutex>
#include <utility>

#include "api/names.h"
#include "common/units.h"
#include "core/container_name.h"
#include "core/container_rows.h"
#include "core/managed_labels.h"
#include "core/refusals.h"
#include "docker/container_spec_record.h"
#include "policy/bind_rules.h"
#include "policy/image_policy.h"
#include "policy/port_rules.h"
#include "store/container_table.h"
#include "store/hold_table.h"

namespace ds01::core {
namespace {

using store::ContainerState;

std::string Key(uid_t uid, std::string_view name) { return fmt::format("{}/{}", uid, name); }

Error EngineFailure(std::string_view action, std::string_view name, const Error& error) {
  Error wrapped = error;
  wrapped.message =
      fmt::format("The engine could not {} container {}: {}", action, name, error.message);
  if (wrapped.hint.empty()) {
    wrapped.hint =
        "try again; if it keeps failing, ask an admin to check the engine (ds01d --check)";
  }
  return wrapped;
}

Error ImageMissing(const Error& error, const std::string& image, const CreateParams& params) {
  if (error.code != ErrorCode::kNotFound)
    return EngineFailure("inspect the image of", params.name, error);
  // Seed 001's "Image not found": the project's image is built by project launch (which then
  // starts it) or image-create; any other image is one to choose from image-list --all.
  const std::string& project = params.project.empty() ? params.name : params.project;
  std::string hint =
      params.image.empty()
          ? fmt::format(
                "build it and start a container on it with: project launch {0}; or "
                "build it alone with: image-create {0}",
                project)
          : "name an image this host has and you may use (image-list --all shows them)";
  return MakeError(ErrorCode::kNotFound, fmt::format("Image {} does not exist on this host", image),
                   std::move(hint));
}

Error CreateFailure(const Error& error, std::string_view name, uid_t uid) {
  if (error.code == ErrorCode::kConflict) {
    return MakeError(ErrorCode::kConflict,
                     fmt::format("The engine already has a container called {}, which ds01 has "
                                 "no record of",
                                 DockerName(name, uid)),
                     fmt::format("choose another name, or ask an admin to remove that container "
                                 "(docker rm {})",
                                 DockerName(name, uid)));
  }
  return EngineFailure("create", name, error);
}

Error NoNvidiaRuntime() {
  return MakeError(ErrorCode::kUnavailable,
                   "This host has GPUs, but the engine has no NVIDIA runtime to give them to "
                   "containers",
                   "create a CPU-only container (--gpu=0), or ask an admin to install the NVIDIA "
                   "container toolkit and restart dockerd");
}

bool AsksForGpus(const GpuAsk& ask) {
  if (const auto* whole = std::get_if<WholeGpus>(&ask)) return whole->count > 0;
  return true;
}

// True when the create names neither a project nor a workspace: /workspace is then the project
// directory <root>/NAME if there is one (seed 000, container-create "What it does").
bool ImpliesWorkspace(const CreateParams& params) {
  return params.project.empty() && params.workspace.empty();
}

// The request policy is asked about: the caller's options, the image (named, else the
// project's) and the workspace at /workspace.
Result<policy::CreateRequest> RequestFor(const policy::Identity& owner, const CreateParams& params,
                                         const policy::Config& config) {
  policy::CreateRequest request = params.options;
  request.image =
      !params.image.empty()
          ? params.image
          : ProjectImage(owner.uid, params.project.empty() ? params.name : params.project);
  std::optional<policy::BindMount> workspace;
  const std::string root = config.workspaces.RootFor(owner.user);
  if (!params.workspace.empty()) {
    auto located = policy::LocateBindSource(params.workspace, config.workspaces, owner.user);
    // Outside the user's own root only a shared read-only root can admit it (policy decides).
    const bool own = located.ok() && !located->shared;
    workspace = policy::BindMount{params.workspace, std::string(kWorkspaceTarget), !own};
  } else {
    const std::string& project = ImpliesWorkspace(params) ? params.name : params.project;
    workspace = policy::BindMount{root + "/" + project, std::string(kWorkspaceTarget), false};
  }
  if (workspace) {
    for (const policy::BindMount& bind : request.binds) {
      if (bind.target == kWorkspaceTarget) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "Two mounts at /workspace: the workspace and a bind mount",
                         "mount the other path somewhere else");
      }
    }
    request.binds.push_back(std::move(*workspace));
  }
  return request;
}

std::vector<std::string> SlotIds(const std::vector<gpu::Slot>& slots) {
  std::vector<std::string> ids;
  for (const gpu::Slot& slot : slots) ids.push_back(slot.id);
  return ids;
}

store::TimePoint EventTime(const docker::Event& event) {
  return store::TimePoint(std::chrono::duration_cast<store::TimePoint::duration>(
      std::chrono::nanoseconds(event.time_nano)));
}

void WarnIfFailed(const Status& status, std::string_view what) {
  if (!status.ok()) spdlog::warn("{}: {}", what, status.error().ToString());
}

}  // namespace

struct ContainerService::BeforeStart {
  ContainerView view;
  std::optional<store::Hold> hold;
};

ContainerService::ContainerService(store::Store& store, Allocator& allocator,
                                   Reconciler& reconciler, ContainerEngine& engine,
                                   const BindStager& stager, const policy::ConfigHolder& config,
                                   const policy::RequestValidator& validator, LimitsFor limits,
                                   const Clock& clock, ContainerServiceOptions options)
    : store_(store),
      allocator_(allocator),
      reconciler_(reconciler),
      engine_(engine),
      stager_(stager),
      config_(config),
      validator_(validator),
      limits_(std::move(limits)),
      clock_(clock),
      options_(std::move(options)),
      views_(store),
      reaper_(store, clock) {}

Result<ContainerView> ContainerService::Create(const policy::Identity& owner,
                                               const CreateParams& params) {
  DS01_RETURN_IF_ERROR(api::ValidateContainerName(params.name));
  if (!params.project.empty()) DS01_RETURN_IF_ERROR(api::ValidateProjectName(params.project));
  const auto config = config_.Snapshot();
  auto request = RequestFor(owner, params, *config);
  if (!request.ok()) return request.error();
  auto validated = validator_.Validate(*request, *config, limits_(owner.uid), owner);
  if (!validated.ok()) return validated.error();
  if (options_.exposure == GpuExposure::kUnavailable && AsksForGpus(params.gpus)) {
    return NoNvidiaRuntime();
  }

  auto asked = asked_.TryAcquire(Key(owner.uid, params.name));
  if (!asked) return ContainerBusy(params.name);
  std::shared_lock gate(gate_);
  auto lock = containers_.Acquire(Key(owner.uid, params.name));
  // Held until the container is recorded with its ports, so that two creates of one user
  // never pick the same free port.
  std::unique_lock<std::mutex> ports_lock;
  if (std::any_of(validated->ports.begin(), validated->ports.end(),
                  [](const policy::PortRequest& port) { return port.host_port == 0; })) {
    ports_lock = std::unique_lock(ports_);
    auto taken = PortsTakenBy(owner.uid);
    if (!taken.ok()) return taken.error();
    DS01_RETURN_IF_ERROR(policy::AssignPorts(&*validated, config->network, owner.uid, *taken));
  }
  auto grant = allocator_.Allocate(AllocationRequest{
      owner.uid, owner.user, params.name, params.gpus, params.project, validated->image, "atomic"});
  if (!grant.ok()) return grant.error();
  auto undo = [&](Error error) {
    stager_.Discard(owner.uid, params.name);
    WarnIfFailed(allocator_.Release(owner.uid, params.name),
                 fmt::format("Releasing the reservation of {}/{}", owner.user, params.name));
    return error;
  };

  Status prepared = stager_.Prepare(owner.uid, params.name, validated->binds, config->workspaces);
  if (!prepared.ok() && ImpliesWorkspace(params) &&
      (prepared.error().code == ErrorCode::kNotFound ||
       prepared.error().code == ErrorCode::kPermissionDenied)) {
    // No project directory of that name that the user can open: no /workspace, as they asked
    // for none.
    std::erase_if(validated->binds,
                  [](const policy::BindMount& bind) { return bind.target == kWorkspaceTarget; });
    prepared = stager_.Prepare(owner.uid, params.name, validated->binds, config->workspaces);
  }
  if (!prepared.ok()) return undo(prepared.error());
  auto image = ImageFor(owner.uid, validated->image, *config);
  if (!image.ok()) return undo(ImageMissing(image.error(), validated->image, params));
  std::vector<std::string> bind_sources;
  for (std::size_t i = 0; i < validated->binds.size(); ++i) {
    bind_sources.push_back(stager_.StagingPath(owner.uid, params.name, i));
  }
  Blueprint blueprint{owner.uid,
                      owner.user,
                      params.name,
                      params.project,
                      "atomic",
                      clock_.Now(),
                      image->has_command,
                      std::move(*validated),
                      std::move(bind_sources),
                      limits_(owner.uid).log_size_bytes};
  const docker::ContainerSpec spec = BuildSpec(blueprint, grant->slots, options_.exposure);
  auto id = engine_.Create(spec);
  if (!id.ok()) return undo(CreateFailure(id.error(), params.name, owner.uid));
  Status recorded = allocator_.Confirm(owner.uid, params.name, *id, docker::SpecRecord(spec));
  if (!recorded.ok()) {
    WarnIfFailed(engine_.Remove(*id, true), fmt::format("Removing the unrecorded container {}",
                                                        DockerName(params.name, owner.uid)));
    return undo(std::move(recorded).error());
  }
  Changed();
  return Load(owner.uid, params.name);
}

Result<ContainerView> ContainerService::Start(const Actor& actor, uid_t uid,
                                              std::string_view name) {
  auto asked = asked_.TryAcquire(Key(uid, name));
  if (!asked) return ContainerBusy(name);
  std::shared_lock gate(gate_);
  auto lock = containers_.Acquire(Key(uid, name));
  auto view = Load(uid, name);
  if (!view.ok()) return view.error();
  DS01_RETURN_IF_ERROR(Allowed(*view, api::Action::kStart));
  BeforeStart before{*view, std::nullopt};
  {
    auto tx = store_.Read();
    if (!tx.ok()) return tx.error();
    auto hold = store::HoldTable(*tx).Find(view->record.id);
    if (!hold.ok()) return hold.error();
    before.hold = *hold;
  }
  auto grant = allocator_.Start(uid, name, actor);
  if (!grant.ok()) return grant.error();
  std::string docker_id = view->record.docker_id;
  if (grant->reallocated) {
    auto given = GiveGpus(*view, grant->slots);
    if (!given.ok()) {
      WarnIfFailed(RestoreAfterFailedStart(before, actor, given.error()), "Undoing a failed start");
      return given.error();
    }
    docker_id = given->record.docker_id;
  }
  auto staged = StageBinds(uid, name, docker_id);
  if (!staged.ok()) {
    WarnIfFailed(RestoreAfterFailedStart(before, actor, staged.error()), "Undoing a failed start");
    return staged.error();
  }
  Status started = engine_.Start(docker_id);
  if (!started.ok()) {
    Error error = EngineFailure("start", name, started.error());
    WarnIfFailed(RestoreAfterFailedStart(before, actor, error), "Undoing a failed start");
    return error;
  }
  Changed();
  return Load(uid, name);
}

Result<ContainerView> ContainerService::Stop(const Actor& actor, uid_t uid, std::string_view name,
                                             std::optional<std::chrono::seconds> timeout) {
  auto asked = asked_.TryAcquire(Key(uid, name));
  if (!asked) return ContainerBusy(name);
  std::shared_lock gate(gate_);
  auto lock = containers_.Acquire(Key(uid, name));
  auto view = Load(uid, name);
  if (!view.ok()) return view.error();
  DS01_RETURN_IF_ERROR(Allowed(*view, api::Action::kStop));
  const std::chrono::seconds longest = limits_(uid).max_stop_time;
  if (timeout && *timeout > longest) {
    // A long grace holds a worker and this container's lock for all of it.
    return MakeError(ErrorCode::kLimitExceeded,
                     fmt::format("A stop time of {}s is above the limit of {}s (max_stop_time)",
                                 timeout->count(), longest.count()),
                     fmt::format("ask for at most --time={}", longest.count()));
  }
  Status stopped = engine_.Stop(view->record.docker_id, timeout);
  if (!stopped.ok()) return EngineFailure("stop", name, stopped.error());
  DS01_RETURN_IF_ERROR(allocator_.Apply(uid, name, api::Action::kStop, actor));
  Changed();
  return Load(uid, name);
}

Result<ContainerView> ContainerService::Pause(const Actor& actor, uid_t uid,
                                              std::string_view name) {
  auto asked = asked_.TryAcquire(Key(uid, name));
  if (!asked) return ContainerBusy(name);
  std::shared_lock gate(gate_);
  auto lock = containers_.Acquire(Key(uid, name));
  auto view = Load(uid, name);
  if (!view.ok()) return view.error();
  DS01_RETURN_IF_ERROR(Allowed(*view, api::Action::kPause));
  Status paused = engine_.Pause(view->record.docker_id);
  if (!paused.ok()) return EngineFailure("pause", name, paused.error());
  DS01_RETURN_IF_ERROR(allocator_.Apply(uid, name, api::Action::kPause, actor,
                                        "processes frozen; GPUs stay allocated"));
  Changed();
  return Load(uid, name);
}

Result<ContainerView> ContainerService::Unpause(const Actor& actor, uid_t uid,
                                                std::string_view name) {
  auto asked = asked_.TryAcquire(Key(uid, name));
  if (!asked) return ContainerBusy(name);
  std::shared_lock gate(gate_);
  auto lock = containers_.Acquire(Key(uid, name));
  auto view = Load(uid, name);
  if (!view.ok()) return view.error();
  DS01_RETURN_IF_ERROR(Allowed(*view, api::Action::kUnpause));
  Status resumed = engine_.Unpause(view->record.docker_id);
  if (!resumed.ok()) return EngineFailure("unpause", name, resumed.error());
  DS01_RETURN_IF_ERROR(
      allocator_.Apply(uid, name, api::Action::kUnpause, actor, "processes resumed"));
  Changed();
  return Load(uid, name);
}

Status ContainerService::Remove(const Actor& actor, uid_t uid, std::string_view name, bool stop) {
  const api::Action action = stop ? api::Action::kRemoveStopping : api::Action::kRemove;
  return RemoveIf(
      actor, uid, name, action, [&](const ContainerView& view) { return Allowed(view, action); },
      "");
}

Status ContainerService::Prune(const Actor& actor, uid_t uid, std::string_view name,
                               const PruneAsk& ask) {
  return RemoveIf(
      actor, uid, name, api::Action::kRemove,
      [&](const ContainerView& view) { return PruneCheck(view.record, ask); }, "pruned");
}

Status ContainerService::RemoveIf(const Actor& actor, uid_t uid, std::string_view name,
                                  api::Action action,
                                  const std::function<Status(const ContainerView&)>& allowed,
                                  std::string detail) {
  auto asked = asked_.TryAcquire(Key(uid, name));
  if (!asked) return ContainerBusy(name);
  std::shared_lock gate(gate_);
  auto lock = containers_.Acquire(Key(uid, name));
  auto view = Load(uid, name);
  if (!view.ok()) return view.error();
  DS01_RETURN_IF_ERROR(allowed(*view));
  const std::string& docker_id = view->record.docker_id;
  if (view->live()) {
    Status stopped = engine_.Stop(docker_id, std::nullopt);
    if (!stopped.ok() && stopped.error().code != ErrorCode::kNotFound) {
      return EngineFailure("stop", name, stopped.error());
    }
  }
  Status removed = engine_.Remove(docker_id, false);
  if (!removed.ok() && removed.error().code != ErrorCode::kNotFound) {
    return EngineFailure("remove", name, removed.error());
  }
  stager_.Discard(uid, name);
  DS01_RETURN_IF_ERROR(allocator_.Apply(uid, name, action, actor, std::move(detail)));
  Changed();
  return Ok();
}

Status ContainerService::Follow(const docker::Event& event) {
  if (event.type != "container") return Ok();
  // An event's attributes carry the container's labels.
  auto managed = ReadLabels(event.attributes);
  if (!managed.ok()) return Ok();
  const uid_t uid = managed->uid;
  const std::string& name = managed->name;
  Result<bool> reconcile = false;
  {
    std::shared_lock gate(gate_);
    auto lock = containers_.Acquire(Key(uid, name));
    auto found = views_.Find(uid, name);
    if (!found.ok()) return found.error();
    if (found->has_value()) {
      if ((*found)->record.docker_id != event.actor_id) return Ok();
      reconcile = FollowRecorded(**found, event);
    } else {
      // ds01d records a container before it asks the engine to create it, under the lock
      // taken above. A managed container created with no record is therefore a docker create
      // sent by a ds01d that died, landing after this one reconciled at start-up.
      reconcile = event.action == "create";
    }
  }
  if (!reconcile.ok()) return reconcile.error();
  if (*reconcile) {
    auto report = Reconcile();
    if (!report.ok()) return report.error();
    return Ok();
  }
  Changed();
  return Ok();
}

Result<bool> ContainerService::FollowRecorded(const ContainerView& view,
                                              const docker::Event& event) {
  const store::ContainerRecord& record = view.record;
  const store::TimePoint at = EventTime(event);
  const std::string& action = event.action;
  if (action == "die" || action == "stop") {
    if (!view.live() || (record.started_at && at < *record.started_at)) return false;
    // Event attributes mix in the container's labels, which its owner chose: facts come from
    // the engine's own record of the container.
    auto inspect = engine_.Inspect(record.docker_id);
    const std::string why =
        inspect.ok() && !inspect->state.running
            ? fmt::format("its process exited with code {}", inspect->state.exit_code)
            : std::string("stopped outside ds01");
    DS01_RETURN_IF_ERROR(
        allocator_.Apply(record.uid, record.name, api::Action::kExit, Actor::Daemon(), why));
  } else if (action == "start") {
    // An outside start: the reconciler re-claims its labelled GPUs.
    return api::Allows(record.state, api::Action::kStartOutside) &&
           !(record.stopped_at && at < *record.stopped_at);
  } else if (action == "pause" || action == "unpause") {
    const api::Action outside =
        action == "pause" ? api::Action::kPauseOutside : api::Action::kUnpauseOutside;
    if (!api::Allows(record.state, outside)) return false;
    DS01_RETURN_IF_ERROR(allocator_.Apply(record.uid, record.name, outside, Actor::Daemon(),
                                          fmt::format("{}d outside ds01", action)));
  } else if (action == "oom") {
    DS01_RETURN_IF_ERROR(
        AuditRecord(Actor::Daemon(), "oom", record, store::Outcome::kOk, "ran out of memory"));
  } else if (action == "destroy") {
    stager_.Discard(record.uid, record.name);
    auto spec = StoredSpec(record);
    const bool at_exit = spec.ok() && spec->auto_remove;
    DS01_RETURN_IF_ERROR(
        allocator_.Apply(record.uid, record.name, api::Action::kVanish, Actor::Daemon(),
                         std::string(at_exit ? kRemovedAtExitDetail : "removed outside ds01"),
                         at_exit ? kRemovedAtExitAudit : std::string_view()));
  }
  return false;
}

Result<ReconcileReport> ContainerService::Reconcile() {
  std::unique_lock gate(gate_);
  auto engine = engine_.ListManaged();
  if (!engine.ok()) return engine.error();
  auto report = reconciler_.Reconcile(*engine);
  if (report.ok() && !report->clean()) Changed();
  return report;
}

Status ContainerService::ExpireDue() {
  auto released = reaper_.ExpireHolds();
  if (!released.ok()) return released.error();
  if (!released->empty()) Changed();
  auto views = views_.List();
  if (!views.ok()) return views.error();
  const store::TimePoint now = clock_.Now();
  std::map<uid_t, std::chrono::seconds> hold_of;
  for (const ContainerView& view : *views) {
    const store::ContainerRecord& record = view.record;
    if (record.state != ContainerState::kStopped || !record.stopped_at) continue;
    auto [it, fresh] = hold_of.try_emplace(record.uid);
    if (fresh) it->second = limits_(record.uid).container_hold_after_stop;
    if (*record.stopped_at + it->second > now) continue;
    WarnIfFailed(RemoveExpired(record),
                 fmt::format("Removing the expired container {}/{}", record.user, record.name));
  }
  return Ok();
}

Result<std::optional<store::TimePoint>> ContainerService::NextDeadline() {
  std::optional<store::TimePoint> next;
  auto earliest = [&next](store::TimePoint t) {
    if (!next || t < *next) next = t;
  };
  {
    auto tx = store_.Read();
    if (!tx.ok()) return tx.error();
    auto holds = store::HoldTable(*tx).List();
    if (!holds.ok()) return holds.error();
    if (!holds->empty()) earliest(holds->front().expires_at);
  }
  auto views = views_.List();
  if (!views.ok()) return views.error();
  std::map<uid_t, std::chrono::seconds> hold_of;
  for (const ContainerView& view : *views) {
    const store::ContainerRecord& record = view.record;
    if (record.state != ContainerState::kStopped || !record.stopped_at) continue;
    auto [it, fresh] = hold_of.try_emplace(record.uid);
    if (fresh) it->second = limits_(record.uid).container_hold_after_stop;
    earliest(*record.stopped_at + it->second);
  }
  return next;
}

Result<ContainerView> ContainerService::Load(uid_t uid, std::string_view name) {
  auto found = views_.Find(uid, name);
  if (!found.ok()) return found.error();
  if (!found->has_value()) return NoSuchContainer(name);
  return std::move(**found);
}

Result<ContainerView> ContainerService::GiveGpus(const ContainerView& view,
                                                 const std::vector<gpu::Slot>& slots) {
  const store::ContainerRecord& record = view.record;
  auto spec = StoredSpec(record);
  if (!spec.ok()) return spec.error();
  auto managed = ReadLabels(spec->labels);
  if (!managed.ok()) return EngineFailure("read the labels of", record.name, managed.error());
  const std::vector<std::string> old_ids = managed->slot_ids;
  if (old_ids == SlotIds(slots)) return view;

  // The container's configuration names its old GPUs: make it again, as it was first asked
  // for, with the new ones.
  ExposeGpus(slots, options_.exposure, &*spec);
  const std::string final_name = DockerName(record.name, record.uid);
  spec->name = final_name + "._.next";
  Status stale = engine_.Remove(spec->name, true);
  if (!stale.ok() && stale.error().code != ErrorCode::kNotFound) {
    return EngineFailure("clear the way to recreate", record.name, stale.error());
  }
  auto created = engine_.Create(*spec);
  if (!created.ok()) return EngineFailure("recreate", record.name, created.error());
  Status removed = engine_.Remove(record.docker_id, false);
  if (!removed.ok() && removed.error().code != ErrorCode::kNotFound) {
    WarnIfFailed(engine_.Remove(*created, true), "Removing a half-made replacement container");
    return EngineFailure("replace", record.name, removed.error());
  }
  spec->name = final_name;
  DS01_RETURN_IF_ERROR(Recreated(record, *created, *spec));
  Status renamed = engine_.Rename(*created, final_name);
  if (!renamed.ok()) return EngineFailure("rename the recreated", record.name, renamed.error());
  DS01_RETURN_IF_ERROR(
      AuditRecord(Actor::Daemon(), "recreate", record, store::Outcome::kOk,
                  fmt::format("given {} (was {}): its hold had expired",
                              fmt::join(SlotIds(slots), ", "), fmt::join(old_ids, ", "))));
  ContainerView updated = view;
  updated.record.docker_id = *created;
  return updated;
}

Result<ImageFacts> ContainerService::ImageFor(uid_t uid, const std::string& reference,
                                              const policy::Config& config) {
  const Error missing = MakeError(ErrorCode::kNotFound, "No such image: " + reference);
  if (!policy::MayUseImage(reference, uid, config)) return missing;
  auto image = engine_.InspectImage(reference);
  if (image.ok() && !policy::TaggedAs(reference, image->repo_tags)) return missing;
  return image;
}

Result<StagedBinds> ContainerService::StageBinds(uid_t uid, std::string_view name,
                                                 const std::string& docker_id) {
  auto inspect = engine_.Inspect(docker_id);
  if (!inspect.ok()) return EngineFailure("inspect", name, inspect.error());
  if (!inspect->binds.empty()) {
    // Binds name the user's own paths, which the engine would resolve again as root.
    return MakeError(ErrorCode::kPermissionDenied,
                     fmt::format("Container {} was made by an older ds01 with bind mounts the "
                                 "engine resolves by path",
                                 name),
                     fmt::format("remove it and create it again (container-remove {})", name));
  }
  auto managed = ReadLabels(inspect->labels);
  if (!managed.ok()) return EngineFailure("read the labels of", name, managed.error());
  const auto config = config_.Snapshot();
  return stager_.Stage(uid, name, managed->binds, config->workspaces);
}

Status ContainerService::RestoreAfterFailedStart(const BeforeStart& before, const Actor& actor,
                                                 const Error& why) {
  auto tx = store_.Write();
  if (!tx.ok()) return tx.error();
  Ledger ledger(*tx, clock_.Now());
  DS01_RETURN_IF_ERROR(ContainerRows(*tx, ledger, limits_)
                           .RestoreAfterFailedStart(before.view.record, before.hold,
                                                    !before.view.slots.empty(), actor,
                                                    why.message));
  return tx->Commit();
}

Result<std::set<int>> ContainerService::PortsTakenBy(uid_t uid) {
  auto tx = store_.Read();
  if (!tx.ok()) return tx.error();
  store::ContainerTable table(*tx);
  auto records = table.ListOf(uid);
  if (!records.ok()) return records.error();
  std::set<int> taken;
  for (const store::ContainerRecord& record : *records) {
    auto stored = table.SpecOf(record.id);
    if (!stored.ok()) return stored.error();
    if (stored->empty()) continue;
    auto spec = docker::SpecFromRecord(*stored);
    if (!spec.ok()) return spec.error();
    for (const docker::PortBinding& port : spec->ports) {
      int number = 0;
      std::from_chars(port.host_port.data(), port.host_port.data() + port.host_port.size(), number);
      if (number > 0) taken.insert(number);
    }
  }
  return taken;
}

Result<docker::ContainerSpec> ContainerService::StoredSpec(const store::ContainerRecord& record) {
  auto tx = store_.Read();
  if (!tx.ok()) return tx.error();
  auto stored = store::ContainerTable(*tx).SpecOf(record.id);
  if (!stored.ok()) return stored.error();
  if (stored->empty()) {
    return MakeError(
        ErrorCode::kConflict,
        fmt::format("Container {} was made by an older ds01 that did not keep its "
                    "request, so it cannot be given other GPUs",
                    record.name),
        fmt::format("remove it and create it again (container-remove {})", record.name));
  }
  return docker::SpecFromRecord(*stored);
}

Status ContainerService::Recreated(const store::ContainerRecord& record,
                                   const std::string& docker_id,
                                   const docker::ContainerSpec& spec) {
  auto tx = store_.Write();
  if (!tx.ok()) return tx.error();
  store::ContainerRecord changed = record;
  changed.docker_id = docker_id;
  Ledger ledger(*tx, clock_.Now());
  ContainerRows rows(*tx, ledger, limits_);
  DS01_RETURN_IF_ERROR(rows.Amend(changed));
  DS01_RETURN_IF_ERROR(rows.KeepSpec(changed, docker::SpecRecord(spec)));
  return tx->Commit();
}

Status ContainerService::Allowed(const ContainerView& view, api::Action action) const {
  auto next = api::Transition(view.record.state, action, view.record.name);
  if (!next.ok()) return next.error();
  return Ok();
}

Status ContainerService::AuditRecord(const Actor& actor, std::string_view action,
                                     const store::ContainerRecord& record, store::Outcome outcome,
                                     std::string detail) {
  auto tx = store_.Write();
  if (!tx.ok()) return tx.error();
  DS01_RETURN_IF_ERROR(
      Ledger(*tx, clock_.Now()).Audit(actor, action, record, outcome, std::move(detail)));
  return tx->Commit();
}

Status ContainerService::RemoveExpired(const store::ContainerRecord& due) {
  std::shared_lock gate(gate_);
  auto lock = containers_.Acquire(Key(due.uid, due.name));
  auto found = views_.Find(due.uid, due.name);
  if (!found.ok()) return found.error();
  if (!found->has_value()) return Ok();
  const store::ContainerRecord& record = (*found)->record;
  if (record.state != ContainerState::kStopped || record.stopped_at != due.stopped_at) {
    return Ok();  // started or stopped again meanwhile: its deadline moved
  }
  Status removed = engine_.Remove(record.docker_id, false);
  if (!removed.ok() && removed.error().code != ErrorCode::kNotFound) {
    return EngineFailure("remove", record.name, removed.error());
  }
  stager_.Discard(record.uid, record.name);
  const auto hold = limits_(record.uid).container_hold_after_stop;
  DS01_RETURN_IF_ERROR(allocator_.Apply(
      record.uid, record.name, api::Action::kExpire, Actor::Daemon(),
      fmt::format("stopped for {} (container_hold_after_stop): removed", FormatDuration(hold))));
  Changed();
  return Ok();
}

void ContainerService::Changed() const {
  if (options_.on_change) options_.on_change();
}

}  // namespace ds01::core
