#include "store/container_table.h"

#include <fmt/format.h>

namespace ds01::store {
namespace {

constexpr std::string_view kColumns =
    "id, uid, user, name, state, docker_id, project, image, interface, gpu_request, created_at, "
    "started_at, stopped_at";

std::optional<std::int64_t> OptionalMillis(const std::optional<TimePoint>& t) {
  if (!t) return std::nullopt;
  return ToMillis(*t);
}

std::optional<TimePoint> OptionalTime(const std::optional<std::int64_t>& millis) {
  if (!millis) return std::nullopt;
  return FromMillis(*millis);
}

Result<ContainerRecord> ReadRecord(const Query& row) {
  ContainerRecord record;
  record.id = row.Int(0);
  record.uid = static_cast<uid_t>(row.Int(1));
  record.user = row.Text(2);
  record.name = row.Text(3);
  const std::string state = row.Text(4);
  const auto parsed = ParseContainerState(state);
  if (!parsed) {
    return MakeError(ErrorCode::kInternal,
                     fmt::format("Container {} has an unknown state '{}'", record.name, state));
  }
  record.state = *parsed;
  record.docker_id = row.Text(5);
  record.project = row.Text(6);
  record.image = row.Text(7);
  record.interface = row.Text(8);
  record.gpu_request = row.Text(9);
  record.created_at = FromMillis(row.Int(10));
  record.started_at = OptionalTime(row.OptionalInt(11));
  record.stopped_at = OptionalTime(row.OptionalInt(12));
  return record;
}

}  // namespace

// Ids are random, not max + 1. With max + 1 every new container lands on the table's last
// page, and the common churn (create one, remove it again) split that page and merged it back
// each time: 14 pages written per create + remove instead of 8. An id that is taken already
// (one chance in 2^62 per container present) makes the insert do nothing, and it retries.
Result<std::int64_t> ContainerTable::Insert(const ContainerRecord& r) {
  constexpr int kAttempts = 4;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    auto query = db_.Prepare(
        "INSERT INTO containers (id, uid, user, name, state, docker_id, project, image, "
        "interface, gpu_request, created_at, started_at, stopped_at) "
        "VALUES ((random() & 0x3FFFFFFFFFFFFFFF) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO NOTHING");
    if (!query.ok()) return query.error();
    DS01_RETURN_IF_ERROR(query
                             ->Bind(r.uid, r.user, r.name, ContainerStateName(r.state), r.docker_id,
                                    r.project, r.image, r.interface, r.gpu_request,
                                    ToMillis(r.created_at), OptionalMillis(r.started_at),
                                    OptionalMillis(r.stopped_at))
                             .Run());
    if (db_.Changes() == 1) return db_.LastInsertId();
  }
  return MakeError(
      ErrorCode::kInternal,
      fmt::format("Found no free id for container {} in {} attempts", r.name, kAttempts));
}

Result<std::optional<ContainerRecord>> ContainerTable::Find(uid_t uid, std::string_view name) {
  static const std::string sql =
      fmt::format("SELECT {} FROM containers WHERE uid = ? AND name = ?", kColumns);
  auto query = db_.Prepare(sql);
  if (!query.ok()) return query.error();
  query->Bind(uid, name);
  auto found = Collect(*query);
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<ContainerRecord>();
  return std::optional<ContainerRecord>(std::move(found->front()));
}

Result<std::optional<ContainerRecord>> ContainerTable::FindById(std::int64_t id) {
  static const std::string sql = fmt::format("SELECT {} FROM containers WHERE id = ?", kColumns);
  auto query = db_.Prepare(sql);
  if (!query.ok()) return query.error();
  query->Bind(id);
  auto found = Collect(*query);
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<ContainerRecord>();
  return std::optional<ContainerRecord>(std::move(found->front()));
}

Result<bool> ContainerTable::Exists(uid_t uid, std::string_view name) {
  auto query = db_.Prepare("SELECT 1 FROM containers WHERE uid = ? AND name = ?");
  if (!query.ok()) return query.error();
  return query->Bind(uid, name).Step();
}

Result<int> ContainerTable::CountOf(uid_t uid) {
  auto query = db_.Prepare("SELECT count(*) FROM containers WHERE uid = ?");
  if (!query.ok()) return query.error();
  auto row = query->Bind(uid).Step();
  if (!row.ok()) return row.error();
  return static_cast<int>(query->Int(0));
}

Result<std::vector<ContainerRecord>> ContainerTable::ListOf(uid_t uid) {
  static const std::string sql =
      fmt::format("SELECT {} FROM containers WHERE uid = ? ORDER BY name", kColumns);
  auto query = db_.Prepare(sql);
  if (!query.ok()) return query.error();
  query->Bind(uid);
  return Collect(*query);
}

Result<std::vector<ContainerRecord>> ContainerTable::List() {
  static const std::string sql =
      fmt::format("SELECT {} FROM containers ORDER BY uid, name", kColumns);
  auto query = db_.Prepare(sql);
  if (!query.ok()) return query.error();
  return Collect(*query);
}

Status ContainerTable::Update(const ContainerRecord& r) {
  auto query = db_.Prepare(
      "UPDATE containers SET user = ?, state = ?, docker_id = ?, project = ?, image = ?, "
      "interface = ?, gpu_request = ?, created_at = ?, started_at = ?, stopped_at = ? "
      "WHERE id = ?");
  if (!query.ok()) return query.error();
  DS01_RETURN_IF_ERROR(query
                           ->Bind(r.user, ContainerStateName(r.state), r.docker_id, r.project,
                                  r.image, r.interface, r.gpu_request, ToMillis(r.created_at),
                                  OptionalMillis(r.started_at), OptionalMillis(r.stopped_at), r.id)
                           .Run());
  if (db_.Changes() == 0) {
    return MakeError(ErrorCode::kNotFound,
                     fmt::format("Container {} is no longer recorded", r.name));
  }
  return Ok();
}

Status ContainerTable::SetSpec(std::int64_t id, std::string_view spec) {
  auto query = db_.Prepare("UPDATE containers SET spec = ? WHERE id = ?");
  if (!query.ok()) return query.error();
  DS01_RETURN_IF_ERROR(query->Bind(spec, id).Run());
  if (db_.Changes() == 0) {
    return MakeError(ErrorCode::kNotFound, fmt::format("Container {} is no longer recorded", id));
  }
  return Ok();
}

Result<std::string> ContainerTable::SpecOf(std::int64_t id) {
  auto query = db_.Prepare("SELECT spec FROM containers WHERE id = ?");
  if (!query.ok()) return query.error();
  auto row = query->Bind(id).Step();
  if (!row.ok()) return row.error();
  if (!*row) {
    return MakeError(ErrorCode::kNotFound, fmt::format("Container {} is no longer recorded", id));
  }
  return query->Text(0);
}

Status ContainerTable::Delete(std::int64_t id) {
  auto query = db_.Prepare("DELETE FROM containers WHERE id = ?");
  if (!query.ok()) return query.error();
  return query->Bind(id).Run();
}

Result<std::vector<ContainerRecord>> ContainerTable::Collect(Query& query) {
  std::vector<ContainerRecord> records;
  while (true) {
    auto row = query.Step();
    if (!row.ok()) return row.error();
    if (!*row) return records;
    auto record = ReadRecord(query);
    if (!record.ok()) return record.error();
    records.push_back(std::move(*record));
  }
}

}  // namespace ds01::store
