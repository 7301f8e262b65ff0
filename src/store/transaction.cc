#include "store/transaction.h"

#include <utility>

namespace ds01::store {

Transaction::Transaction(std::unique_lock<std::mutex> lock, std::atomic<std::thread::id>& owner,
                         Connection& connection, const std::function<void()>* on_commit)
    : lock_(std::move(lock)), owner_(&owner), connection_(&connection), on_commit_(on_commit) {}

Transaction::Transaction(Transaction&& other) noexcept
    : lock_(std::move(other.lock_)),
      owner_(other.owner_),
      connection_(other.connection_),
      on_commit_(other.on_commit_),
      open_(std::exchange(other.open_, false)) {}

Transaction::~Transaction() {
  if (!open_) return;
  (void)connection_->Run("ROLLBACK");
  Unlock();
}

Status Transaction::Commit() {
  // A Query that ends after the commit would reset its statement once the lock is another
  // thread's, on a connection that is not safe for concurrent use.
  if (connection_->OpenQueries() != 0) {
    return MakeError(ErrorCode::kInternal, "A transaction was committed while a query was open",
                     "end every Query before Commit (this is a bug in ds01)");
  }
  DS01_RETURN_IF_ERROR(connection_->Run("COMMIT"));
  open_ = false;
  Unlock();
  if (on_commit_ != nullptr && *on_commit_) (*on_commit_)();
  return Ok();
}

void Transaction::Unlock() {
  owner_->store(std::thread::id());
  lock_.unlock();
}

}  // namespace ds01::store
