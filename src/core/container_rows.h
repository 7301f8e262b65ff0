#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/lifecycle.h"
#include "common/error.h"
#include "core/allocator.h"
#include "core/ledger.h"
#include "store/records.h"
#include "store/transaction.h"

namespace ds01::core {

/// The one writer of container records. Inside the caller's transaction it applies one
/// transition of the lifecycle table (api/lifecycle.h) to a container, does what the new state
/// means for its GPUs, and writes the audit row naming who made the change: the user, an
/// admin, or ds01d (engine events, timers, reconcile). The allocator, the reconciler and the
/// container service change containers through it alone.
class ContainerRows {
 public:
  ContainerRows(store::Transaction& tx, Ledger& ledger, const LimitsFor& limits)
      : tx_(tx), ledger_(ledger), limits_(limits) {}

  /// Records a new container (a reservation, or one adopted from the engine) and sets its id;
  /// the caller audits it once it has claimed its GPUs, with what it claimed.
  Status Insert(store::ContainerRecord& record);

  /// Applies `action` to `record` (as read in this transaction), or refuses in the table's
  /// words. What the new state means follows: running sets started_at and clears stopped_at
  /// and any hold (the slots stay); stopped sets stopped_at and holds the slots for the
  /// owner's gpu_hold_after_stop (frees them at once when it is 0); gone deletes the record
  /// with its slots and hold. What became of the GPUs is added to `detail`. The audit row is
  /// `audit_action`, or the action's own name. Returns the detail as audited.
  Result<std::string> Apply(store::ContainerRecord& record, api::Action action, const Actor& actor,
                            std::string detail, std::string_view audit_action = {});

  /// Puts back `before` (and its hold) after a start whose engine part failed, freeing what
  /// the start claimed, and audits the failure: an undo, not a transition.
  Status RestoreAfterFailedStart(const store::ContainerRecord& before,
                                 const std::optional<store::Hold>& hold, bool had_slots,
                                 const Actor& actor, std::string why);

  /// Writes what is not the state: a new docker id after a recreate.
  Status Amend(const store::ContainerRecord& record);

  /// Keeps the engine spec `record` was made from (docker/container_spec_record.h).
  Status KeepSpec(const store::ContainerRecord& record, std::string_view spec_record);

 private:
  // Holds the slots of a container that just stopped, or frees them; says which.
  Result<std::string> HoldOrFree(const store::ContainerRecord& record);

  store::Transaction& tx_;
  Ledger& ledger_;
  const LimitsFor& limits_;
};

/// The audit's name for `action`: "start", "stop", "remove", "container-expired" …
std::string_view AuditName(api::Action action);

/// The audit's name for the engine's removal of a container created to be removed at its exit
/// (run --rm), told apart from a removal outside ds01, and its detail.
inline constexpr std::string_view kRemovedAtExitAudit = "auto-remove";
inline constexpr std::string_view kRemovedAtExitDetail =
    "removed by the engine at its exit, as --rm asked";

}  // namespace ds01::core
