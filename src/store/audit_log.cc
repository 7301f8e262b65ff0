#include "store/audit_log.h"

#include <fmt/format.h>

namespace ds01::store {

Result<std::int64_t> AuditLog::Append(const AuditEvent& e) {
  auto query = db_.Prepare(
      "INSERT INTO audit_events (at, uid, actor, action, target, outcome, detail) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!query.ok()) return query.error();
  DS01_RETURN_IF_ERROR(query
                           ->Bind(ToMillis(e.at), e.uid, e.actor, e.action, e.target,
                                  OutcomeName(e.outcome), e.detail)
                           .Run());
  return db_.LastInsertId();
}

Result<std::vector<AuditEvent>> AuditLog::ListAfter(std::int64_t after_id, int limit) {
  auto query = db_.Prepare(
      "SELECT id, at, uid, actor, action, target, outcome, detail FROM audit_events "
      "WHERE id > ? ORDER BY id LIMIT ?");
  if (!query.ok()) return query.error();
  query->Bind(after_id, limit);
  std::vector<AuditEvent> events;
  while (true) {
    auto row = query->Step();
    if (!row.ok()) return row.error();
    if (!*row) return events;
    AuditEvent event;
    event.id = query->Int(0);
    event.at = FromMillis(query->Int(1));
    event.uid = static_cast<uid_t>(query->Int(2));
    event.actor = query->Text(3);
    event.action = query->Text(4);
    event.target = query->Text(5);
    const std::string outcome = query->Text(6);
    const auto parsed = ParseOutcome(outcome);
    if (!parsed) {
      return MakeError(
          ErrorCode::kInternal,
          fmt::format("Audit event {} has an unknown outcome '{}'", event.id, outcome));
    }
    event.outcome = *parsed;
    event.detail = query->Text(7);
    events.push_back(std::move(event));
  }
}

}  // namespace ds01::store
