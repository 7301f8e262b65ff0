#include "store/store.h"

#include <fmt/format.h>

#include <utility>

#include "store/schema.h"

namespace ds01::store {
namespace {

Status UseWriteAheadLog(Connection& db, const std::filesystem::path& path) {
  DS01_RETURN_IF_ERROR(db.Configure("PRAGMA journal_mode = WAL"));
  auto query = db.Prepare("PRAGMA journal_mode");
  if (!query.ok()) return query.error();
  auto row = query->Step();
  if (!row.ok()) return row.error();
  if (query->Text(0) != "wal") {
    return MakeError(ErrorCode::kUnavailable,
                     fmt::format("The state database {} cannot use write-ahead logging "
                                 "(journal mode stays '{}')",
                                 path.string(), query->Text(0)),
                     "keep it on a local filesystem (WAL does not work over NFS)");
  }
  return Ok();
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::filesystem::path& path,
                                           StoreOptions options) {
  auto connection = Connection::Open(path, options.busy_timeout);
  if (!connection.ok()) return connection.error();
  Connection& db = **connection;
  // Small pages: every change rewrites whole pages into the log, and ds01's rows are small
  // (measured: a quarter less CPU per allocation than 4 KiB pages). Only a new file takes it.
  DS01_RETURN_IF_ERROR(db.Configure("PRAGMA page_size = 1024"));
  DS01_RETURN_IF_ERROR(UseWriteAheadLog(db, path));
  DS01_RETURN_IF_ERROR(db.Exec(options.durability == Durability::kPowerLoss
                                   ? "PRAGMA synchronous = FULL"
                                   : "PRAGMA synchronous = NORMAL"));
  DS01_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = ON"));
  DS01_RETURN_IF_ERROR(
      db.Exec(fmt::format("PRAGMA wal_autocheckpoint = {}", options.checkpoint_pages)));
  auto version = Migrate(db, SchemaMigrations());
  if (!version.ok()) return version.error();
  return std::unique_ptr<Store>(new Store(std::move(*connection), path, *version));
}

Store::Store(std::unique_ptr<Connection> connection, std::filesystem::path path, int schema_version)
    : connection_(std::move(connection)), path_(std::move(path)), schema_version_(schema_version) {}

Result<Transaction> Store::Write() { return Begin("BEGIN IMMEDIATE", &on_commit_); }

Result<Transaction> Store::Read() { return Begin("BEGIN DEFERRED", nullptr); }

Result<Transaction> Store::Begin(std::string_view sql, const std::function<void()>* on_commit) {
  if (owner_.load() == std::this_thread::get_id()) {
    return MakeError(ErrorCode::kInternal,
                     "A transaction was begun inside another on the same thread",
                     "end the outer transaction first (this is a bug in ds01)");
  }
  std::unique_lock lock(mutex_);
  owner_.store(std::this_thread::get_id());
  Status begun = connection_->Run(sql);
  if (!begun.ok()) {
    owner_.store(std::thread::id());
    return std::move(begun).error();
  }
  return Transaction(std::move(lock), owner_, *connection_, on_commit);
}

}  // namespace ds01::store
