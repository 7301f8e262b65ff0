#include "store/schema.h"

#include <fmt/format.h>

#include <array>

namespace ds01::store {
namespace {

// Version 1: containers, the slots they have (allocations) and keep while stopped (holds),
// queue tickets and the audit trail. The primary key on allocations.slot_uuid — the slot's
// identity from the driver, stable across reboots where indices are not — is the last line
// of defence: whatever the code above does, one slot is never claimed twice. Every index
// costs a page written per change, so there are few: allocations
// holds one row per claimed slot (tens at most) and is scanned rather than indexed by
// container; audit ids need no AUTOINCREMENT because rows are never deleted (triggers).
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE containers (
  id          INTEGER PRIMARY KEY,
  uid         INTEGER NOT NULL CHECK (uid >= 0),
  user        TEXT    NOT NULL,
  name        TEXT    NOT NULL,
  state       TEXT    NOT NULL
              CHECK (state IN ('creating', 'created', 'running', 'paused', 'stopped')),
  docker_id   TEXT    NOT NULL DEFAULT '',
  project     TEXT    NOT NULL DEFAULT '',
  image       TEXT    NOT NULL DEFAULT '',
  interface   TEXT    NOT NULL DEFAULT 'atomic',
  gpu_request TEXT    NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  started_at  INTEGER,
  stopped_at  INTEGER,
  UNIQUE (uid, name)
) STRICT;

CREATE TABLE allocations (
  slot_uuid    TEXT    NOT NULL PRIMARY KEY,
  slot_id      TEXT    NOT NULL,
  gpu_index    INTEGER NOT NULL,
  mig_profile  TEXT    NOT NULL DEFAULT '',
  slices       INTEGER NOT NULL CHECK (slices BETWEEN 1 AND 7),
  container_id INTEGER NOT NULL REFERENCES containers (id) ON DELETE CASCADE,
  claimed_at   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE holds (
  container_id INTEGER PRIMARY KEY REFERENCES containers (id) ON DELETE CASCADE,
  held_since   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX holds_by_expiry ON holds (expires_at);

CREATE TRIGGER holds_only_for_stopped_containers
BEFORE INSERT ON holds
WHEN (SELECT state FROM containers WHERE id = NEW.container_id) IS NOT 'stopped'
BEGIN
  SELECT RAISE(ABORT, 'a GPU hold belongs to a stopped container');
END;

CREATE TRIGGER holds_end_before_a_container_leaves_stopped
BEFORE UPDATE OF state ON containers
WHEN NEW.state IS NOT 'stopped' AND EXISTS (SELECT 1 FROM holds WHERE container_id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'end the GPU hold before the container leaves the stopped state');
END;

CREATE TABLE queue_tickets (
  id         INTEGER PRIMARY KEY,
  uid        INTEGER NOT NULL CHECK (uid >= 0),
  user       TEXT    NOT NULL,
  request    TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  state      TEXT    NOT NULL CHECK (state IN ('waiting', 'granted', 'cancelled', 'expired'))
) STRICT;
CREATE INDEX queue_tickets_by_state ON queue_tickets (state, created_at);

CREATE TABLE audit_events (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  uid     INTEGER NOT NULL,
  actor   TEXT    NOT NULL,
  action  TEXT    NOT NULL,
  target  TEXT    NOT NULL,
  outcome TEXT    NOT NULL CHECK (outcome IN ('ok', 'refused', 'conflict', 'failed')),
  detail  TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE TRIGGER audit_events_are_never_updated
BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TRIGGER audit_events_are_never_deleted
BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;
)sql";

// Version 2: the engine spec each container was created from (docker/container_spec_record.h),
// kept apart from the columns a listing reads. A container is rebuilt from it — with other
// GPUs after its hold expired — rather than from what `docker inspect` happens to show. Rows
// from version 1 keep '' and cannot be rebuilt; the refusal says to create them again.
constexpr std::string_view kVersion2 = R"sql(
ALTER TABLE containers ADD COLUMN spec TEXT NOT NULL DEFAULT '';
)sql";

// Version 3: the audit events of one container by their target, newest last, so that ds01d
// can say what became of a container it no longer has (container-logs of one removed by --rm).
constexpr std::string_view kVersion3 = R"sql(
CREATE INDEX audit_events_by_target ON audit_events (target, id);
)sql";

constexpr std::array<Migration, 3> kMigrations = {{
    {1, "containers, allocations, holds, queue tickets, audit events", kVersion1},
    {2, "the engine spec each container was created from", kVersion2},
    {3, "the audit events of each container, by target", kVersion3},
}};

Error NewerThanKnown(int current, int newest) {
  return MakeError(ErrorCode::kConflict,
                   fmt::format("The state database is at schema version {}, newer than the {} "
                               "this ds01d knows",
                               current, newest),
                   "run the ds01d that wrote it (upgrade this one), or restore a backup");
}

Result<int> CurrentVersion(Connection& db) {
  auto query = db.Prepare("SELECT coalesce(max(version), 0) FROM schema_version");
  if (!query.ok()) return query.error();
  auto row = query->Step();
  if (!row.ok()) return row.error();
  return static_cast<int>(query->Int(0));
}

// Applies `step` unless another process got there first; the caller has begun a write
// transaction, so the version read here cannot change underneath.
Status ApplyInTransaction(Connection& db, const Migration& step, int newest) {
  auto current = CurrentVersion(db);
  if (!current.ok()) return current.error();
  if (*current > newest) return NewerThanKnown(*current, newest);
  if (*current >= step.version) return Ok();
  if (*current != step.version - 1) {
    return MakeError(ErrorCode::kInternal, fmt::format("Schema step {} follows version {}, not {}",
                                                       step.version, step.version - 1, *current));
  }
  DS01_RETURN_IF_ERROR(db.Exec(step.sql));
  auto record = db.Prepare(
      "INSERT INTO schema_version (version, description, applied_at) "
      "VALUES (?, ?, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))");
  if (!record.ok()) return record.error();
  return record->Bind(step.version, step.description).Run();
}

}  // namespace

std::span<const Migration> SchemaMigrations() { return kMigrations; }

Result<int> Migrate(Connection& db, std::span<const Migration> migrations) {
  DS01_RETURN_IF_ERROR(
      db.Exec("CREATE TABLE IF NOT EXISTS schema_version ("
              "version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
              "applied_at INTEGER NOT NULL) STRICT"));
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  for (const Migration& step : migrations) {
    DS01_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
    Status applied = ApplyInTransaction(db, step, newest);
    if (applied.ok()) applied = db.Exec("COMMIT");
    if (!applied.ok()) {
      (void)db.Exec("ROLLBACK");
      return std::move(applied).error();
    }
  }
  auto current = CurrentVersion(db);
  if (!current.ok()) return current.error();
  if (*current > newest) return NewerThanKnown(*current, newest);
  return *current;
}

}  // namespace ds01::store
