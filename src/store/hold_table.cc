#include "store/hold_table.h"

namespace ds01::store {

Status HoldTable::Put(const Hold& hold) {
  auto query = db_.Prepare(
      "INSERT OR REPLACE INTO holds (container_id, held_since, expires_at) VALUES (?, ?, ?)");
  if (!query.ok()) return query.error();
  return query->Bind(hold.container_id, ToMillis(hold.held_since), ToMillis(hold.expires_at)).Run();
}

Result<std::optional<Hold>> HoldTable::Find(std::int64_t container_id) {
  auto query =
      db_.Prepare("SELECT container_id, held_since, expires_at FROM holds WHERE container_id = ?");
  if (!query.ok()) return query.error();
  query->Bind(container_id);
  auto found = Collect(*query);
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<Hold>();
  return std::optional<Hold>(found->front());
}

Result<std::vector<Hold>> HoldTable::ListDueBy(TimePoint t) {
  auto query = db_.Prepare(
      "SELECT container_id, held_since, expires_at FROM holds WHERE expires_at <= ? "
      "ORDER BY expires_at, container_id");
  if (!query.ok()) return query.error();
  query->Bind(ToMillis(t));
  return Collect(*query);
}

Result<std::vector<Hold>> HoldTable::List() {
  auto query = db_.Prepare(
      "SELECT container_id, held_since, expires_at FROM holds ORDER BY expires_at, container_id");
  if (!query.ok()) return query.error();
  return Collect(*query);
}

Status HoldTable::Delete(std::int64_t container_id) {
  auto query = db_.Prepare("DELETE FROM holds WHERE container_id = ?");
  if (!query.ok()) return query.error();
  return query->Bind(container_id).Run();
}

Result<std::vector<Hold>> HoldTable::Collect(Query& query) {
  std::vector<Hold> holds;
  while (true) {
    auto row = query.Step();
    if (!row.ok()) return row.error();
    if (!*row) return holds;
    holds.push_back(Hold{query.Int(0), FromMillis(query.Int(1)), FromMillis(query.Int(2))});
  }
}

}  // namespace ds01::store
