#include "core/reconciler.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "common/units.h"
#include "core/container_rows.h"
#include "core/managed_labels.h"
#include "core/refusals.h"
#include "store/allocation_table.h"
#include "store/container_table.h"
#include "store/hold_table.h"

namespace ds01::core {
namespace {

using store::ContainerRecord;
using store::ContainerState;

// The container's identity from its labels, or why they cannot be trusted to give one.
Result<ManagedLabels> Labelled(const EngineContainer& c) {
  auto managed = ReadLabels(c.labels);
  if (!managed.ok()) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        fmt::format("container {}: {}", c.docker_id.substr(0, 12), managed.error().message));
  }
  return managed;
}

// One reconcile, inside its transaction.
class Pass {
 public:
  Pass(store::Transaction& tx, const std::vector<gpu::Slot>& inventory, const LimitsFor& limits,
       store::TimePoint now)
      : tx_(tx),
        inventory_(inventory),
        limits_(limits),
        ledger_(tx, now),
        rows_(tx, ledger_, limits) {}

  Status Run(const std::vector<EngineContainer>& engine, std::chrono::seconds creating_grace) {
    auto expired = ledger_.ExpireDueHolds();
    if (!expired.ok()) return expired.error();
    std::set<std::pair<uid_t, std::string>> seen;
    for (const EngineContainer& container : engine) {
      auto labelled = Labelled(container);
      if (!labelled.ok()) {
        report_.skipped.push_back(ReconcileEntry{0, "", labelled.error().message});
        continue;
      }
      if (!seen.emplace(labelled->uid, labelled->name).second) {
        report_.skipped.push_back(
            ReconcileEntry{labelled->uid, labelled->name,
                           fmt::format("container {} repeats a name another managed container has",
                                       container.docker_id.substr(0, 12))});
        continue;
      }
      auto found = store::ContainerTable(tx_).Find(labelled->uid, labelled->name);
      if (!found.ok()) return found.error();
      DS01_RETURN_IF_ERROR(found->has_value() ? Follow(**found, container, *labelled)
                                              : Adopt(container, *labelled));
    }
    auto records = store::ContainerTable(tx_).List();
    if (!records.ok()) return records.error();
    for (const ContainerRecord& record : *records) {
      if (seen.contains({record.uid, record.name})) continue;
      if (record.state == ContainerState::kCreating &&
          ledger_.now() - record.created_at < creating_grace) {
        continue;  // its creation may be under way right now
      }
      DS01_RETURN_IF_ERROR(Forget(record));
    }
    return Ok();
  }

  ReconcileReport TakeReport() { return std::move(report_); }

 private:
  Status Adopt(const EngineContainer& container, const ManagedLabels& labelled) {
    ContainerRecord record;
    record.uid = labelled.uid;
    record.user = labelled.user;
    record.name = labelled.name;
    record.state = container.running ? ContainerState::kRunning : ContainerState::kStopped;
    record.docker_id = container.docker_id;
    record.project = labelled.project;
    record.interface = labelled.interface;
    if (!labelled.slot_ids.empty())
      record.gpu_request = EncodeGpuAsk(NamedSlots{labelled.slot_ids});
    record.created_at = ledger_.now();
    if (container.running) record.started_at = ledger_.now();
    if (!container.running) record.stopped_at = ledger_.now();
    DS01_RETURN_IF_ERROR(rows_.Insert(record));

    std::string detail = "no GPU";
    const auto hold_for = limits_(record.uid).gpu_hold_after_stop;
    if (container.running || hold_for > std::chrono::seconds(0)) {
      auto claimed = ClaimLabelled(record, labelled.slot_ids);
      if (!claimed.ok()) return claimed.error();
      detail = DescribeSlots(*claimed);
      if (!container.running && !claimed->empty()) {
        DS01_RETURN_IF_ERROR(store::HoldTable(tx_).Put(
            store::Hold{record.id, ledger_.now(), ledger_.now() + hold_for}));
        detail += ", held for " + FormatDuration(hold_for);
      }
    }
    report_.adopted.push_back(ReconcileEntry{record.uid, record.name, detail});
    return ledger_.Audit(Actor::Daemon(), "adopt", record, store::Outcome::kOk, detail);
  }

  // Brings an existing record in line with the engine's view of its container, through the
  // lifecycle table's outside transitions.
  Status Follow(ContainerRecord record, const EngineContainer& container,
                const ManagedLabels& labelled) {
    std::vector<std::string> changes;
    if (record.docker_id != container.docker_id) {
      record.docker_id = container.docker_id;
      changes.push_back("docker id " + container.docker_id.substr(0, 12));
    }
    const ContainerState before = record.state;
    std::optional<api::Action> action;
    if (container.running && api::Allows(before, api::Action::kStartOutside)) {
      action = api::Action::kStartOutside;
      auto claims = store::AllocationTable(tx_).ListOf(record.id);
      if (!claims.ok()) return claims.error();
      if (claims->empty() && !labelled.slot_ids.empty()) {
        auto claimed = ClaimLabelled(record, labelled.slot_ids);
        if (!claimed.ok()) return claimed.error();
        changes.push_back("re-recorded " + DescribeSlots(*claimed));
      }
    } else if (!container.running && before == ContainerState::kCreating) {
      action = api::Action::kConfirm;
    } else if (!container.running && api::Allows(before, api::Action::kExit)) {
      action = api::Action::kExit;
    }
    if (action) {
      auto next = api::Transition(before, *action, record.name);
      if (!next.ok()) return next.error();
      changes.push_back(fmt::format("{} -> {}", store::ContainerStateName(before),
                                    store::ContainerStateName(**next)));
    }
    if (changes.empty()) return Ok();
    const std::string detail = fmt::format("{}", fmt::join(changes, ", "));
    if (!action) {
      report_.updated.push_back(ReconcileEntry{record.uid, record.name, detail});
      DS01_RETURN_IF_ERROR(rows_.Amend(record));
      return ledger_.Audit(Actor::Daemon(), "reconcile", record, store::Outcome::kOk, detail);
    }
    auto audited = rows_.Apply(record, *action, Actor::Daemon(), detail, "reconcile");
    if (!audited.ok()) return audited.error();
    report_.updated.push_back(ReconcileEntry{record.uid, record.name, *audited});
    return Ok();
  }

  // Claims the label's slots that are free; reports the ones someone else has or that are
  // not in the inventory.
  Result<std::vector<gpu::Slot>> ClaimLabelled(const ContainerRecord& record,
                                               const std::vector<std::string>& slot_ids) {
    auto claims = store::AllocationTable(tx_).ListWithHolders();
    if (!claims.ok()) return claims.error();
    const GpuUsage usage(inventory_, std::move(*claims));
    std::vector<gpu::Slot> free;
    for (const std::string& id : slot_ids) {
      const gpu::Slot* slot = usage.FindSlot(id);
      if (slot == nullptr) {
        DS01_RETURN_IF_ERROR(Conflict(
            record, fmt::format("its label names GPU {}, which is not in the inventory", id)));
        continue;
      }
      const store::ClaimView* holder = usage.ClaimOn(*slot);
      if (holder != nullptr && holder->claim.container_id != record.id) {
        DS01_RETURN_IF_ERROR(
            Conflict(record, fmt::format("its label names {}, which {}/{} holds: not given twice",
                                         SlotName(slot->id, slot->mig_profile), holder->user,
                                         holder->container_name)));
        continue;
      }
      if (holder == nullptr) free.push_back(*slot);
    }
    DS01_RETURN_IF_ERROR(ledger_.Claim(record.id, free));
    return free;
  }

  Status Conflict(const ContainerRecord& record, std::string detail) {
    report_.conflicts.push_back(ReconcileEntry{record.uid, record.name, detail});
    return ledger_.Audit(Actor::Daemon(), "adopt", record, store::Outcome::kConflict,
                         std::move(detail));
  }

  Status Forget(ContainerRecord record) {
    auto audited = rows_.Apply(record, api::Action::kVanish, Actor::Daemon(),
                               "no container backs it", "reconcile-release");
    if (!audited.ok()) return audited.error();
    report_.released.push_back(ReconcileEntry{record.uid, record.name, *audited});
    return Ok();
  }

  store::Transaction& tx_;
  const std::vector<gpu::Slot>& inventory_;
  const LimitsFor& limits_;
  Ledger ledger_;
  ContainerRows rows_;
  ReconcileReport report_;
};

}  // namespace

bool ReconcileReport::clean() const {
  return adopted.empty() && updated.empty() && released.empty() && conflicts.empty() &&
         skipped.empty();
}

Reconciler::Reconciler(store::Store& store, std::vector<gpu::Slot> inventory, LimitsFor limits,
                       const Clock& clock, ReconcilerOptions options)
    : store_(store),
      inventory_(std::move(inventory)),
      limits_(std::move(limits)),
      clock_(clock),
      options_(options) {}

Result<ReconcileReport> Reconciler::Reconcile(const std::vector<EngineContainer>& engine) {
  // Every labelled owner's limits, resolved before the write transaction: never a directory
  // lookup while it holds the lock. An owner no container names needs none (its record goes).
  std::map<uid_t, policy::Limits> owners;
  for (const EngineContainer& container : engine) {
    auto labelled = Labelled(container);
    if (labelled.ok() && !owners.contains(labelled->uid)) {
      owners.emplace(labelled->uid, limits_(labelled->uid));
    }
  }
  const LimitsFor resolved = [&owners](uid_t uid) {
    const auto it = owners.find(uid);
    return it != owners.end() ? it->second : policy::Limits{};
  };
  auto tx = store_.Write();
  if (!tx.ok()) return tx.error();
  Pass pass(*tx, inventory_, resolved, clock_.Now());
  DS01_RETURN_IF_ERROR(pass.Run(engine, options_.creating_grace));
  DS01_RETURN_IF_ERROR(tx->Commit());
  return pass.TakeReport();
}

}  // namespace ds01::core
