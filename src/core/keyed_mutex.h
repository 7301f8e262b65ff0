#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace ds01::core {

/// One lock per key, made on demand and forgotten when nobody holds or waits for it, so that
/// work on one container never waits for work on another while the set of keys stays as
/// small as the work in flight.
class KeyedMutex {
 public:
  /// Holds the lock of one key until it is destroyed.
  class Lock {
   public:
    /// Waits for `key`, then holds it.
    Lock(KeyedMutex& owner, std::string key);
    /// Takes over `key`, which the caller has just marked held.
    Lock(KeyedMutex& owner, std::string key, std::adopt_lock_t);
    Lock(const Lock&) = delete;
    Lock& operator=(const Lock&) = delete;
    /// Releases the key.
    ~Lock();

   private:
    KeyedMutex& owner_;
    std::string key_;
  };

  /// Blocks until `key` is free, then holds it for the returned Lock's lifetime.
  [[nodiscard]] Lock Acquire(std::string key) { return Lock(*this, std::move(key)); }
  /// Holds `key` for the returned Lock's lifetime when it is free; nullopt at once when it is
  /// not.
  [[nodiscard]] std::optional<Lock> TryAcquire(std::string key);

 private:
  struct Entry {
    bool held = false;
    int waiting = 0;
  };

  std::mutex mutex_;
  std::condition_variable released_;
  std::map<std::string, Entry> entries_;
};

}  // namespace ds01::core
