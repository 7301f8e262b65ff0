#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "common/error.h"
#include "store/sqlite.h"
#include "store/transaction.h"

namespace ds01::store {

/// How much a committed transaction survives. SQLite in WAL mode keeps every commit across a
/// crash of the process either way; kPowerLoss also syncs the log at each commit so that a
/// power cut or kernel crash loses nothing either (slower: see docs/allocation.md).
enum class Durability {
  kProcessCrash,  // PRAGMA synchronous=NORMAL
  kPowerLoss,     // PRAGMA synchronous=FULL
};

struct StoreOptions {
  /// How long a writer waits for another process's write lock before failing (closed).
  std::chrono::milliseconds busy_timeout{10'000};
  Durability durability = Durability::kProcessCrash;
  /// The commit that finds the write-ahead log this many pages (1 KiB each) long copies it
  /// back into the database file (a checkpoint, with its disk syncs) and lets the log start
  /// over: rarer checkpoints cost less per transaction, at the price of a longer log.
  /// Checkpointing from a background thread measured worse: writers never let a passive
  /// checkpoint finish, so the log only grew (docs/allocation.md).
  int checkpoint_pages = 16'000;
};

/// The ds01 state database (DESIGN.md §2 store/): one SQLite file in WAL mode with foreign
/// keys on and the schema migrated, shared by this process's threads through transactions
/// that take turns, and by other processes through SQLite's file locks.
class Store {
 public:
  /// Opens (creating and migrating when needed) the database at `path`.
  static Result<std::unique_ptr<Store>> Open(const std::filesystem::path& path,
                                             StoreOptions options = {});
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// Begins a transaction that may write (BEGIN IMMEDIATE): it waits for this process's
  /// other transactions and for every other process's writer, so what it reads stays true
  /// until it commits. A thread that already has a transaction open gets kInternal (a bug)
  /// rather than waiting for itself forever.
  Result<Transaction> Write();
  /// Begins a transaction that only reads: one consistent snapshot, never blocking writers
  /// of other processes.
  Result<Transaction> Read();

  /// Calls `observer` after every committed write transaction, on the committing thread, once
  /// the store is free again (it may begin a transaction). Set it before the store is shared.
  void OnCommit(std::function<void()> observer) { on_commit_ = std::move(observer); }

  /// Calls `observer` whenever the database file could not be written or read (a full disk,
  /// an I/O error), on the failing thread and inside its transaction: it must not begin one.
  /// Set it before the store is shared.
  void OnStorageFault(std::function<void()> observer) {
    connection_->OnStorageFault(std::move(observer));
  }

  /// The schema version the database is at.
  int schema_version() const { return schema_version_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  Store(std::unique_ptr<Connection> connection, std::filesystem::path path, int schema_version);
  Result<Transaction> Begin(std::string_view sql, const std::function<void()>* on_commit);

  std::mutex mutex_;
  std::atomic<std::thread::id> owner_;  // the thread holding mutex_, to refuse nesting
  std::unique_ptr<Connection> connection_;
  std::filesystem::path path_;
  int schema_version_;
  std::function<void()> on_commit_;
};

}  // namespace ds01::store
