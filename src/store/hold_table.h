#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/error.h"
#include "store/records.h"
#include "store/transaction.h"

namespace ds01::store {

/// The holds table — stopped containers keeping their slots until an expiry time — inside
/// one transaction. Only a stopped container can have a hold (the schema refuses others).
class HoldTable {
 public:
  explicit HoldTable(Transaction& tx) : db_(tx.connection()) {}

  /// Records (or replaces) the hold of `hold.container_id`.
  Status Put(const Hold& hold);
  /// The hold of a container, or nullopt.
  Result<std::optional<Hold>> Find(std::int64_t container_id);
  /// Every hold that expires at or before `t`, soonest first.
  Result<std::vector<Hold>> ListDueBy(TimePoint t);
  /// Every hold, soonest expiry first.
  Result<std::vector<Hold>> List();
  /// Ends the hold of a container (its slots stay claimed until deleted separately).
  Status Delete(std::int64_t container_id);

 private:
  Result<std::vector<Hold>> Collect(Query& query);

  Connection& db_;
};

}  // namespace ds01::store
