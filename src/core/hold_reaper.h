#pragma once

#include <vector>

#include "common/clock.h"
#include "common/error.h"
#include "core/ledger.h"
#include "store/store.h"

namespace ds01::core {

/// The GPU-hold expiry sweep: frees the slots of every stopped container whose
/// gpu_hold_after_stop has run out by the clock's now. The daemon runs it from a timer;
/// allocations also expire due holds first, so a sweep that is late never keeps a GPU busy.
class HoldReaper {
 public:
  HoldReaper(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  /// Releases every expired hold in one transaction and returns what it released.
  Result<std::vector<ReleasedHold>> ExpireHolds();

 private:
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace ds01::core
