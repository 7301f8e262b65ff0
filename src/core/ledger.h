#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "gpu/slot.h"
#include "store/records.h"
#include "store/transaction.h"

namespace ds01::core {

/// A stopped container whose hold ran out, and the slots that were freed.
struct ReleasedHold {
  uid_t uid = 0;
  std::string user;
  std::string name;
  std::vector<std::string> slot_ids;
  store::TimePoint expired_at{};
};

/// Who performed a change, for the audit trail.
struct Actor {
  uid_t uid = 0;
  std::string name;

  /// The daemon itself (uid 0, "ds01d"): hold expiry, reconcile.
  static Actor Daemon() { return Actor{0, "ds01d"}; }
};

/// The allocator's bookkeeping inside one transaction: claiming and freeing slots, ending
/// holds, and writing the audit event of each change alongside it, so that a change and its
/// record commit — or vanish — together.
class Ledger {
 public:
  Ledger(store::Transaction& tx, store::TimePoint now) : tx_(tx), now_(now) {}

  /// Records that container `container_id` has `slots`; kConflict when one is taken.
  Status Claim(std::int64_t container_id, const std::vector<gpu::Slot>& slots);
  /// Frees every slot of the container and ends its hold; returns the slot ids freed.
  Result<std::vector<std::string>> Free(std::int64_t container_id);
  /// Frees the slots of every hold that has run out by now, each with an audit event.
  Result<std::vector<ReleasedHold>> ExpireDueHolds();
  /// Appends an audit event about `record` at the ledger's time.
  Status Audit(const Actor& actor, std::string_view action, const store::ContainerRecord& record,
               store::Outcome outcome, std::string detail);

  store::TimePoint now() const { return now_; }

 private:
  store::Transaction& tx_;
  store::TimePoint now_;
};

/// "alice/train": how the audit trail names a container.
std::string AuditTarget(const store::ContainerRecord& record);
/// "GPU 2, GPU 7:3 (1g.10gb)", or "no GPU".
std::string DescribeSlots(const std::vector<gpu::Slot>& slots);

}  // namespace ds01::core
