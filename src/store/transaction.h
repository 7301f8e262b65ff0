#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include "common/error.h"
#include "store/sqlite.h"

namespace ds01::store {

/// One unit of work on the store: it holds the store's lock from Begin to its end, and every
/// change made through it becomes durable together at Commit — or not at all, when it ends
/// without one (rolled back) or the process dies first.
class Transaction {
 public:
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  /// Rolls back what was not committed and releases the lock.
  ~Transaction();

  /// Makes every change of this transaction durable at once, and ends it.
  Status Commit();
  /// The connection to run statements on, for the table classes.
  Connection& connection() const { return *connection_; }

 private:
  friend class Store;
  Transaction(std::unique_lock<std::mutex> lock, std::atomic<std::thread::id>& owner,
              Connection& connection, const std::function<void()>* on_commit);
  void Unlock();

  std::unique_lock<std::mutex> lock_;
  std::atomic<std::thread::id>* owner_;  // the store's record of which thread holds the lock
  Connection* connection_;
  const std::function<void()>* on_commit_;  // the store's observer, for write transactions
  bool open_ = true;
};

}  // namespace ds01::store
