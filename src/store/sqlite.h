#pragma once

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace ds01::store {

class Connection;

/// One execution of a prepared statement: bind the parameters, step through the rows, read
/// the columns. The statement is reset for its next use when the Query ends.
class Query {
 public:
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;
  ~Query();

  /// Binds the arguments to parameters 1, 2, … in order.
  template <typename... Args>
  Query& Bind(const Args&... args) {
    int index = 1;
    (BindOne(index++, args), ...);
    return *this;
  }

  /// Advances to the next row: true when a row is ready, false when there are no more.
  Result<bool> Step();
  /// Steps to completion, for statements that return no rows.
  Status Run();

  /// The column of the current row as an integer (0 when NULL).
  std::int64_t Int(int column) const;
  /// The column of the current row as text ("" when NULL).
  std::string Text(int column) const;
  /// The column of the current row, or nullopt when it is NULL.
  std::optional<std::int64_t> OptionalInt(int column) const;

 private:
  friend class Connection;
  // `in_use` is the cache entry's flag, cleared when this Query ends; nullptr for a statement
  // prepared for this Query alone (its cached twin was busy), finalized at the end.
  Query(Connection* connection, sqlite3_stmt* statement, bool* in_use);

  template <std::integral T>
  void BindOne(int index, T value) {
    BindInt(index, static_cast<std::int64_t>(value));
  }
  void BindOne(int index, std::string_view value);
  void BindOne(int index, const std::string& value) { BindOne(index, std::string_view(value)); }
  void BindOne(int index, const char* value) { BindOne(index, std::string_view(value)); }
  void BindOne(int index, std::nullptr_t);
  void BindOne(int index, const std::optional<std::int64_t>& value);
  void BindInt(int index, std::int64_t value);
  void NoteBindResult(int rc);

  Connection* connection_;
  sqlite3_stmt* statement_;
  bool* in_use_;
  int bind_rc_ = 0;  // the first failed bind, reported by Step
};

/// An open SQLite database file: runs SQL, caches prepared statements, and waits (up to a
/// timeout, never failing open) when another connection holds the write lock. Not safe for
/// concurrent use; Store serialises its users.
class Connection {
 public:
  /// Opens (creating it when absent) the database at `path`. Waits up to `busy_timeout` for
  /// locks held by other connections before reporting the database busy.
  static Result<std::unique_ptr<Connection>> Open(const std::filesystem::path& path,
                                                  std::chrono::milliseconds busy_timeout);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  /// Runs one or more SQL statements that return no rows.
  Status Exec(std::string_view sql);
  /// Runs one set-up statement outside any transaction (a PRAGMA), retrying it for up to the
  /// busy timeout while other connections hold the file: SQLite answers a journal-mode change
  /// that meets another connection's set-up with SQLITE_BUSY without calling the busy handler.
  Status Configure(std::string_view pragma);
  /// A Query on the prepared statement for `sql`, prepared once and reused after that.
  Result<Query> Prepare(std::string_view sql);
  /// Runs one statement that returns no rows, prepared once and reused after that.
  Status Run(std::string_view sql);

  /// The rowid of the last row inserted through this connection.
  std::int64_t LastInsertId() const;
  /// How many rows the last INSERT, UPDATE or DELETE changed.
  int Changes() const;
  /// How many Queries on this connection have not ended yet.
  int OpenQueries() const { return open_queries_; }

  /// Turns an SQLite result code into an Error that names the failing `action`; a fault of the
  /// file or its disk (full, I/O, read-only, corrupt) is also told to the storage-fault
  /// observer.
  Error ToError(int rc, std::string_view action) const;
  /// Sets the observer ToError tells of storage faults (none: nullptr).
  void OnStorageFault(std::function<void()> observer) { on_storage_fault_ = std::move(observer); }

 private:
  friend class Query;
  struct CachedStatement {
    sqlite3_stmt* statement = nullptr;
    bool in_use = false;
  };

  Connection(sqlite3* db, std::filesystem::path path, std::chrono::milliseconds busy_timeout);
  static int OnBusy(void* self, int attempts);
  void SleepBeforeRetry(int attempts);

  sqlite3* db_;
  std::filesystem::path path_;
  std::chrono::milliseconds busy_timeout_;
  std::uint32_t jitter_;  // a cheap random sequence that spreads out retries of waiting processes
  std::chrono::steady_clock::time_point busy_since_;
  std::map<std::string, CachedStatement, std::less<>> cache_;
  std::function<void()> on_storage_fault_;
  int open_queries_ = 0;
};

}  // namespace ds01::store
