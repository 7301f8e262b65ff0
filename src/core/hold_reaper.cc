#include "core/hold_reaper.h"

namespace ds01::core {

Result<std::vector<ReleasedHold>> HoldReaper::ExpireHolds() {
  auto tx = store_.Write();
  if (!tx.ok()) return tx.error();
  Ledger ledger(*tx, clock_.Now());
  auto released = ledger.ExpireDueHolds();
  if (!released.ok()) return released.error();
  DS01_RETURN_IF_ERROR(tx->Commit());
  return released;
}

}  // namespace ds01::core
