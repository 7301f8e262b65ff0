#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "store/records.h"
#include "store/transaction.h"

namespace ds01::store {

/// The append-only audit trail, written in the same transaction as the change it records.
/// The schema refuses any UPDATE or DELETE of a recorded event.
class AuditLog {
 public:
  explicit AuditLog(Transaction& tx) : db_(tx.connection()) {}

  /// Appends `event` (its id is assigned) and returns the new id.
  Result<std::int64_t> Append(const AuditEvent& event);
  /// Up to `limit` events with ids above `after_id`, oldest first.
  Result<std::vector<AuditEvent>> ListAfter(std::int64_t after_id, int limit);
  /// The newest event whose target is `target` ("alice/train"), by the index on targets.
  Result<std::optional<AuditEvent>> LastFor(std::string_view target);
  /// The id of the newest event (0 when there is none).
  Result<std::int64_t> LastId();
  /// The id before the first event recorded at or after `at`: ListAfter of it replays from
  /// `at` on. Ids follow commit order and each event's time is its commit's clock, so this
  /// is a binary search over ids, not a scan; a clock stepped back shifts it by the step.
  Result<std::int64_t> IdBefore(TimePoint at);

 private:
  // The events `query` selects (its columns as ListAfter's), in its order.
  Result<std::vector<AuditEvent>> Read(Query& query);

  Connection& db_;
};

}  // namespace ds01::store
