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
  return Read(*query);
}

Result<std::optional<AuditEvent>> AuditLog::LastFor(std::string_view target) {
  auto query = db_.Prepare(
      "SELECT id, at, uid, actor, action, target, outcome, detail FROM audit_events "
      "WHERE target = ? ORDER BY id DESC LIMIT 1");
  if (!query.ok()) return query.error();
  query->Bind(target);
  auto events = Read(*query);
  if (!events.ok()) return events.error();
  if (events->empty()) return std::optional<AuditEvent>();
  return std::optional<AuditEvent>(std::move(events->front()));
}

Result<std::vector<AuditEvent>> AuditLog::Read(Query& query) {
  std::vector<AuditEvent> events;
  while (true) {
    auto row = query.Step();
    if (!row.ok()) return row.error();
    if (!*row) return events;
    AuditEvent event;
    event.id = query.Int(0);
    event.at = FromMillis(query.Int(1));
    event.uid = static_cast<uid_t>(query.Int(2));
    event.actor = query.Text(3);
    event.action = query.Text(4);
    event.target = query.Text(5);
    const std::string outcome = query.Text(6);
    const auto parsed = ParseOutcome(outcome);
    if (!parsed) {
      return MakeError(
          ErrorCode::kInternal,
          fmt::format("Audit event {} has an unknown outcome '{}'", event.id, outcome));
    }
    event.outcome = *parsed;
    event.detail = query.Text(7);
    events.push_back(std::move(event));
  }
}

Result<std::int64_t> AuditLog::LastId() {
  auto query = db_.Prepare("SELECT coalesce(max(id), 0) FROM audit_events");
  if (!query.ok()) return query.error();
  auto row = query->Step();
  if (!row.ok()) return row.error();
  return query->Int(0);
}

Result<std::int64_t> AuditLog::IdBefore(TimePoint at) {
  auto last = LastId();
  if (!last.ok()) return last.error();
  // The first event with an id of at least `id`, and its time, by the primary key.
  auto first_from = [this](std::int64_t id) -> Result<std::pair<std::int64_t, std::int64_t>> {
    auto query = db_.Prepare("SELECT id, at FROM audit_events WHERE id >= ? ORDER BY id LIMIT 1");
    if (!query.ok()) return query.error();
    query->Bind(id);
    auto row = query->Step();
    if (!row.ok()) return row.error();
    if (!*row) return std::pair<std::int64_t, std::int64_t>{0, 0};
    return std::pair<std::int64_t, std::int64_t>{query->Int(0), query->Int(1)};
  };
  const std::int64_t wanted = ToMillis(at);
  std::int64_t low = 0;       // an id before every event at or after `at`
  std::int64_t high = *last;  // the answer is at most this
  while (low < high) {
    const std::int64_t middle = low + (high - low + 1) / 2;
    auto event = first_from(middle);
    if (!event.ok()) return event.error();
    if (event->first != 0 && event->second < wanted) {
      low = event->first;
    } else {
      high = middle - 1;
    }
  }
  return low;
}

}  // namespace ds01::store
