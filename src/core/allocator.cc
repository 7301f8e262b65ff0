#include "core/allocator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/units.h"
#include "core/container_rows.h"
#include "core/ledger.h"
#include "core/refusals.h"
#include "store/allocation_table.h"
#include "store/container_table.h"
#include "store/hold_table.h"

namespace ds01::core {
namespace {

// A limit in GPU-equivalents as whole slices, so that sums of MIG weights compare exactly.
int SlicesAllowed(double gpus) {
  return static_cast<int>(std::floor(gpus * gpu::kSlicesPerGpu + 1e-6));
}

Result<store::ContainerRecord> Load(store::Transaction& tx, uid_t uid, std::string_view name) {
  auto found = store::ContainerTable(tx).Find(uid, name);
  if (!found.ok()) return found.error();
  if (!found->has_value()) return NoSuchContainer(name);
  return std::move(**found);
}

Result<GpuUsage> ReadUsage(store::Transaction& tx, const std::vector<gpu::Slot>& inventory) {
  auto claims = store::AllocationTable(tx).ListWithHolders();
  if (!claims.ok()) return claims.error();
  return GpuUsage(inventory, std::move(*claims));
}

// Ends a refused transaction: what it already changed (holds that ran out on the way) is
// kept, the refusal is returned.
Error Refuse(store::Transaction& tx, bool changed, Error refusal) {
  if (changed) {
    Status committed = tx.Commit();
    if (!committed.ok()) return std::move(committed).error();
  }
  return refusal;
}

}  // namespace

Allocator::Allocator(store::Store& store, std::vector<gpu::Slot> inventory, LimitsFor limits,
                     const Clock& clock, AllocatorOptions options)
    : store_(store),
      inventory_(std::move(inventory)),
      limits_(std::move(limits)),
      clock_(clock),
      options_(options) {}

Result<Grant> Allocator::Allocate(const AllocationRequest& request) {
  if (request.name.empty() || request.user.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "A container needs a name and an owner",
                     "name the container");
  }
  DS01_RETURN_IF_ERROR(ValidateGpuAsk(request.gpus));
  const policy::Limits limits = limits_(request.uid);
  auto tx = store_.Write();
  if (!tx.ok()) return tx.error();
  Ledger ledger(*tx, clock_.Now());
  auto expired = ledger.ExpireDueHolds();
  if (!expired.ok()) return expired.error();
  const bool changed = !expired->empty();

  store::ContainerTable containers(*tx);
  auto exists = containers.Exists(request.uid, request.name);
  if (!exists.ok()) return exists.error();
  if (*exists) return Refuse(*tx, changed, ContainerExists(request.name));
  auto count = containers.CountOf(request.uid);
  if (!count.ok()) return count.error();
  if (*count >= limits.max_containers) {
    auto mine = containers.ListOf(request.uid);
    if (!mine.ok()) return mine.error();
    return Refuse(*tx, changed, ContainerLimitReached(*mine, limits.max_containers));
  }
  auto usage = ReadUsage(*tx, inventory_);
  if (!usage.ok()) return usage.error();
  auto slots = Choose(*usage, request.uid, request.name, request.gpus, limits, ledger.now());
  if (!slots.ok()) return Refuse(*tx, changed, slots.error());

  store::ContainerRecord record;
  record.uid = request.uid;
  record.user = request.user;
  record.name = request.name;
  record.state = store::ContainerState::kCreating;
  record.project = request.project;
  record.image = request.image;
  record.interface = request.interface;
  record.gpu_request = EncodeGpuAsk(request.gpus);
  record.created_at = ledger.now();
  DS01_RETURN_IF_ERROR(ContainerRows(*tx, ledger, limits_).Insert(record));
  DS01_RETURN_IF_ERROR(ledger.Claim(record.id, *slots));
  DS01_RETURN_IF_ERROR(ledger.Audit(Actor{record.uid, record.user}, "allocate", record,
                                    store::Outcome::kOk, DescribeSlots(*slots)));
  DS01_RETURN_IF_ERROR(tx->Commit());
  return Grant{record.id, std::move(*slots), false};
}

Status Allocator::Confirm(uid_t uid, std::string_view name, std::string_view docker_id,
                          std::string_view spec_record) {
  auto tx = store_.Write();
  if (!tx.ok()) return tx.error();
  auto record = Load(*tx, uid, name);
  if (!record.ok()) return record.error();
  record->docker_id = std::string(docker_id);
  Ledger ledger(*tx, clock_.Now());
  ContainerRows rows(*tx, ledger, limits_);
  auto confirmed = rows.Apply(*record, api::Action::kConfirm, Actor{uid, record->user},
                              "docker id " + record->docker_id);
  if (!confirmed.ok()) return confirmed.error();
  DS01_RETURN_IF_ERROR(rows.KeepSpec(*record, spec_record));
  return tx->Commit();
}

Status Allocator::Release(uid_t uid, std::string_view name) {
  return Apply(uid, name, api::Action::kRelease, std::nullopt);
}

Result<Grant> Allocator::Start(uid_t uid, std::string_view name, const Actor& actor) {
  // Resolved before the write transaction: never a directory lookup while it holds the lock.
  const policy::Limits limits = limits_(uid);
  const LimitsFor owners = [&limits](uid_t) { return limits; };
  auto tx = store_.Write();
  if (!tx.ok()) return tx.error();
  Ledger ledger(*tx, clock_.Now());
  auto expired = ledger.ExpireDueHolds();
  if (!expired.ok()) return expired.error();
  const bool changed = !expired->empty();
  auto record = Load(*tx, uid, name);
  if (!record.ok()) return Refuse(*tx, changed, record.error());
  auto allowed = api::Transition(record->state, api::Action::kStart, name);
  if (!allowed.ok()) return Refuse(*tx, changed, allowed.error());
  auto claims = store::AllocationTable(*tx).ListOf(record->id);
  if (!claims.ok()) return claims.error();
  Grant grant{record->id, SlotsOf(*claims), false};
  std::string detail = DescribeSlots(grant.slots);
  auto hold = store::HoldTable(*tx).Find(record->id);
  if (!hold.ok()) return hold.error();
  if (hold->has_value()) {
    detail += " (kept from its stop)";
  } else if (record->state == store::ContainerState::kStopped && claims->empty()) {
    auto ask = DecodeGpuAsk(record->gpu_request);
    if (!ask.ok()) return ask.error();
    auto usage = ReadUsage(*tx, inventory_);
    if (!usage.ok()) return usage.error();
    auto slots = Choose(*usage, uid, name, *ask, limits, ledger.now());
    if (!slots.ok()) return Refuse(*tx, changed, slots.error());
    DS01_RETURN_IF_ERROR(ledger.Claim(record->id, *slots));
    grant.slots = std::move(*slots);
    grant.reallocated = !grant.slots.empty();
    detail = DescribeSlots(grant.slots);
    if (grant.reallocated) detail += " (allocated anew: its hold had expired)";
  }
  auto started =
      ContainerRows(*tx, ledger, owners).Apply(*record, api::Action::kStart, actor, detail);
  if (!started.ok()) return started.error();
  DS01_RETURN_IF_ERROR(tx->Commit());
  return grant;
}

Status Allocator::Apply(uid_t uid, std::string_view name, api::Action action,
                        const std::optional<Actor>& actor, std::string detail,
                        std::string_view audit_action) {
  const policy::Limits limits = limits_(uid);  // before the write transaction, as in Start
  const LimitsFor owners = [&limits](uid_t) { return limits; };
  auto tx = store_.Write();
  if (!tx.ok()) return tx.error();
  auto record = Load(*tx, uid, name);
  if (!record.ok()) return record.error();
  Ledger ledger(*tx, clock_.Now());
  auto applied = ContainerRows(*tx, ledger, owners)
                     .Apply(*record, action, actor.value_or(Actor{uid, record->user}),
                            std::move(detail), audit_action);
  if (!applied.ok()) return applied.error();
  return tx->Commit();
}

Result<std::vector<gpu::Slot>> Allocator::Choose(const GpuUsage& usage, uid_t uid,
                                                 std::string_view name, const GpuAsk& ask,
                                                 const policy::Limits& limits,
                                                 store::TimePoint now) const {
  int ask_slices = 0;
  bool whole = false;
  if (const auto* gpus = std::get_if<WholeGpus>(&ask)) {
    if (gpus->count == 0) return std::vector<gpu::Slot>();
    whole = true;
    ask_slices = gpus->count * gpu::kSlicesPerGpu;
  } else if (const auto* mig = std::get_if<MigInstance>(&ask)) {
    const gpu::Slot* sample = nullptr;
    for (const gpu::Slot& slot : inventory_) {
      if (slot.mig_profile == mig->profile) sample = &slot;
    }
    if (sample == nullptr) return UnknownMigProfile(usage, mig->profile);
    ask_slices = sample->slices;
  } else {
    for (const std::string& id : std::get<NamedSlots>(ask).ids) {
      const gpu::Slot* slot = usage.FindSlot(id);
      if (slot == nullptr) return UnknownSlot(usage, id);
      whole = whole || !slot->is_mig();
      ask_slices += slot->slices;
    }
  }
  if (whole && !limits.allow_full_gpu) return WholeGpusNotAllowed(usage, name);
  if (ask_slices > SlicesAllowed(limits.max_gpus_per_container)) {
    return PerContainerLimit(name, ask_slices, limits.max_gpus_per_container);
  }
  if (usage.SlicesHeldBy(uid) + ask_slices > SlicesAllowed(limits.max_gpus)) {
    return GpuLimitReached(usage, uid, limits.max_gpus, name, ask_slices, now);
  }
  if (const auto* gpus = std::get_if<WholeGpus>(&ask))
    return PickWhole(usage, uid, gpus->count, now);
  if (const auto* mig = std::get_if<MigInstance>(&ask))
    return PickMig(usage, uid, mig->profile, now);
  return PickNamed(usage, uid, std::get<NamedSlots>(ask).ids);
}

Result<std::vector<gpu::Slot>> Allocator::PickWhole(const GpuUsage& usage, uid_t uid, int count,
                                                    store::TimePoint now) const {
  const auto free =
      usage.FreeSlots(options_.strategy, [](const gpu::Slot& s) { return !s.is_mig(); });
  if (static_cast<int>(free.size()) < count) return NoFreeGpu(usage, uid, count, now);
  std::vector<gpu::Slot> chosen;
  for (int i = 0; i < count; ++i) chosen.push_back(*free[i]);
  return chosen;
}

Result<std::vector<gpu::Slot>> Allocator::PickMig(const GpuUsage& usage, uid_t uid,
                                                  std::string_view profile,
                                                  store::TimePoint now) const {
  const auto free = usage.FreeSlots(
      options_.strategy, [profile](const gpu::Slot& s) { return s.mig_profile == profile; });
  if (free.empty()) return NoFreeMigInstance(usage, uid, profile, now);
  return std::vector<gpu::Slot>{*free.front()};
}

Result<std::vector<gpu::Slot>> Allocator::PickNamed(const GpuUsage& usage, uid_t uid,
                                                    const std::vector<std::string>& ids) const {
  std::vector<gpu::Slot> chosen;
  for (const std::string& id : ids) {
    const gpu::Slot* slot = usage.FindSlot(id);
    if (const store::ClaimView* holder = usage.ClaimOn(*slot)) {
      return SlotTaken(*slot, *holder, uid);
    }
    chosen.push_back(*slot);
  }
  return chosen;
}

std::vector<gpu::Slot> Allocator::SlotsOf(const std::vector<store::SlotClaim>& claims) const {
  std::vector<gpu::Slot> slots;
  for (const store::SlotClaim& claim : claims) {
    const auto it = std::find_if(inventory_.begin(), inventory_.end(),
                                 [&](const gpu::Slot& s) { return s.id == claim.slot_id; });
    if (it != inventory_.end()) {
      slots.push_back(*it);
      continue;
    }
    // The slot left the inventory (a lost GPU): describe it from what was recorded.
    gpu::Slot gone;
    gone.id = claim.slot_id;
    gone.uuid = claim.slot_uuid;
    gone.gpu_index = claim.gpu_index;
    gone.mig_profile = claim.mig_profile;
    gone.slices = claim.slices;
    slots.push_back(std::move(gone));
  }
  return slots;
}

}  // namespace ds01::core
