#pragma once

#include <cstdint>
#include <vector>

#include "common/error.h"
#include "store/records.h"
#include "store/transaction.h"

namespace ds01::store {

/// The allocations table — which container has which slot, live or held — inside one
/// transaction. A slot (by UUID) is claimed at most once: a second claim is refused with
/// kConflict.
class AllocationTable {
 public:
  explicit AllocationTable(Transaction& tx) : db_(tx.connection()) {}

  /// Records that `claim.container_id` has `claim.slot_id`; kConflict when someone has it.
  Status Insert(const SlotClaim& claim);
  /// Every claim with its holder (uid, container name, hold expiry), by GPU then slot.
  Result<std::vector<ClaimView>> ListWithHolders();
  /// The claims of one container, by GPU then slot.
  Result<std::vector<SlotClaim>> ListOf(std::int64_t container_id);
  /// Frees every slot of one container; returns how many there were.
  Result<int> DeleteOf(std::int64_t container_id);

 private:
  Connection& db_;
};

}  // namespace ds01::store
