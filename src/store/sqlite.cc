#include "store/sqlite.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <thread>
#include <utility>

#include "store/frame_joining_vfs.h"

namespace ds01::store {

Query::Query(Connection* connection, sqlite3_stmt* statement, bool* in_use)
    : connection_(connection), statement_(statement), in_use_(in_use) {
  ++connection_->open_queries_;
}

Query::Query(Query&& other) noexcept
    : connection_(other.connection_),
      statement_(std::exchange(other.statement_, nullptr)),
      in_use_(other.in_use_),
      bind_rc_(other.bind_rc_) {}

Query::~Query() {
  if (statement_ == nullptr) return;
  --connection_->open_queries_;
  if (in_use_ == nullptr) {
    sqlite3_finalize(statement_);
    return;
  }
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  *in_use_ = false;
}

void Query::NoteBindResult(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

void Query::BindInt(int index, std::int64_t value) {
  NoteBindResult(sqlite3_bind_int64(statement_, index, value));
}

void Query::BindOne(int index, std::string_view value) {
  NoteBindResult(sqlite3_bind_text64(statement_, index, value.data(), value.size(),
                                     SQLITE_TRANSIENT, SQLITE_UTF8));
}

void Query::BindOne(int index, std::nullptr_t) {
  NoteBindResult(sqlite3_bind_null(statement_, index));
}

void Query::BindOne(int index, const std::optional<std::int64_t>& value) {
  if (value) {
    BindInt(index, *value);
  } else {
    BindOne(index, nullptr);
  }
}

Result<bool> Query::Step() {
  if (bind_rc_ != SQLITE_OK) return connection_->ToError(bind_rc_, "binding a parameter");
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return connection_->ToError(rc, sqlite3_sql(statement_));
}

Status Query::Run() {
  while (true) {
    auto row = Step();
    if (!row.ok()) return row.error();
    if (!*row) return Ok();
  }
}

std::int64_t Query::Int(int column) const { return sqlite3_column_int64(statement_, column); }

std::string Query::Text(int column) const {
  const auto* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

std::optional<std::int64_t> Query::OptionalInt(int column) const {
  if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nullopt;
  return Int(column);
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::filesystem::path& path,
                                                     std::chrono::milliseconds busy_timeout) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, FrameJoiningVfs());
  if (rc != SQLITE_OK) {
    std::string reason = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return MakeError(ErrorCode::kUnavailable,
                     fmt::format("Cannot open the state database {}: {}", path.string(), reason),
                     "check that the directory exists and is writable by ds01d");
  }
  sqlite3_extended_result_codes(db, 1);
  auto connection = std::unique_ptr<Connection>(new Connection(db, path, busy_timeout));
  sqlite3_busy_handler(db, &Connection::OnBusy, connection.get());
  return connection;
}

Connection::Connection(sqlite3* db, std::filesystem::path path,
                       std::chrono::milliseconds busy_timeout)
    : db_(db),
      path_(std::move(path)),
      busy_timeout_(busy_timeout),
      jitter_(
          static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(db) >> 4) ^
          static_cast<std::uint32_t>(std::chrono::steady_clock::now().time_since_epoch().count())) {
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.statement);
  sqlite3_close(db_);
}

// Waiting writers retry after short, randomised sleeps (50 µs growing to ~1.6 ms) rather than
// SQLite's default ladder that reaches 100 ms: the lock is held for tens of microseconds, and
// the random spread keeps many waiting processes from waking in step. Past the timeout the
// caller gets SQLITE_BUSY — the lock never fails open.
int Connection::OnBusy(void* self, int attempts) {
  auto* connection = static_cast<Connection*>(self);
  const auto now = std::chrono::steady_clock::now();
  if (attempts == 0) connection->busy_since_ = now;
  if (now - connection->busy_since_ >= connection->busy_timeout_) return 0;
  connection->SleepBeforeRetry(attempts);
  return 1;
}

void Connection::SleepBeforeRetry(int attempts) {
  jitter_ = jitter_ * 1664525u + 1013904223u;
  const int ceiling_us = 50 << std::min(attempts, 5);
  const int sleep_us =
      ceiling_us / 2 +
      static_cast<int>((jitter_ >> 8) % static_cast<std::uint32_t>(ceiling_us / 2));
  std::this_thread::sleep_for(std::chrono::microseconds(sleep_us));
}

Status Connection::Configure(std::string_view pragma) {
  const std::string text(pragma);
  const auto start = std::chrono::steady_clock::now();
  for (int attempts = 0;; ++attempts) {
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return Ok();
    if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() - start >= busy_timeout_) {
      return ToError(rc, pragma);
    }
    SleepBeforeRetry(attempts);
  }
}

Status Connection::Exec(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) return ToError(rc, sql);
  return Ok();
}

Result<Query> Connection::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Query(this, it->second.statement, &it->second.in_use);
  }
  sqlite3_stmt* statement = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
  if (rc != SQLITE_OK) return ToError(rc, sql);
  if (it != cache_.end()) return Query(this, statement, nullptr);
  auto [inserted, _] = cache_.emplace(std::string(sql), CachedStatement{statement, true});
  return Query(this, statement, &inserted->second.in_use);
}

Status Connection::Run(std::string_view sql) {
  auto query = Prepare(sql);
  if (!query.ok()) return query.error();
  return query->Run();
}

std::int64_t Connection::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }

int Connection::Changes() const { return sqlite3_changes(db_); }

Error Connection::ToError(int rc, std::string_view action) const {
  const std::string detail = sqlite3_errmsg(db_);
  const std::string where = path_.string();
  const auto fault = [this](Error error) {
    if (on_storage_fault_) on_storage_fault_();
    return error;
  };
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return MakeError(ErrorCode::kUnavailable,
                       fmt::format("The state database {} stayed locked for {} ms ({})", where,
                                   busy_timeout_.count(), action),
                       "another process holds its write lock: look for a stuck ds01d with "
                       "`fuser " +
                           where + "`");
    case SQLITE_CONSTRAINT:
      return MakeError(ErrorCode::kConflict,
                       fmt::format("The state database refused a change: {} ({})", detail, action));
    case SQLITE_FULL:
      return fault(MakeError(ErrorCode::kUnavailable,
                             fmt::format("The disk holding {} is full", where),
                             "an admin must free space on that filesystem; ds01d repairs its "
                             "records once it can write again"));
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_IOERR:
      return fault(MakeError(ErrorCode::kUnavailable,
                             fmt::format("Cannot write the state database {}: {}", where, detail),
                             "check that the file and its directory are writable by ds01d"));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return fault(
          MakeError(ErrorCode::kInternal,
                    fmt::format("{} is not a valid ds01 state database: {}", where, detail),
                    "move it aside and restart ds01d; reconcile rebuilds the state from the "
                    "container labels"));
    default:
      return MakeError(ErrorCode::kInternal,
                       fmt::format("State database error: {} ({})", detail, action));
  }
}

}  // namespace ds01::store
